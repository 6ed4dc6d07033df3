from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "vigil.programmes"
    label = "programmes"
    verbose_name = _("Prevention programmes")

    def ready(self) -> None:
        from vigil.core.demo import register_step
        from vigil.core.navigation import NavEntry, register
        from vigil.core.roles import Capability
        from vigil.programmes import (
            report,  # noqa: F401  (registers the report jobs and its redaction rule)
            training,  # noqa: F401  (registers the certificates job)
        )
        from vigil.programmes.demo import load_programmes
        from vigil.programmes.recommendation_panel import recommendation_outcomes_panel
        from vigil.recommendations.detail_panels import register_recommendation_panel

        register(
            NavEntry(
                _("Prevention"),
                "programmes:programme_list",
                order=40,
                capability=Capability.VIEW_PROGRAMMES,
            )
        )
        register_recommendation_panel(recommendation_outcomes_panel)
        register_step(load_programmes)  # after recommendations: earlier in INSTALLED_APPS
