"""Protection gaps: how often each risk factor is present, by kind of place, authority or area.

Everything is read from the explanations of stored scores (`RiskScore.parts`): a factor
"contributes" at a place when its value in the place's latest score is above 0, whatever its
weight (a safeguard found missing is a gap even where the institution chose not to weigh it).

The page costs a fixed number of queries whatever the number of places: the latest scores
with their places' attributes in one query, the catalogue, the column labels, the count of
places not yet scored, and one query per year of the trend; the sums are made in Python.

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
from vigil.risk.models import FactorGroup, RiskScore
from vigil.risk.selectors.common import ZERO, decimal_or_zero
from vigil.risk.selectors.gap_scope import (
    DIMENSIONS,
    CatalogueFactor,
    GapsFilters,
    catalogue,
    column_key,
    column_labels,
    filter_summary,
    group_labels,
    part_figures,
    place_q,
    round_cents,
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


def gaps_build(
    *, actor: Membership, filters: GapsFilters | None = None, today: date | None = None
) -> Gaps:
    """The heat map, the safeguards most often missing and the trend, for the actor's places."""
    filters = filters or GapsFilters()
    today = today or timezone.localdate()
    gaps = Gaps(filters=filters, today=today, summary=filter_summary(actor, filters))
    chosen = place_q(actor, filters)
    factors = catalogue(actor)
    dimension = filters.dimension
    latest = (
        RiskScore.objects.for_actor(actor)
        .filter(chosen, is_latest=True)
        .exclude(place__status=Place.Status.CLOSED)
        .order_by()
        .values_list(
            "place_id", f"place__{dimension}_id", "computed_on", "configuration__version", "parts"
        )
    )
    per_column: dict[str, int] = defaultdict(int)
    contributing: dict[tuple[str, str], int] = defaultdict(int)
    value_sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    versions: set[int] = set()
    for _place, column_value, computed_on, version, parts in latest.iterator(chunk_size=2000):
        key = column_key(column_value)
        per_column[key] += 1
        gaps.scored += 1
        versions.add(version)
        gaps.oldest_score = min(gaps.oldest_score or computed_on, computed_on)
        gaps.newest_score = max(gaps.newest_score or computed_on, computed_on)
        for code, (value, _points) in part_figures(parts).items():
            if value > 0:
                contributing[(code, key)] += 1
                value_sums[(code, key)] += value
    gaps.versions = sorted(versions)
    open_places = Place.objects.for_actor(actor).exclude(status=Place.Status.CLOSED)
    gaps.unscored = open_places.filter(place_q(actor, filters, prefix="")).count() - gaps.scored
    gaps.unscored = max(gaps.unscored, 0)
    labels = column_labels(actor, dimension, per_column) if per_column else []
    gaps.columns = [Column(key, label, per_column[key]) for key, label in labels]

    groups = group_labels()
    by_group: dict[str, list[FactorRow]] = defaultdict(list)
    for factor in factors:
        cells = []
        for column in gaps.columns:
            count = contributing[(factor.code, column.key)]
            cells.append(
                Cell(
                    places=column.places,
                    contributing=count,
                    value_sum=value_sums[(factor.code, column.key)],
                    query=_cell_query(filters, factor.code, dimension, column.key) if count else "",
                )
            )
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
    gaps.years = list(range(today.year - filters.years + 1, today.year + 1))
    gaps.trend, gaps.year_figures = _trend(actor, chosen, gaps.years, factors, groups)
    gaps.chart = trend_chart(gaps.trend, gaps.years)
    return gaps


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


def _trend(
    actor: Membership,
    place_q: Q,
    years: Sequence[int],
    catalogue: Sequence[CatalogueFactor],
    group_labels: dict[str, str],
) -> tuple[list[TrendRow], list[YearFigures]]:
    group_of = {f.code: f.group for f in catalogue}
    groups = [key for key in FactorGroup.values if key in set(group_of.values())]
    cells: dict[str, list[TrendCell]] = {key: [] for key in groups}
    figures = []
    for year in years:
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
            .values_list("score", "parts")
        )
        places = 0
        score_sum = ZERO
        present: dict[str, int] = defaultdict(int)
        points: dict[str, Decimal] = defaultdict(Decimal)
        for score, parts in in_force:
            places += 1
            score_sum += decimal_or_zero(score)
            seen: set[str] = set()
            for code, (value, earned) in part_figures(parts).items():
                group = group_of.get(code)
                if group is None:
                    continue
                points[group] += earned
                if value > 0:
                    seen.add(group)
            for group in seen:
                present[group] += 1
        for key in groups:
            cells[key].append(TrendCell(year, places, present[key], points[key]))
        figures.append(
            YearFigures(year, places, round_cents(score_sum / places) if places else ZERO)
        )
    rows = [TrendRow(key, group_labels[key], cells[key]) for key in groups]
    return rows, figures
