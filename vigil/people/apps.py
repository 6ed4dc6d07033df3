from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """What this app adds to the others is registered in its hooks.py."""

    name = "vigil.people"
    label = "people"
    verbose_name = _("People and evidence")
