from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    """What this app adds to the others is registered in its hooks.py."""

    name = "vigil.visits"
    label = "visits"
    verbose_name = _("Monitoring visits")
