from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    """What this app adds to the others is registered in its hooks.py."""

    name = "vigil.registers"
    label = "registers"
    verbose_name = _("Custody registers")
