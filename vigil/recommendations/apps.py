from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "vigil.recommendations"
    label = "recommendations"
    verbose_name = _("Recommendations and follow-up")

    def ready(self) -> None:
        from vigil.core.demo import register_step
        from vigil.core.navigation import NavEntry, register
        from vigil.core.roles import Capability
        from vigil.places.timeline import register_provider
        from vigil.recommendations import matrix, un_import  # noqa: F401  (register importers)
        from vigil.recommendations.demo import load_recommendations
        from vigil.recommendations.panels import visit_recommendations_panel
        from vigil.recommendations.report_section import visit_recommendations
        from vigil.recommendations.selectors import recommendations_on_timeline
        from vigil.visits.panels import register_visit_panel
        from vigil.visits.report import register_report_section

        register(
            NavEntry(
                _("Recommendations"),
                "recommendations:recommendation_list",
                order=30,
                capability=Capability.VIEW_RECOMMENDATIONS,
            )
        )
        register_provider(recommendations_on_timeline)
        register_report_section(visit_recommendations)
        register_visit_panel(visit_recommendations_panel)
        from vigil.core.attention import register_attention
        from vigil.recommendations.reminders import reminders_attention

        register_attention(reminders_attention)
        # After the visits step: visits comes earlier in INSTALLED_APPS.
        register_step(load_recommendations)
