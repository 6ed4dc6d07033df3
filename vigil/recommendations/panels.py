"""What the visit page shows of recommendations: this visit's, and those to verify."""

from __future__ import annotations

from vigil.core.access import actor_can
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.recommendations.models import Recommendation
from vigil.recommendations.selectors import to_verify_at
from vigil.visits.models import Visit, VisitType
from vigil.visits.panels import Panel


def visit_recommendations_panel(visit: Visit, actor: Membership) -> Panel:
    issued = Recommendation.objects.filter(
        institution_id=actor.institution_id, visit_id=visit.pk
    ).select_related("authority")
    to_verify = to_verify_at(actor=actor, visit=visit).exclude(visit_id=visit.pk)
    return (
        "recommendations/_visit_panel.html",
        {
            "visit": visit,
            "issued": list(issued),
            "to_verify": list(to_verify),
            "is_follow_up": visit.visit_type == VisitType.FOLLOW_UP,
            "can_manage": actor_can(actor, Capability.MANAGE_RECOMMENDATIONS),
        },
    )
