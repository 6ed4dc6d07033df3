from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "vigil.visits"
    label = "visits"
    verbose_name = _("Monitoring visits")

    def ready(self) -> None:
        from vigil.core.attention import register_attention
        from vigil.core.demo import register_step
        from vigil.core.navigation import NavEntry, register
        from vigil.core.roles import Capability
        from vigil.places.timeline import register_provider
        from vigil.visits import (
            builtin,  # noqa: F401  (registers the shipped vocabularies)
            report,  # noqa: F401  (registers the report job)
        )
        from vigil.visits.demo import load_visits
        from vigil.visits.selectors import urgent_findings_attention, visits_on_timeline

        register(
            NavEntry(_("Visits"), "visits:visit_list", order=20, capability=Capability.VIEW_VISITS)
        )
        register(
            NavEntry(
                _("Visit plan"), "visits:plan_list", order=21, capability=Capability.VIEW_VISITS
            )
        )
        register(
            NavEntry(
                _("Checklists"),
                "visits:checklist_list",
                order=22,
                capability=Capability.VIEW_VISITS,
            )
        )
        register_provider(visits_on_timeline)
        register_attention(urgent_findings_attention)
        register_step(load_visits)  # after the places step: places is earlier in INSTALLED_APPS
