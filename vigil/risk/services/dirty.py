"""Which places a committed change concerns: the marks that make risk recomputation incremental.

Every write is audited with its record as target, inside the writing transaction
(decision 0003). The audit module hands those records to `on_targets` (hooks.AUDIT_TARGETS),
still inside that transaction, and the risk app marks the places whose evidence they are:
a `RiskDirtyPlace` row per place, written and rolled back with the change. A record that
bears on every place (a configuration, a factor, a checklist mapping), or whose place cannot
be told, marks the whole institution (`RiskState.all_places`). See decision 0018.

The records are read as the service left them in memory, so a deleted finding still names
its visit. A record moved from one place to another marks the place it now has; the place it
left is scored again by the next full run (every new day, and "Recompute now").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import models, transaction
from django.utils import timezone

from vigil.places.models import Place
from vigil.risk.models import RiskDirtyPlace, RiskState
from vigil.visits.models import Visit

# Changes that move every place's score.
EVERY_PLACE = frozenset({"risk.riskconfiguration", "risk.riskfactor", "risk.checklistmapping"})
ALL = None  # a resolver's answer when it cannot tell the places
CLAIM_CHUNK = 900  # under SQLite's oldest limit of query parameters


def _own_place(records: list[models.Model]) -> set[int] | None:
    return {r.pk for r in records}


def _place_field(records: list[models.Model]) -> set[int] | None:
    return {getattr(r, "place_id") for r in records}  # noqa: B009 (typed as Model)


def _visit_places(visit_ids: Iterable[int | None]) -> set[int]:
    ids = {pk for pk in visit_ids if pk}
    return set(Visit.objects.filter(pk__in=ids).values_list("place_id", flat=True))


def _by_visit(records: list[models.Model]) -> set[int] | None:
    return _visit_places(getattr(r, "visit_id", None) for r in records)


def _recommendation_places(recommendation_ids: Iterable[int]) -> set[int]:
    from vigil.recommendations.models import Recommendation

    recs = Recommendation.objects.filter(pk__in=set(recommendation_ids))
    places = set(recs.exclude(places__isnull=True).values_list("places__id", flat=True))
    return places | _visit_places(recs.values_list("visit_id", flat=True))


def _recommendations(records: list[models.Model]) -> set[int] | None:
    return _recommendation_places(r.pk for r in records)


def _status_updates(records: list[models.Model]) -> set[int] | None:
    return _recommendation_places(getattr(r, "recommendation_id") for r in records)  # noqa: B009


def _cases(records: list[models.Model]) -> set[int] | None:
    from vigil.people.models import Case

    places = {getattr(r, "incident_place_id", None) for r in records}
    ids = [r.pk for r in records]
    rows = Case.objects.filter(pk__in=ids).values_list("interview__visit__place_id", flat=True)
    return {pk for pk in places | set(rows) if pk}


def _reprisals(records: list[models.Model]) -> set[int] | None:
    from vigil.people.models import Reprisal

    rows = Reprisal.objects.filter(pk__in=[r.pk for r in records]).values_list(
        "interview__visit__place_id", "case__incident_place_id"
    )
    return {pk for pair in rows for pk in pair if pk}


# Audit target type -> the places its records are evidence of.
RESOLVERS: dict[str, Callable[[list[models.Model]], set[int] | None]] = {
    "places.place": _own_place,
    "places.populationsnapshot": _place_field,
    "visits.visit": _place_field,
    "visits.finding": _by_visit,
    "visits.registercheck": _by_visit,
    "visits.checklistsubmission": _by_visit,
    "recommendations.recommendation": _recommendations,
    "recommendations.statusupdate": _status_updates,
    "people.case": _cases,
    "people.reprisal": _reprisals,
    # A checked register extract is evidence of the places in it (read by a hook).
    "registers.custodyregister": lambda records: ALL,
}


def on_targets(institution_id: int, targets: list[models.Model]) -> None:
    """Inside an audited transaction: mark the places whose evidence these records are."""
    by_type: dict[str, list[models.Model]] = defaultdict(list)
    for target in targets:
        by_type[target._meta.label_lower].append(target)
    places: set[int] = set()
    for label, records in by_type.items():
        if label in EVERY_PLACE:
            mark_all(institution_id)
            return
        resolver = RESOLVERS.get(label)
        if resolver is None:
            continue
        found = resolver(records)
        if found is ALL:
            mark_all(institution_id)
            return
        places |= found
    places_mark(institution_id, places)


def places_mark(institution_id: int, place_ids: Iterable[int]) -> None:
    """Mark places of the institution to be scored again."""
    wanted = set(place_ids)
    now = timezone.now()
    found = Place.objects.for_institution(institution_id).filter(pk__in=wanted)
    rows = [
        RiskDirtyPlace(institution_id=institution_id, place_id=pk, marked_at=now)
        for pk in found.values_list("pk", flat=True)
    ]
    if len(rows) < len(wanted):
        # A place deleted (or never ours): its scores went with it, the figures must follow.
        mark_all(institution_id)
    if rows:
        # A place marked again takes the new time, so a run that started before keeps it.
        RiskDirtyPlace.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["place"], update_fields=["marked_at"]
        )


def mark_all(institution_id: int) -> None:
    """The next run scores every open place of the institution."""
    updated = RiskState.objects.for_institution(institution_id).update(all_places=True)
    if not updated:
        RiskState.objects.get_or_create(institution_id=institution_id)  # all_places by default


@transaction.atomic
def marks_claim(institution_id: int) -> list[int]:
    """Take the marked places for a run, before it reads any evidence.

    A mark committed later stays for the next run; one committed before is taken here, and
    its change is visible to the run, which reads after this. The caller puts the places back
    (`places_mark`) if the run fails.
    """
    marks = RiskDirtyPlace.objects.for_institution(institution_id)
    taken = dict(marks.values_list("pk", "place_id"))
    pks = sorted(taken)
    for start in range(0, len(pks), CLAIM_CHUNK):
        marks.filter(pk__in=pks[start : start + CLAIM_CHUNK]).delete()
    return sorted(set(taken.values()))
