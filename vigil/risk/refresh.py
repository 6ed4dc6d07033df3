"""Scores follow the data: a committed change to what risk reads queues a recomputation.

The audit trail announces every committed write (`hooks.AUDIT_CHANGE`); when one
touches a record risk reads, the institution is marked stale and, if it was not already,
a background task recomputes its scores. Marking first keeps a burst of writes to one task.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from vigil.core.jobs import JobProgress
from vigil.core.models import Institution, Job
from vigil.risk.models import RiskState

RECOMPUTE_JOB = "risk.recompute"

# The records whose changes move a score (audit target types, "app.model").
WATCHED = frozenset(
    {
        "places.place",
        "places.populationsnapshot",
        "visits.visit",
        "visits.finding",
        "visits.registercheck",
        "visits.checklistsubmission",
        "recommendations.recommendation",
        "recommendations.statusupdate",
        "people.case",
        "people.reprisal",
        "risk.checklistmapping",
        "risk.riskconfiguration",
        "risk.riskfactor",
    }
)


def on_change(institution_id: int, target_types: frozenset[str]) -> None:
    if target_types & WATCHED:
        mark_stale(institution_id)


def ensure_fresh(institution_id: int) -> None:
    """Scores age with the calendar (time since the last visit, overdue recommendations):
    the first look at them on a new day queues a recomputation if none ran that day."""
    state = RiskState.objects.filter(institution_id=institution_id).first()
    if state is not None and state.dirty_since is not None:
        return
    last = state.computed_at if state else None
    if last is None or timezone.localdate(last) < timezone.localdate():
        mark_stale(institution_id)


def mark_stale(institution_id: int) -> None:
    """Mark the institution's scores stale and, unless they already were, queue the task."""
    now = timezone.now()
    marked = RiskState.objects.filter(
        institution_id=institution_id, dirty_since__isnull=True
    ).update(dirty_since=now)
    if not marked:
        _state, created = RiskState.objects.get_or_create(
            institution_id=institution_id, defaults={"dirty_since": now}
        )
        if not created:
            return  # already stale: a recomputation is queued
    refresh_scores.enqueue(institution_id)


@task()
def refresh_scores(institution_id: int) -> None:
    from vigil.risk.services import scores_refresh

    institution = Institution.objects.get(pk=institution_id)
    import zoneinfo

    with timezone.override(zoneinfo.ZoneInfo(institution.time_zone)):
        scores_refresh(institution=institution)


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
