"""Protection gaps: how often each risk factor is present, by kind of place, authority or area.

Everything is read from the explanations of stored scores (`RiskScore.parts`): a factor
"contributes" at a place when its value in the place's latest score is above 0, whatever its
weight (a safeguard found missing is a gap even where the institution chose not to weigh it).

Over every open place, the page reads the sums the recomputation stored (`RiskAggregate`,
written by `services.aggregates`), never the scores themselves. A filtered reading (a kind,
an authority or an area) sums the latest scores of the places chosen, in a fixed number of
queries: the latest scores, the catalogue, the column labels, the count of places not yet
scored, and one query per year of the trend.

The trend takes, for each year, the score each place had at the end of that year (its last
history row on or before 31 December). Scores are only written when they change, so a place
whose score stayed the same all year still counts, with the score it kept. Closed places
count in the years they were open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vigil.core.models import Membership
from vigil.places.models import Place
from vigil.recommendations.charts import percent, percent_text
from vigil.risk.charts import TrendChart, trend_chart
from vigil.risk.models import FactorGroup, RiskAggregate, RiskScore
from vigil.risk.selectors.common import ZERO, decimal_or_zero
from vigil.risk.selectors.gap_scope import (
    DIMENSIONS,
    CatalogueFactor,
    GapsFilters,
    catalogue,
    column_key,
    column_labels,
    filter_summary,
    from_cents,
    from_values,
    group_labels,
    place_q,
    round_cents,
    score_figures,
)

SAFEGUARD_GROUPS = (FactorGroup.FIRST_HOURS.value, FactorGroup.REGISTERS.value)
# Shares (in %) from which a cell takes the next colour; band 0 is "never".
BAND_FLOORS = (0.0, 25.0, 50.0, 75.0)


def band_of(share: float, contributing: int) -> int:
    """0 when no place has the factor, then 1 (under 25 %) to 4 (75 % and more)."""
    if not contributing:
        return 0
    return sum(1 for floor in BAND_FLOORS if share >= floor)


def bands() -> list[tuple[int, str]]:
    """The legend: band and what it means."""
    return [
        (0, _("No place")),
        (1, _("Under 25 %")),
        (2, _("25 % to under 50 %")),
        (3, _("50 % to under 75 %")),
        (4, _("75 % and more")),
    ]


# --- figures --------------------------------------------------------------------------------


class _Share:
    """Of `places`, `contributing` have the factor (or the group): as a share, and averages."""

    places: int
    contributing: int

    @property
    def share(self) -> float:
        return percent(self.contributing, self.places)

    @property
    def share_text(self) -> str:
        return percent_text(self.share)

    def _mean(self, total: Decimal) -> Decimal:
        return round_cents(total / self.places) if self.places else ZERO


@dataclass(frozen=True)
class Cell(_Share):
    """One factor in one column: of `places` scored, `contributing` have it."""

    places: int
    contributing: int
    value_sum: Decimal = ZERO
    query: str = ""  # the drill-down's query string; empty when there is nothing to list

    @property
    def mean_value(self) -> Decimal:
        return self._mean(self.value_sum)

    @property
    def mean_text(self) -> str:
        return formats.number_format(self.mean_value, 2)

    @property
    def band(self) -> int:
        return band_of(self.share, self.contributing)


@dataclass(frozen=True)
class Column:
    key: str  # the id of the kind, authority or area, or NO_AREA
    label: str
    places: int


@dataclass
class FactorRow:
    code: str
    name: str
    description: str
    cells: list[Cell]
    total: Cell


@dataclass
class GroupBlock:
    key: str
    label: str
    rows: list[FactorRow]


@dataclass(frozen=True)
class Safeguard:
    rank: int
    code: str
    name: str
    group_label: str
    cell: Cell


@dataclass(frozen=True)
class TrendCell(_Share):
    year: int
    places: int
    contributing: int
    points_sum: Decimal = ZERO

    @property
    def mean_points(self) -> Decimal:
        return self._mean(self.points_sum)

    @property
    def mean_points_text(self) -> str:
        return formats.number_format(self.mean_points, 2)


@dataclass
class TrendRow:
    key: str
    label: str
    cells: list[TrendCell]


@dataclass(frozen=True)
class YearFigures:
    year: int
    places: int
    mean_score: Decimal

    @property
    def mean_score_text(self) -> str:
        return formats.number_format(self.mean_score, 2)


@dataclass
class Gaps:
    filters: GapsFilters
    today: date
    columns: list[Column] = field(default_factory=list)
    groups: list[GroupBlock] = field(default_factory=list)
    scored: int = 0
    unscored: int = 0
    oldest_score: date | None = None
    newest_score: date | None = None
    versions: list[int] = field(default_factory=list)
    safeguards: list[Safeguard] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    trend: list[TrendRow] = field(default_factory=list)
    year_figures: list[YearFigures] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    chart: TrendChart | None = None

    @property
    def dimension_label(self) -> str:
        return str(DIMENSIONS[self.filters.dimension])

    @property
    def empty(self) -> bool:
        return not self.scored

    @property
    def column_count(self) -> int:
        """Columns of the heat map table: the factor, one per value, and "all places"."""
        return len(self.columns) + 2


def _cell_query(filters: GapsFilters, factor: str, dimension: str = "", value: str = "") -> str:
    params: dict[str, Any] = {"factor": factor}
    if dimension:
        params.update(dimension=dimension, value=value)
    params.update(filters.place_params())
    return urlencode(params)


@dataclass
class LatestTotals:
    """What the heat map sums over the latest scores, by column of one dimension (values in
    ten-thousandths, so that sums stay exact whole numbers)."""

    per_column: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    contributing: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    value_sums: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    scored: int = 0
    oldest: date | None = None
    newest: date | None = None
    versions: set[int] = field(default_factory=set)

    def add(
        self, key: str, computed_on: date, version: int, figures: dict[str, tuple[int, int]]
    ) -> None:
        self.per_column[key] += 1
        self.scored += 1
        self.versions.add(version)
        self.oldest = min(self.oldest or computed_on, computed_on)
        self.newest = max(self.newest or computed_on, computed_on)
        for code, (value, _points) in figures.items():
            if value > 0:
                self.contributing[(code, key)] += 1
                self.value_sums[(code, key)] += value

    def to_json(self) -> dict[str, Any]:
        factors: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for (code, key), count in self.contributing.items():
            factors[code][key] = [count, self.value_sums[(code, key)]]
        return {
            "columns": dict(self.per_column),
            "factors": dict(factors),
            "scored": self.scored,
            "oldest": self.oldest.isoformat() if self.oldest else None,
            "newest": self.newest.isoformat() if self.newest else None,
            "versions": sorted(self.versions),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LatestTotals:
        totals = cls()
        totals.per_column.update(data["columns"])
        for code, cells in data["factors"].items():
            for key, (count, value_sum) in cells.items():
                totals.contributing[(code, key)] = count
                totals.value_sums[(code, key)] = value_sum
        totals.scored = data["scored"]
        totals.oldest = date.fromisoformat(data["oldest"]) if data["oldest"] else None
        totals.newest = date.fromisoformat(data["newest"]) if data["newest"] else None
        totals.versions = set(data["versions"])
        return totals


@dataclass
class YearTotals:
    """What the trend sums over the scores in force on 31 December of one year (points in
    cents)."""

    places: int = 0
    score_sum: Decimal = ZERO
    present: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    points: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(
        self, score: Any, figures: dict[str, tuple[int, int]], group_of: dict[str, str]
    ) -> None:
        self.places += 1
        self.score_sum += decimal_or_zero(score)
        seen: set[str] = set()
        for code, (value, earned) in figures.items():
            group = group_of.get(code)
            if group is None:
                continue
            self.points[group] += earned
            if value > 0:
                seen.add(group)
        for group in seen:
            self.present[group] += 1

    def to_json(self) -> dict[str, Any]:
        return {
            "places": self.places,
            "score_sum": str(self.score_sum),
            "present": dict(self.present),
            "points": dict(self.points),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> YearTotals:
        totals = cls(places=data["places"], score_sum=Decimal(data["score_sum"]))
        totals.present.update(data["present"])
        totals.points.update(data["points"])
        return totals


def gaps_build(
    *, actor: Membership, filters: GapsFilters | None = None, today: date | None = None
) -> Gaps:
    """The heat map, the safeguards most often missing and the trend, for the actor's places.

    Every open place (no filter): read from the figures the recomputation stored
    (`services.aggregates`). A filtered reading sums the chosen places' latest scores.
    """
    filters = filters or GapsFilters()
    today = today or timezone.localdate()
    years = list(range(today.year - filters.years + 1, today.year + 1))
    factors = catalogue(actor)
    stored = None if filters.place_params() else stored_gaps(actor, filters.dimension, today)
    if stored is not None:
        latest, per_year = stored
        trend = [per_year.get(year, YearTotals()) for year in years]
    else:
        latest = latest_totals(actor, filters)
        group_of = {f.code: f.group for f in factors}
        trend = [_year_totals(actor, place_q(actor, filters), year, group_of) for year in years]
    return _assemble(actor, filters, today, factors, latest, years, trend)


def stored_gaps(
    actor: Membership, dimension: str, today: date
) -> tuple[LatestTotals, dict[int, YearTotals]] | None:
    """The stored figures of every open place, when they cover this year (else None)."""
    rows = dict(
        RiskAggregate.objects.for_actor(actor)
        .filter(name__in=[f"gaps:{dimension}", "gaps:trend"], built_on__year=today.year)
        .values_list("name", "data")
    )
    if len(rows) < 2:
        return None
    per_year = {int(year): YearTotals.from_json(t) for year, t in rows["gaps:trend"].items()}
    return LatestTotals.from_json(rows[f"gaps:{dimension}"]), per_year


def latest_totals(actor: Membership, filters: GapsFilters) -> LatestTotals:
    """The heat map's sums over the latest scores of the chosen places, computed now."""
    latest = (
        RiskScore.objects.for_actor(actor)
        .filter(place_q(actor, filters), is_latest=True)
        .exclude(place__status=Place.Status.CLOSED)
        .order_by()
        .values_list(
            f"place__{filters.dimension}_id", "computed_on", "configuration__version", "figures"
        )
    )
    totals = LatestTotals()
    for column_value, computed_on, version, figures in latest.iterator(chunk_size=2000):
        totals.add(column_key(column_value), computed_on, version, score_figures(figures))
    return totals


