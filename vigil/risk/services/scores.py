"""Writes of scores: score the places, keep their history, and follow the data.

Scores follow the data: the audit trail announces every committed write
(`hooks.AUDIT_CHANGE`); when one touches a record risk reads, the institution is marked
stale and, if it was not already, a background task recomputes its scores. Marking first
keeps a burst of writes to one task.
"""

from __future__ import annotations

import hashlib
import zoneinfo
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from vigil.core.audit import audit_record
from vigil.core.jobs import JobProgress
from vigil.core.models import Institution, Job, User
from vigil.risk.models import RiskScore, RiskState
from vigil.risk.scoring import Explanation, Part, score_place
from vigil.risk.selectors.configuration import scoring_config
from vigil.risk.selectors.gap_scope import VALUE_DIGITS
from vigil.risk.selectors.inputs import gather_inputs
from vigil.risk.services.aggregates import aggregates_rebuild
from vigil.risk.services.configuration import configuration_ensure
from vigil.risk.services.dirty import marks_claim

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
    """After an audited commit: mark the scores stale when it touched what they read."""
    if target_types & WATCHED:
        mark_stale(institution_id)


def ensure_fresh(institution_id: int) -> None:
    """Scores age with the calendar (time since the last visit, overdue recommendations):
    the first look at them on a new day queues a recomputation if none ran that day."""
    state = RiskState.objects.for_institution(institution_id).first()
    if state is not None and state.dirty_since is not None:
        return
    last = state.computed_at if state else None
    if last is None or timezone.localdate(last) < timezone.localdate():
        mark_stale(institution_id)


def mark_stale(institution_id: int) -> None:
    """Mark the institution's scores stale and, unless they already were, queue the task."""
    now = timezone.now()
    marked = (
        RiskState.objects.for_institution(institution_id)
        .filter(dirty_since__isnull=True)
        .update(dirty_since=now)
    )
    if not marked:
        _state, created = RiskState.objects.get_or_create(
            institution_id=institution_id, defaults={"dirty_since": now}
        )
        if not created:
            return  # already stale: a recomputation is queued
    refresh_scores.enqueue(institution_id)


@task()
def refresh_scores(institution_id: int) -> None:
    """The background recomputation queued by `mark_stale`, in the institution's time zone."""
    institution = Institution.objects.get(pk=institution_id)
    with timezone.override(zoneinfo.ZoneInfo(institution.time_zone)):
        scores_refresh(institution=institution)


