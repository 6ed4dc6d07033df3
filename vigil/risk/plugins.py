"""Panels, jobs, demo steps and other registrations of the risk app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from vigil.core.jobs import JobProgress
    from vigil.core.models import Job, Membership
    from vigil.places.models import Place
    from vigil.places.panels import Panel

RECOMPUTE_JOB = "risk.recompute"


def recompute_scores(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The "Recompute now" job: today's scores of the institution, with progress, audited."""
    from vigil.risk.services import scores_refresh

    progress(0, None, _("Scoring the places…"))
    result = scores_refresh(institution=job.institution, actor=job.created_by, progress=progress)
    progress(
        result["places"],
        result["places"],
        _(
            "%(places)s places scored with configuration version %(version)s; "
            "%(written)s scores changed."
        )
        % result,
    )
    return result


def place_risk_panel(place: Place, actor: Membership) -> Panel | None:
    """The place page's summary of its latest score and top reasons."""
    from vigil.core.access import actor_can
    from vigil.core.roles import Capability
    from vigil.risk import selectors

    if not actor_can(actor, Capability.VIEW_RISK):
        return None
    score = selectors.place_latest_score(actor=actor, place=place)
    return (
        "risk/_place_panel.html",
        {
            "place": place,
            "score": score,
            "reasons": selectors.top_reasons(score.parts) if score else [],
        },
    )


def register() -> None:
    """Called once from RiskConfig.ready()."""
    from vigil.core.jobs import register_job
    from vigil.places.panels import register_place_panel
    from vigil.risk import plugins_gaps

    register_job(RECOMPUTE_JOB, recompute_scores)
    register_place_panel(place_risk_panel)
    plugins_gaps.register()
