from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "vigil.programmes"
    label = "programmes"
    verbose_name = _("Prevention programmes")

    def ready(self) -> None:
        from vigil.core.navigation import NavEntry, register
        from vigil.core.roles import Capability
        from vigil.programmes import training  # noqa: F401  (registers the certificates job)

        register(
            NavEntry(
                _("Prevention"),
                "programme_list_all",
                order=40,
                capability=Capability.VIEW_PROGRAMMES,
            )
        )
