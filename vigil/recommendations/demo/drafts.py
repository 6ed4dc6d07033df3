"""The demo's recommendations before they are written (`Draft`), and their bulk write with
the audit events the services would have recorded, in the order things happened."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.models import Institution, User
from vigil.recommendations.models import AuthorityResponse, Measure, Recommendation, StatusUpdate
from vigil.recommendations.services.recommendations import REFERENCE_PREFIX

# The many-to-many tables: (table, its column, the Draft's list of ids).
_LINKS: tuple[tuple[Any, str, str], ...] = (
    (Recommendation.places.through, "place_id", "places"),
    (Recommendation.themes.through, "theme_id", "themes"),
    (Recommendation.standards.through, "standardreference_id", "standards"),
    (Recommendation.findings.through, "finding_id", "findings"),
)


@dataclass
class Draft:
    """A recommendation and its histories before they are written."""

    rec: Recommendation
    places: list[int] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    standards: list[int] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)
    scenario: str = ""
    responses: list[AuthorityResponse] = field(default_factory=list)
    updates: list[StatusUpdate] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


def _number(drafts: list[Draft]) -> None:
    """References in order of issue, as the services give them."""
    drafts.sort(key=lambda d: (d.rec.issued_on, d.rec.created_at))
    per_year: dict[int, int] = defaultdict(int)
    for draft in drafts:
        year = draft.rec.issued_on.year
        per_year[year] += 1
        draft.rec.reference = f"{REFERENCE_PREFIX.format(year=year)}{per_year[year]:04d}"


def _history_events(
    responses: list[AuthorityResponse], updates: list[StatusUpdate], measures: list[Measure]
) -> list[PendingEvent]:
    """The events of the histories in the order they happened."""
    happened: list[tuple[datetime, PendingEvent]] = []
    for r in responses:
        details = {"response": r.response, "via_matrix": r.via_matrix, "demo": True}
        event = PendingEvent("recommendation.response_recorded", r.recommendation, details)
        happened.append((r.created_at, event))
    for u in updates:
        details = {"status": u.status, "visit": u.verified_at_visit_id, "via_matrix": False,
                   "demo": True}  # fmt: skip
        happened.append(
            (
                u.created_at,
                PendingEvent("recommendation.status_recorded", u.recommendation, details),
            )
        )
    for m in measures:
        event = PendingEvent(
            "recommendation.measure_added", m.recommendation, {"measure": m.pk, "demo": True}
        )
        happened.append((m.recommendation.created_at, event))
    return [event for _when, event in sorted(happened, key=lambda pair: pair[0])]


def drafts_write(drafts: list[Draft], *, institution: Institution, actor: User) -> None:
    """Number and write the drafts, their links and histories, and their audit events."""
    _number(drafts)
    recs = Recommendation.objects.bulk_create([d.rec for d in drafts])
    events = [
        PendingEvent("recommendation.created", r, {"source": r.source, "demo": True}) for r in recs
    ]
    for through, column, name in _LINKS:
        through.objects.bulk_create(
            [
                through(recommendation_id=d.rec.pk, **{column: pk})
                for d in drafts
                for pk in getattr(d, name)
            ]
        )
    for draft in drafts:
        entries: list[AuthorityResponse | StatusUpdate | Measure] = [
            *draft.responses,
            *draft.updates,
            *draft.measures,
        ]
        for entry in entries:
            entry.recommendation = draft.rec
    responses = AuthorityResponse.objects.bulk_create([r for d in drafts for r in d.responses])
    updates = StatusUpdate.objects.bulk_create([u for d in drafts for u in d.updates])
    measures = Measure.objects.bulk_create([m for d in drafts for m in d.measures])
    events += _history_events(responses, updates, measures)
    audit_record_many(events=events, actor=actor, institution=institution)
