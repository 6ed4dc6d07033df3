from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "vigil.risk"
    label = "risk"
    verbose_name = _("Risk factors and protection gaps")

    def ready(self) -> None:
        from vigil.risk import registry

        registry.register_all()