def _assemble(
    actor: Membership,
    filters: GapsFilters,
    today: date,
    factors: Sequence[CatalogueFactor],
    latest: LatestTotals,
    years: list[int],
    trend: list[YearTotals],
) -> Gaps:
    gaps = Gaps(filters=filters, today=today, summary=filter_summary(actor, filters))
    gaps.scored, gaps.versions = latest.scored, sorted(latest.versions)
    gaps.oldest_score, gaps.newest_score = latest.oldest, latest.newest
    open_places = Place.objects.for_actor(actor).exclude(status=Place.Status.CLOSED)
    gaps.unscored = open_places.filter(place_q(actor, filters, prefix="")).count() - gaps.scored
    gaps.unscored = max(gaps.unscored, 0)
    per_column = latest.per_column
    labels = column_labels(actor, filters.dimension, per_column) if per_column else []
    gaps.columns = [Column(key, label, per_column[key]) for key, label in labels]
    groups = group_labels()
    by_group: dict[str, list[FactorRow]] = defaultdict(list)
    for factor in factors:
        cells = [_cell(filters, latest, factor.code, column) for column in gaps.columns]
        total_count = sum(c.contributing for c in cells)
        total = Cell(
            places=sum(c.places for c in gaps.columns),
            contributing=total_count,
            value_sum=sum((c.value_sum for c in cells), ZERO),
            query=_cell_query(filters, factor.code) if total_count else "",
        )
        by_group[factor.group].append(
            FactorRow(factor.code, factor.name, factor.description, cells, total)
        )
    gaps.groups = [
        GroupBlock(key, groups[key], by_group[key])
        for key in FactorGroup.values
        if by_group.get(key)
    ]
    gaps.safeguards = _safeguards(gaps.groups, groups)
    gaps.years = years
    gaps.trend, gaps.year_figures = _trend_rows(years, trend, factors, groups)
    gaps.chart = trend_chart(gaps.trend, gaps.years)
    return gaps


