"""Reads of population counts: a place's history, the export, and the timeline's entries."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.places.models import Place, PopulationSnapshot, occupancy_rate
from vigil.places.selectors.timeline import TimelineEntry


def snapshots_of(*, actor: Membership, place: Place) -> QuerySet[PopulationSnapshot]:
    """The place's counts, oldest first."""
    return (
        PopulationSnapshot.objects.for_actor(actor)
        .filter(place=place)
        .order_by("counted_on", "source")
    )


def snapshot_history(*, actor: Membership, place: Place) -> QuerySet[PopulationSnapshot]:
    """The place's counts, newest first: the table on its page, a page at a time."""
    return (
        PopulationSnapshot.objects.for_actor(actor)
        .filter(place=place)
        .order_by("-counted_on", "source", "-pk")
    )


CHART_POINTS = 240  # at most this many counts per source on a place's chart


def chart_snapshots(*, actor: Membership, place: Place) -> list[PopulationSnapshot]:
    """The place's counts for its chart, oldest first: all of them while there are at most
    CHART_POINTS per source, else, for each source, the highest count of each of CHART_POINTS
    equal spans of time (peaks are what overcrowding shows). Only the charted columns are
    read, through the index of `one_count_per_day_and_source`."""
    counts = list(
        snapshots_of(actor=actor, place=place).only("place_id", "counted_on", "total", "source")
    )
    if len(counts) <= CHART_POINTS:
        return counts
    first, last = counts[0].counted_on, counts[-1].counted_on
    days = (last - first).days + 1
    peaks: dict[tuple[int, str], PopulationSnapshot] = {}
    for count in counts:
        span = (count.counted_on - first).days * CHART_POINTS // days
        kept = peaks.get((span, count.source))
        if kept is None or count.total > kept.total:
            peaks[(span, count.source)] = count
    return sorted(peaks.values(), key=lambda c: (c.counted_on, c.source))


def snapshots_of_places(
    *, actor: Membership, places: QuerySet[Place]
) -> QuerySet[PopulationSnapshot]:
    return PopulationSnapshot.objects.for_actor(actor).filter(place__in=places.values("pk"))


def snapshot_get(*, actor: Membership, pk: Any) -> PopulationSnapshot:
    return get_for_actor(PopulationSnapshot.objects.select_related("place"), actor=actor, pk=pk)


def population_export_rows(snapshots: QuerySet[PopulationSnapshot]) -> Iterator[list[Any]]:
    """The counts as rows of the population import (POPULATION_COLUMNS)."""
    for s in (
        snapshots.select_related("place")
        .order_by("place__external_ref", "counted_on")
        .iterator(chunk_size=2000)
    ):
        yield [
            s.place.external_ref,
            s.counted_on,
            s.total,
            s.women,
            s.juveniles,
            s.foreign_nationals,
            s.pre_trial,
            s.disabilities,
            s.source,
        ]


def population_on_timeline(place: Place, actor: Membership) -> Iterable[TimelineEntry]:
    """The place's latest counts on its timeline (a PLACE_TIMELINE provider)."""
    snapshots = (
        PopulationSnapshot.objects.for_actor(actor).filter(place=place).order_by("-counted_on")
    )
    for snapshot in snapshots[:24]:
        rate = occupancy_rate(snapshot.total, place.capacity)
        summary = (
            _("%(total)s people, %(rate)s%% of capacity") % {"total": snapshot.total, "rate": rate}
            if rate is not None
            else _("%(total)s people") % {"total": snapshot.total}
        )
        yield TimelineEntry(
            on=snapshot.counted_on,
            kind="population",
            title=_("Population count (%(source)s)") % {"source": snapshot.get_source_display()},
            summary=summary,
        )
