"""What the risk app adds to the platform (discovered by vigil.core.hooks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from vigil.core import hooks
from vigil.core.access import actor_can
from vigil.core.models import Membership
from vigil.core.navigation import NavEntry
from vigil.core.panels import Panel
from vigil.core.roles import Capability
from vigil.places.models import Place
from vigil.risk import builtin
from vigil.risk.demo.builder import load_risk
from vigil.risk.reports.jobs import GAPS_JOB, generate_gaps_report
from vigil.risk.selectors.priorities import risk_overview, risk_steps
from vigil.risk.selectors.scores import place_latest_score, score_context, top_reasons
from vigil.risk.services.dirty import on_targets
from vigil.risk.services.scores import RECOMPUTE_JOB, on_change, recompute_scores

hooks.register(
    hooks.NAVIGATION,
    NavEntry(gettext_lazy("Risk"), "risk:risk_priorities", 15, Capability.VIEW_RISK),
)
hooks.register(hooks.AUDIT_CHANGE, on_change)
hooks.register(hooks.OVERVIEW, risk_overview)
hooks.register(hooks.GETTING_STARTED, risk_steps)
hooks.register(hooks.AUDIT_TARGETS, on_targets)
hooks.register(hooks.BUILTIN_DATA, builtin.load_risk_factors, key="risk", after=["checklists"])
# Risk reads allegations and reprisals, so its demo scores come after the people step.
hooks.register(hooks.DEMO_STEP, load_risk, key="risk", after=["people", "recommendations"])
hooks.register(hooks.JOB, generate_gaps_report, key=GAPS_JOB)
hooks.register(hooks.JOB, recompute_scores, key=RECOMPUTE_JOB)


@hooks.register(hooks.PLACE_PANEL)
def place_risk_panel(place: Place, actor: Membership) -> Panel | None:
    """The place page's summary of its latest score and top reasons."""
    if not actor_can(actor, Capability.VIEW_RISK):
        return None
    score = place_latest_score(actor=actor, place=place)
    return (
        "risk/_place_panel.html",
        {
            "place": place,
            "score": score,
            "reasons": top_reasons(score.parts) if score else [],
            "score_context": score_context(actor=actor, score=score) if score else None,
        },
    )