def _cell(filters: GapsFilters, latest: LatestTotals, code: str, column: Column) -> Cell:
    count = latest.contributing.get((code, column.key), 0)
    return Cell(
        places=column.places,
        contributing=count,
        value_sum=from_values(latest.value_sums.get((code, column.key), 0)),
        query=_cell_query(filters, code, filters.dimension, column.key) if count else "",
    )


def _safeguards(groups: Sequence[GroupBlock], group_labels: dict[str, str]) -> list[Safeguard]:
    rows = [
        (group.key, row) for group in groups if group.key in SAFEGUARD_GROUPS for row in group.rows
    ]
    rows.sort(key=lambda item: (-item[1].total.share, -item[1].total.mean_value))
    return [
        Safeguard(rank, row.code, row.name, group_labels[key], row.total)
        for rank, (key, row) in enumerate(rows, start=1)
    ]


def _alive_in(year: int) -> Q:
    """Places open at some time in the year: not closed, or closed on or after 1 January."""
    return (Q(place__closed_on__isnull=True) & ~Q(place__status=Place.Status.CLOSED)) | Q(
        place__closed_on__gte=date(year, 1, 1)
    )


def _year_totals(actor: Membership, place_q: Q, year: int, group_of: dict[str, str]) -> YearTotals:
    """The sums of one year of the trend over the chosen places, computed now."""
    # The score in force on 31 December: each place's last row up to then.
    in_force = (
        RiskScore.objects.for_actor(actor)
        .filter(place_q, _alive_in(year), computed_on__lte=date(year, 12, 31))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("place_id")],
                order_by=[F("computed_on").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
        .values_list("score", "figures")
    )
    totals = YearTotals()
    for score, figures in in_force:
        totals.add(score, score_figures(figures), group_of)
    return totals


def _trend_rows(
    years: Sequence[int],
    trend: Sequence[YearTotals],
    catalogue: Sequence[CatalogueFactor],
    group_labels: dict[str, str],
) -> tuple[list[TrendRow], list[YearFigures]]:
    present_groups = {f.group for f in catalogue}
    groups = [key for key in FactorGroup.values if key in present_groups]
    rows = [
        TrendRow(
            key,
            group_labels[key],
            [
                TrendCell(year, t.places, t.present.get(key, 0), from_cents(t.points.get(key, 0)))
                for year, t in zip(years, trend, strict=True)
            ],
        )
        for key in groups
    ]
    figures = [
        YearFigures(year, t.places, round_cents(t.score_sum / t.places) if t.places else ZERO)
        for year, t in zip(years, trend, strict=True)
    ]
    return rows, figures
