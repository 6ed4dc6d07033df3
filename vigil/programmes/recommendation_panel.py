"""What the recommendation page shows of programmes: the outcomes that claim to implement it."""

from __future__ import annotations

from vigil.core.access import actor_can
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.programmes.selectors import outcomes_for_recommendation
from vigil.recommendations.detail_panels import Panel
from vigil.recommendations.models import Recommendation


def recommendation_outcomes_panel(recommendation: Recommendation, actor: Membership) -> Panel:
    outcomes = list(outcomes_for_recommendation(actor=actor, recommendation=recommendation))
    return (
        "programmes/_recommendation_outcomes_panel.html",
        {
            "outcomes": outcomes,
            # Everyone may see programmes today; the link follows the capability if that changes.
            "can_view_programmes": actor_can(actor, Capability.VIEW_PROGRAMMES),
        },
    )
