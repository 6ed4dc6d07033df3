"""What the recommendations app adds to the platform (discovered by vigil.core.hooks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vigil.core import fulltext, hooks, searchable
from vigil.core.access import actor_can
from vigil.core.models import Membership
from vigil.core.navigation import NavEntry
from vigil.core.panels import Panel
from vigil.core.roles import Capability
from vigil.recommendations import search
from vigil.recommendations.demo.builder import load_recommendations
from vigil.recommendations.imports.matrix import MATRIX_IMPORTER
from vigil.recommendations.imports.un_recommendations import UN_IMPORTER
from vigil.recommendations.reports.visit_section import visit_recommendations
from vigil.recommendations.selectors import recommendations as selectors
from vigil.recommendations.selectors.lookups import RECOMMENDATION
from vigil.recommendations.selectors.reminders import reminders_attention
from vigil.recommendations.services.dashboard import on_change
from vigil.visits.models import Visit, VisitType

hooks.register(hooks.OVERVIEW, selectors.recommendations_overview)
hooks.register(
    hooks.NAVIGATION,
    NavEntry(
        _("Recommendations"),
        "recommendations:recommendation_list",
        30,
        Capability.VIEW_RECOMMENDATIONS,
    ),
)


@hooks.register(hooks.VISIT_PANEL)
def visit_recommendations_panel(visit: Visit, actor: Membership) -> Panel:
    """The visit's own recommendations, and on a follow-up visit those to verify."""
    return (
        "recommendations/_visit_panel.html",
        {
            "visit": visit,
            "issued": list(selectors.issued_at_visit(actor=actor, visit=visit)),
            "to_verify": list(
                selectors.to_verify_at(actor=actor, visit=visit).exclude(visit_id=visit.pk)
            ),
            "is_follow_up": visit.visit_type == VisitType.FOLLOW_UP,
            "can_manage": actor_can(actor, Capability.MANAGE_RECOMMENDATIONS),
        },
    )


hooks.register(hooks.PLACE_TIMELINE, selectors.recommendations_on_timeline)
hooks.register(hooks.VISIT_REPORT_SECTION, visit_recommendations)
hooks.register(hooks.ATTENTION, reminders_attention)
hooks.register(hooks.DEMO_STEP, load_recommendations, key="recommendations", after=["visits"])
hooks.register(hooks.IMPORTER, MATRIX_IMPORTER, key=MATRIX_IMPORTER.key)
hooks.register(hooks.IMPORTER, UN_IMPORTER, key=UN_IMPORTER.key)

searchable.register(RECOMMENDATION)

# The dashboard's stored figures follow the recommendations (decision 0018).
hooks.register(hooks.AUDIT_CHANGE, on_change)
fulltext.register(search.RECOMMENDATION, search.RESPONSE)
