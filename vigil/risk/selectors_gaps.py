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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.access import scoped
from vigil.core.models import Membership
from vigil.places.models import Place
from vigil.places.selectors.register import (
    area_and_descendants,
    areas_for,
    authorities_for,
    kinds_for,
)
from vigil.recommendations.charts import percent, percent_text
from vigil.risk.configuration import factors_for
from vigil.risk.models import FactorGroup, RiskScore

KIND, AUTHORITY, AREA = "kind", "authority", "area"
DIMENSIONS: dict[str, Promise] = {
    KIND: gettext_lazy("Kind of place"),
    AUTHORITY: gettext_lazy("Operating authority"),
    AREA: gettext_lazy("Administrative area"),
}
NO_AREA = "none"  # the column of places with no administrative area
SAFEGUARD_GROUPS = (FactorGroup.FIRST_HOURS.value, FactorGroup.REGISTERS.value)
DEFAULT_YEARS, MAX_YEARS = 3, 10
# Shares (in %) from which a cell takes the next colour; band 0 is "never".
BAND_FLOORS = (0.0, 25.0, 50.0, 75.0)
ZERO = Decimal(0)
_CENT = Decimal("0.01")


def _decimal(value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ZERO
    return number if number.is_finite() else ZERO


def _round(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_EVEN)


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


# --- filters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GapsFilters:
    dimension: str = KIND
    kind: int | None = None
    authority: int | None = None
    area: int | None = None
    years: int = DEFAULT_YEARS

    def as_params(self) -> dict[str, Any]:
        """For query strings and job parameters: what differs from "everything"."""
        params: dict[str, Any] = {"dimension": self.dimension, "years": self.years}
        for name in ("kind", "authority", "area"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        return params

    def place_params(self) -> dict[str, Any]:
        return {k: v for k, v in self.as_params().items() if k in ("kind", "authority", "area")}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> GapsFilters:
        """Tolerant reading of stored parameters (a job's): anything odd becomes the default."""

        def number(name: str) -> int | None:
            value = params.get(name)
            return value if isinstance(value, int) and value > 0 else None

        dimension = params.get("dimension")
        years = params.get("years")
        return cls(
            dimension=dimension if dimension in DIMENSIONS else KIND,
            kind=number("kind"),
            authority=number("authority"),
            area=number("area"),
            years=years if isinstance(years, int) and 1 <= years <= MAX_YEARS else DEFAULT_YEARS,
        )


def _place_q(actor: Membership, filters: GapsFilters, prefix: str = "place__") -> Q:
    q = Q()
    if filters.kind:
        q &= Q(**{f"{prefix}kind_id": filters.kind})
    if filters.authority:
        q &= Q(**{f"{prefix}authority_id": filters.authority})
    if filters.area:
        q &= Q(**{f"{prefix}area_id__in": area_and_descendants(actor, filters.area)})
    return q


def filter_summary(actor: Membership, filters: GapsFilters) -> list[str]:
    """The chosen filters in words ("Kind of place: Police station"), for pages and files."""
    summary = []
    if filters.kind:
        kind = kinds_for(actor).filter(pk=filters.kind).values_list("name", flat=True).first()
        summary.append(_("Kind of place: %(name)s") % {"name": kind or "—"})
    if filters.authority:
        authority = (
            authorities_for(actor).filter(pk=filters.authority).values_list("name", flat=True)
        ).first()
        summary.append(_("Operating authority: %(name)s") % {"name": authority or "—"})
    if filters.area:
        area = areas_for(actor).filter(pk=filters.area).values_list("name", flat=True).first()
        summary.append(_("Administrative area: %(name)s") % {"name": area or "—"})
    return summary


# --- figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One factor in one column: of `places` scored, `contributing` have it."""

    places: int
    contributing: int
    value_sum: Decimal = ZERO
    query: str = ""  # the drill-down's query string; empty when there is nothing to list

    @property
    def share(self) -> float:
        return percent(self.contributing, self.places)

    @property
    def share_text(self) -> str:
        return percent_text(self.share)

    @property
    def mean_value(self) -> Decimal:
        return _round(self.value_sum / self.places) if self.places else ZERO

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
class TrendCell:
    year: int
    places: int
    contributing: int
    points_sum: Decimal = ZERO

    @property
    def share(self) -> float:
        return percent(self.contributing, self.places)

    @property
    def share_text(self) -> str:
        return percent_text(self.share)

    @property
    def mean_points(self) -> Decimal:
        return _round(self.points_sum / self.places) if self.places else ZERO

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


def _column_key(value: int | None) -> str:
    return NO_AREA if value is None else str(value)


def _column_labels(actor: Membership, dimension: str, keys: Iterable[str]) -> list[tuple[str, str]]:
    """(key, label) of the columns, in the order people expect (the catalogue's, or by name)."""
    ids = [int(k) for k in keys if k != NO_AREA]
    if dimension == KIND:
        kinds = kinds_for(actor).filter(pk__in=ids).order_by("order", "name")
        return [(str(pk), name) for pk, name in kinds.values_list("pk", "name")]
    if dimension == AUTHORITY:
        authorities = authorities_for(actor).filter(pk__in=ids).order_by("name", "pk")
        return [(str(pk), name) for pk, name in authorities.values_list("pk", "name")]
    areas = areas_for(actor).filter(pk__in=ids).order_by("name", "pk")
    names = areas.values_list("pk", "name", "parent__name")
    labels = [(str(pk), f"{name} ({parent})" if parent else name) for pk, name, parent in names]
    if NO_AREA in keys:
        labels.append((NO_AREA, _("No area")))
    return labels


def _part_figures(parts: Any) -> dict[str, tuple[Decimal, Decimal]]:
    """{factor code: (value, points)} of a stored explanation; odd entries are skipped."""
    figures: dict[str, tuple[Decimal, Decimal]] = {}
    for part in parts if isinstance(parts, list) else ():
        if isinstance(part, dict) and part.get("factor"):
            figures[str(part["factor"])] = (
                _decimal(part.get("value")),
                _decimal(part.get("points")),
            )
    return figures


@dataclass(frozen=True)
class _Factor:
    code: str
    name: str
    group: str
    description: str


def _catalogue(actor: Membership) -> list[_Factor]:
    rows = factors_for(actor.institution_id).values_list("code", "name", "group", "description")
    return [_Factor(*row) for row in rows]


def _group_labels() -> dict[str, str]:
    return {key: str(label) for key, label in FactorGroup.choices}


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
    place_q = _place_q(actor, filters)
    catalogue = _catalogue(actor)
    dimension = filters.dimension
    latest = (
        scoped(RiskScore.objects.filter(is_latest=True), actor=actor)
        .filter(place_q)
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
        key = _column_key(column_value)
        per_column[key] += 1
        gaps.scored += 1
        versions.add(version)
        gaps.oldest_score = min(gaps.oldest_score or computed_on, computed_on)
        gaps.newest_score = max(gaps.newest_score or computed_on, computed_on)
        for code, (value, _points) in _part_figures(parts).items():
            if value > 0:
                contributing[(code, key)] += 1
                value_sums[(code, key)] += value
    gaps.versions = sorted(versions)
    open_places = scoped(Place.objects.exclude(status=Place.Status.CLOSED), actor=actor)
    gaps.unscored = open_places.filter(_place_q(actor, filters, prefix="")).count() - gaps.scored
    gaps.unscored = max(gaps.unscored, 0)
    labels = _column_labels(actor, dimension, per_column) if per_column else []
    gaps.columns = [Column(key, label, per_column[key]) for key, label in labels]

    group_labels = _group_labels()
    by_group: dict[str, list[FactorRow]] = defaultdict(list)
    for factor in catalogue:
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
        GroupBlock(key, group_labels[key], by_group[key])
        for key in FactorGroup.values
        if by_group.get(key)
    ]
    gaps.safeguards = _safeguards(gaps.groups, group_labels)
    gaps.years = list(range(today.year - filters.years + 1, today.year + 1))
    gaps.trend, gaps.year_figures = _trend(actor, place_q, gaps.years, catalogue, group_labels)
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
    catalogue: Sequence[_Factor],
    group_labels: dict[str, str],
) -> tuple[list[TrendRow], list[YearFigures]]:
    group_of = {f.code: f.group for f in catalogue}
    groups = [key for key in FactorGroup.values if key in set(group_of.values())]
    cells: dict[str, list[TrendCell]] = {key: [] for key in groups}
    figures = []
    for year in years:
        # The score in force on 31 December: each place's last row up to then.
        in_force = (
            scoped(RiskScore.objects.all(), actor=actor)
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
            score_sum += _decimal(score)
            seen: set[str] = set()
            for code, (value, earned) in _part_figures(parts).items():
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
        figures.append(YearFigures(year, places, _round(score_sum / places) if places else ZERO))
    rows = [TrendRow(key, group_labels[key], cells[key]) for key in groups]
    return rows, figures


# --- the trend chart (SVG drawn on the server, as vigil/*/charts.py do) -------------------

CHART_WIDTH = 640
CHART_LEFT = 56  # the years, right-aligned against the bars
CHART_RIGHT = CHART_WIDTH - 64  # room for the value after the longest bar
BAR_HEIGHT, BAR_GAP, GROUP_HEAD, GROUP_GAP, TOP, AXIS = 14, 4, 20, 8, 4, 24


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ChartBar:
    y: str
    text_y: str
    width: str
    value_x: str
    year: str
    value: str
    title: str
    css: str


@dataclass(frozen=True)
class ChartGroup:
    label: str
    label_y: str
    bars: list[ChartBar]


@dataclass
class TrendChart:
    title: str
    width: int = CHART_WIDTH
    height: int = 0
    plot_left: int = CHART_LEFT
    plot_right: int = CHART_RIGHT
    plot_top: int = TOP
    plot_bottom: int = TOP
    tick_y: int = TOP
    label_x: int = CHART_LEFT - 6
    bar_height: int = BAR_HEIGHT
    groups: list[ChartGroup] = field(default_factory=list)
    ticks: list[tuple[str, str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(bar for group in self.groups for bar in group.bars)


def trend_chart(rows: Sequence[TrendRow], years: Sequence[int]) -> TrendChart:
    """Per group of factors, one bar per year: the share of places where the group shows."""
    chart = TrendChart(title=_("Share of places where each group of factors shows, by year"))
    plot_w = CHART_RIGHT - CHART_LEFT
    newest = years[-1] if years else None
    y = float(TOP)
    for row in rows:
        label_y = y + 13
        y += GROUP_HEAD
        bars = []
        for cell in row.cells:
            if not cell.places:
                continue
            width = round(cell.share / 100 * plot_w, 2)
            bars.append(
                ChartBar(
                    y=_n(y),
                    text_y=_n(y + BAR_HEIGHT / 2),
                    width=_n(width),
                    value_x=_n(CHART_LEFT + width + 4),
                    year=str(cell.year),
                    value=f"{cell.share_text} %",
                    title=_("%(group)s, %(year)s: %(count)d of %(total)d places (%(share)s %%)")
                    % {
                        "group": row.label,
                        "year": cell.year,
                        "count": cell.contributing,
                        "total": cell.places,
                        "share": cell.share_text,
                    },
                    css="current" if cell.year == newest else "past",
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        chart.groups.append(ChartGroup(row.label, _n(label_y), bars))
        y += GROUP_GAP
    chart.plot_bottom = int(y)
    chart.tick_y = chart.plot_bottom + 16
    chart.height = chart.plot_bottom + AXIS
    chart.ticks = [(_n(CHART_LEFT + s / 100 * plot_w), f"{s} %") for s in (0, 25, 50, 75, 100)]
    if newest is not None:
        chart.legend = [("current", str(newest)), ("past", _("earlier years"))]
    return chart


# --- drilling down into a cell ------------------------------------------------------------


@dataclass(frozen=True)
class CellPlace:
    place_id: int
    name: str
    kind: str
    authority: str
    area: str
    score: Decimal
    computed_on: date
    value: Decimal
    points: Decimal
    weight: Decimal
    # As stored ({"target", "label", "on"}); the template tags of vigil.risk make them links.
    evidence: list[dict[str, Any]]


@dataclass
class CellDrill:
    factor: str
    factor_name: str
    factor_description: str
    group_label: str
    dimension: str
    dimension_label: str
    column_label: str
    places: int  # scored places in the column
    rows: list[CellPlace]
    filters: GapsFilters

    @property
    def contributing(self) -> int:
        return len(self.rows)

    @property
    def share_text(self) -> str:
        return percent_text(percent(self.contributing, self.places))


def _column_of(actor: Membership, dimension: str, value: str) -> tuple[Q, str]:
    """The filter and the label of one column of the heat map; a foreign value is an error."""
    if dimension == AREA and value == NO_AREA:
        return Q(place__area__isnull=True), _("No area")
    error = ValidationError({"value": _("This column does not exist; choose one in the table.")})
    if not value.isdigit():
        raise error
    pk = int(value)
    if dimension == KIND:
        label = kinds_for(actor).filter(pk=pk).values_list("name", flat=True).first()
    elif dimension == AUTHORITY:
        label = authorities_for(actor).filter(pk=pk).values_list("name", flat=True).first()
    else:
        found = areas_for(actor).filter(pk=pk).values_list("name", "parent__name").first()
        label = (f"{found[0]} ({found[1]})" if found[1] else found[0]) if found else None
    if label is None:
        raise error
    return Q(**{f"place__{dimension}_id": pk}), label


def gaps_cell(
    *, actor: Membership, filters: GapsFilters, factor: str, dimension: str = "", value: str = ""
) -> CellDrill:
    """The places of one heat-map cell where the factor contributes, with points and evidence.

    Without a dimension: every place of the filters (the "all places" column).
    """
    known = {f.code: f for f in _catalogue(actor)}
    if factor not in known:
        raise ValidationError({"factor": _("This risk factor does not exist.")})
    if dimension and dimension not in DIMENSIONS:
        raise ValidationError({"dimension": _("Choose kind of place, authority or area.")})
    column_q, column_label = Q(), _("All places")
    if dimension:
        column_q, column_label = _column_of(actor, dimension, value)
    scores = (
        scoped(RiskScore.objects.filter(is_latest=True), actor=actor)
        .filter(_place_q(actor, filters), column_q)
        .exclude(place__status=Place.Status.CLOSED)
        .order_by()
        .values_list(
            "place_id",
            "place__name",
            "place__kind__name",
            "place__authority__name",
            "place__area__name",
            "score",
            "computed_on",
            "parts",
        )
    )
    rows, places = [], 0
    for place_id, name, kind, authority, area, score, computed_on, parts in scores.iterator(
        chunk_size=2000
    ):
        places += 1
        for part in parts if isinstance(parts, list) else ():
            if not isinstance(part, dict) or part.get("factor") != factor:
                continue
            part_value = _decimal(part.get("value"))
            if part_value > 0:
                rows.append(
                    CellPlace(
                        place_id=place_id,
                        name=name,
                        kind=kind,
                        authority=authority,
                        area=area or "",
                        score=_decimal(score),
                        computed_on=computed_on,
                        value=part_value,
                        points=_decimal(part.get("points")),
                        weight=_decimal(part.get("weight")),
                        evidence=[
                            item for item in part.get("evidence") or [] if isinstance(item, dict)
                        ],
                    )
                )
            break
    rows.sort(key=lambda r: (-r.points, -r.value, r.name.casefold(), r.place_id))
    chosen = known[factor]
    return CellDrill(
        factor=factor,
        factor_name=chosen.name,
        factor_description=chosen.description,
        group_label=_group_labels().get(chosen.group, chosen.group),
        dimension=dimension,
        dimension_label=str(DIMENSIONS[dimension]) if dimension else "",
        column_label=column_label,
        places=places,
        rows=rows,
        filters=filters,
    )
