"""The figures the risk pages read, written once by the recomputation (decision 0018).

After a run that scored any place, `aggregates_rebuild` reads the institution's stored scores
once and writes:

- "summary": the places scored, the configuration versions in use, and the riskiest places
  in priority order (as many as the widest coverage share needs);
- "gaps:kind", "gaps:authority", "gaps:area": the heat map's sums over every open place;
- "gaps:trend": for each of the last `MAX_YEARS` years, the sums over the scores in force on
  31 December.

They are derived data, like the scores: not audited, rebuilt whole (a few seconds for
20,000 places, in the background), and never on a page view.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from itertools import groupby
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from vigil.core.models import Institution
from vigil.places.models import Place
from vigil.risk.models import RiskAggregate, RiskFactor, RiskScore
from vigil.risk.selectors.gap_scope import (
    AREA,
    AUTHORITY,
    DIMENSIONS,
    KIND,
    MAX_YEARS,
    column_key,
    score_figures,
)
from vigil.risk.selectors.gaps import LatestTotals, YearTotals
from vigil.risk.selectors.priorities import COVERAGE_SHARES

CHUNK = 900  # under SQLite's oldest limit of query parameters


def aggregates_rebuild(*, institution: Institution, today: date | None = None) -> None:
    """Write the institution's stored figures from its stored scores."""
    today = today or timezone.localdate()
    data: dict[str, Any] = {"summary": _summary(institution.pk)}
    latest, read = _latest(institution.pk)
    for dimension, totals in latest.items():
        data[f"gaps:{dimension}"] = totals.to_json()
    years = range(today.year - MAX_YEARS + 1, today.year + 1)
    trend = _trend(institution.pk, years, read)
    data["gaps:trend"] = {str(year): totals.to_json() for year, totals in trend.items()}
    now = timezone.now()
    with transaction.atomic():
        RiskAggregate.objects.for_institution(institution.pk).delete()
        RiskAggregate.objects.bulk_create(
            RiskAggregate(
                institution=institution, name=name, data=value, built_on=today, built_at=now
            )
            for name, value in data.items()
        )


def _open_latest(institution_id: int) -> Any:
    return (
        RiskScore.objects.for_institution(institution_id)
        .filter(is_latest=True)
        .exclude(place__status=Place.Status.CLOSED)
    )


def _summary(institution_id: int) -> dict[str, Any]:
    latest = _open_latest(institution_id)
    in_use = [
        [row["configuration__version"], row["places"], row["at"].isoformat()]
        for row in latest.values("configuration__version")
        .annotate(places=Count("pk"), at=Max("computed_at"))
        .order_by("-configuration__version")
    ]
    scored = sum(places for _version, places, _at in in_use)
    widest = math.ceil(scored * max(COVERAGE_SHARES) / 100)
    riskiest = list(
        latest.order_by("-score", "place__name", "pk").values_list("place_id", flat=True)[:widest]
    )
    return {"scored": scored, "in_use": in_use, "riskiest": riskiest}


Figures = dict[str, tuple[int, int]]


def _latest(institution_id: int) -> tuple[dict[str, LatestTotals], dict[int, Figures]]:
    """The heat map's sums over every open place, for each dimension, in one reading; and
    the figures read, by score (most are also in force at the end of this year)."""
    totals = {dimension: LatestTotals() for dimension in DIMENSIONS}
    read: dict[int, Figures] = {}
    rows = (
        _open_latest(institution_id)
        .order_by()
        .values_list(
            "pk",
            "place__kind_id",
            "place__authority_id",
            "place__area_id",
            "computed_on",
            "configuration__version",
            "figures",
        )
    )
    for pk, kind, authority, area, on, version, stored in rows.iterator(chunk_size=2000):
        figures = read[pk] = score_figures(stored)
        for dimension, value in ((KIND, kind), (AUTHORITY, authority), (AREA, area)):
            totals[dimension].add(column_key(value), on, version, figures)
    return totals, read


def _trend(institution_id: int, years: range, read: dict[int, Figures]) -> dict[int, YearTotals]:
    """For each year, the sums over each place's score in force on 31 December, counting a
    place in the years it was open. Each stored explanation is read once, however many years
    it stays in force."""
    history = (
        RiskScore.objects.for_institution(institution_id)
        .order_by("place_id", "computed_on", "pk")
        .values_list("pk", "place_id", "computed_on", "place__status", "place__closed_on")
    )
    wanted: dict[int, list[int]] = defaultdict(list)  # score -> the years it is in force
    by_place = groupby(history.iterator(chunk_size=5000), key=lambda row: row[1])
    for _place, place_rows in by_place:
        rows = list(place_rows)
        _pk, _place_id, _on, status, closed_on = rows[-1]
        _in_force([(row[0], row[2]) for row in rows], status, closed_on, years, wanted)
    group_of = dict(RiskFactor.objects.for_institution(institution_id).values_list("code", "group"))
    scores = dict(
        RiskScore.objects.for_institution(institution_id)
        .filter(is_latest=True)
        .values_list("pk", "score")
    )
    totals = {year: YearTotals() for year in years}
    missing = sorted(pk for pk in wanted if pk not in read)
    for start in range(0, len(missing), CHUNK):
        chunk = RiskScore.objects.filter(pk__in=missing[start : start + CHUNK])
        for pk, score, stored in chunk.values_list("pk", "score", "figures"):
            scores[pk], read[pk] = score, score_figures(stored)
    for pk, in_years in wanted.items():
        for year in in_years:
            totals[year].add(scores[pk], read[pk], group_of)
    return totals


def _in_force(
    rows: list[tuple[int, date]],
    status: str,
    closed_on: date | None,
    years: range,
    wanted: dict[int, list[int]],
) -> None:
    """Note, for one place's rows (oldest first), which row is in force at each year's end."""
    for year in years:
        alive = (closed_on is None and status != Place.Status.CLOSED) or (
            closed_on is not None and closed_on >= date(year, 1, 1)
        )
        if not alive:
            continue
        end = date(year, 12, 31)
        in_force = [pk for pk, computed_on in rows if computed_on <= end]
        if in_force:
            wanted[in_force[-1]].append(year)
