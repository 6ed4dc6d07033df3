"""The case workflow: which moves are allowed, and which outcomes each stage may reach.

received → preliminary assessment → investigation → outcome → closed. A case may reach an
outcome from the assessment (not admissible, referred, withdrawn, …) or after investigation;
a complaint may be withdrawn at any stage before closing. Nothing moves backwards and a
closed case stays closed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from vigil.people.models import CaseOutcome, CaseStage

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    CaseStage.RECEIVED: frozenset({CaseStage.ASSESSMENT, CaseStage.OUTCOME}),
    CaseStage.ASSESSMENT: frozenset({CaseStage.INVESTIGATION, CaseStage.OUTCOME}),
    CaseStage.INVESTIGATION: frozenset({CaseStage.OUTCOME}),
    CaseStage.OUTCOME: frozenset({CaseStage.CLOSED}),
    CaseStage.CLOSED: frozenset(),
}

# From "received" only a withdrawal ends a case: anything else needs an assessment first.
OUTCOMES_FROM: dict[str, frozenset[str]] = {
    CaseStage.RECEIVED: frozenset({CaseOutcome.WITHDRAWN}),
    CaseStage.ASSESSMENT: frozenset(
        {
            CaseOutcome.NOT_ADMISSIBLE,
            CaseOutcome.REFERRED_OTHER,
            CaseOutcome.REFERRED_PROSECUTION,
            CaseOutcome.RESOLVED,
            CaseOutcome.WITHDRAWN,
        }
    ),
    CaseStage.INVESTIGATION: frozenset(CaseOutcome.values),
}


def next_stages(stage: str) -> list[str]:
    return [s for s in CaseStage.values if s in ALLOWED_MOVES[stage]]


def outcomes_from(stage: str) -> list[str]:
    return [o for o in CaseOutcome.values if o in OUTCOMES_FROM.get(stage, frozenset())]


def move_problem(*, stage: str, to_stage: str, outcome: str) -> str | None:
    """Why this move is not allowed, or None when it is."""
    if to_stage not in ALLOWED_MOVES.get(stage, frozenset()):
        return _("A case cannot move from “%(from)s” to “%(to)s”.") % {
            "from": CaseStage(stage).label,
            "to": CaseStage(to_stage).label if to_stage in CaseStage.values else to_stage,
        }
    if to_stage == CaseStage.OUTCOME:
        if not outcome:
            return _("Choose the outcome.")
        if outcome not in OUTCOMES_FROM.get(stage, frozenset()):
            return _("“%(outcome)s” cannot be decided at the stage “%(stage)s”.") % {
                "outcome": CaseOutcome(outcome).label if outcome in CaseOutcome.values else outcome,
                "stage": CaseStage(stage).label,
            }
    elif outcome:
        return _("Only a move to “Outcome” records an outcome.")
    return None
