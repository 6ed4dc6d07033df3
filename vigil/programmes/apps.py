from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """What this app adds to the others is registered in its hooks.py."""

    name = "vigil.programmes"
    label = "programmes"
    verbose_name = _("Prevention programmes")