def recompute_scores(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The "Recompute now" job: today's scores of the institution, with progress, audited."""
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


# --- scoring -----------------------------------------------------------------------------


def _digest(explanation: Explanation, version: int) -> str:
    text = repr((version, explanation))
    return hashlib.sha256(text.encode()).hexdigest()


def part_to_json(part: Part) -> dict[str, Any]:
    return {
        "factor": part.factor,
        "name": part.name,
        "weight": str(part.weight),
        "value": str(part.value),
        "points": str(part.points),
        "evidence": [
            {
                "target": link.target,
                "label": link.label,
                "on": link.on.isoformat() if link.on else "",
            }
            for link in part.evidence
        ],
    }


def figures_of(parts: Sequence[Part]) -> dict[str, list[int]]:
    """A score's figures as the stored aggregates sum them: whole numbers, no evidence."""
    return {p.factor: [int(p.value.scaleb(VALUE_DIGITS)), int(p.points.scaleb(2))] for p in parts}


def scores_compute(
    *,
    institution: Institution,
    on: date | None = None,
    place_ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Score every open place on a date; write a history row where the score or config changed."""
    on = on or timezone.localdate()
    configuration = configuration_ensure(institution=institution)
    config = scoring_config(configuration)
    inputs = gather_inputs(
        institution_id=institution.pk,
        on=on,
        window_months=config.window_months,
        place_ids=place_ids,
    )
    latest = {
        place_id: (digest, computed_on)
        for place_id, digest, computed_on in RiskScore.objects.for_institution(institution.pk)
        .filter(is_latest=True)
        .values_list("place_id", "inputs_digest", "computed_on")
    }
    total, written = len(inputs), 0
    batch: list[RiskScore] = []
    for done, (place_id, place_inputs) in enumerate(sorted(inputs.items()), start=1):
        explanation = score_place(place_inputs, config, on)
        digest = _digest(explanation, configuration.version)
        previous = latest.get(place_id)
        if previous is None or previous[0] != digest or previous[1] > on:
            batch.append(
                RiskScore(
                    institution=institution,
                    place_id=place_id,
                    computed_on=on,
                    configuration=configuration,
                    score=explanation.score,
                    parts=[part_to_json(p) for p in explanation.parts],
                    figures=figures_of(explanation.parts),
                    inputs_digest=digest,
                )
            )
        if len(batch) >= 1000:
            written += _write_scores(institution, batch, on)
            batch = []
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    written += _write_scores(institution, batch, on)
    if place_ids is None and on == timezone.localdate():
        # Every place is now scored as of today: pages need not ask for another run today.
        RiskState.objects.update_or_create(
            institution=institution, defaults={"computed_at": timezone.now()}
        )
    return {"places": total, "written": written, "version": configuration.version}


@transaction.atomic
def _write_scores(institution: Institution, rows: list[RiskScore], on: date) -> int:
    if not rows:
        return 0
    place_ids = [row.place_id for row in rows]
    # A same-day recomputation replaces that day's row; history keeps one row per day.
    RiskScore.objects.filter(place_id__in=place_ids, computed_on=on).delete()
    RiskScore.objects.filter(place_id__in=place_ids, is_latest=True, computed_on__lt=on).update(
        is_latest=False
    )
    later = set(
        RiskScore.objects.filter(place_id__in=place_ids, computed_on__gt=on).values_list(
            "place_id", flat=True
        )
    )
    for row in rows:
        # Back-filling history (the demo, a trend) must not displace a later score.
        row.is_latest = row.place_id not in later
    RiskScore.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def scores_refresh(
    *,
    institution: Institution,
    actor: User | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Bring an institution's scores and stored figures up to date for today.

    Incremental: only the places marked since the last run (`services.dirty`) are gathered and
    scored. Every open place is scored when someone asks (`actor`), on the first run of a day
    (scores age with the calendar), after a change of configuration, factors or mappings, and
    after a failed run. The figures the pages read (`services.aggregates`) are rebuilt when any
    place was scored. A requested recomputation is audited; the automatic one that follows
    every change is not (it derives data, and the change that caused it is in the trail).
    """
    started = timezone.now()
    state, _created = RiskState.objects.get_or_create(institution=institution)
    full = (
        actor is not None
        or state.all_places
        or state.computed_at is None
        or timezone.localdate(state.computed_at) < timezone.localdate()
    )
    RiskState.objects.filter(pk=state.pk).update(dirty_since=None, all_places=False)
    marked = marks_claim(institution.pk)
    try:
        if full:
            result = scores_compute(institution=institution, progress=progress)
        elif marked:
            result = scores_compute(institution=institution, place_ids=marked, progress=progress)
        else:
            version = configuration_ensure(institution=institution).version
            result = {"places": 0, "written": 0, "version": version}
        if full or marked:
            aggregates_rebuild(institution=institution)
    except Exception:
        # Leave the scores marked stale, so that pages say so and the next change retries.
        RiskState.objects.filter(pk=state.pk).update(all_places=True)
        RiskState.objects.filter(pk=state.pk, dirty_since__isnull=True).update(dirty_since=started)
        raise
    if actor is not None:
        with transaction.atomic():
            audit_record(
                action="risk.recomputed",
                actor=actor,
                institution=institution,
                target=institution,
                details=result,
            )
    return result
