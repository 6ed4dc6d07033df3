from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    """What this app adds to the others is registered in its hooks.py."""

    name = "vigil.risk"
    label = "risk"
    verbose_name = _("Risk factors and protection gaps")
