"""The follow-up dashboard: how far recommendations are implemented, and how fast.

Every figure is one aggregate query over the actor's recommendations (GROUP BY with
conditional counts; themes through the many-to-many table), so the page costs the same
number of queries whether an institution has ten recommendations or fifty thousand.

The median time to implementation is exact and computed in the database, without loading
the rows: `percentile_cont(0.5)` on PostgreSQL; on SQLite, which has no percentile function,
one query numbers the rows of each group in order (a window function) and averages the one
or two middle rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.access import scoped
from vigil.core.models import Membership
from vigil.recommendations.charts import BarChart, Part, percent, percent_text, stacked_bars
from vigil.recommendations.models import (
    SETTLED,
    Addressee,
    Recommendation,
    Response,
    Source,
    Status,
)

# Best first, as the bars read from left to right.
STATUS_ORDER = (
    Status.IMPLEMENTED,
    Status.PARTIALLY_IMPLEMENTED,
    Status.IN_PROGRESS,
    Status.NOT_STARTED,
    Status.NOT_IMPLEMENTED,
    Status.NO_LONGER_RELEVANT,
)
AWAITED = "awaited"  # no response recorded yet (the stored response is empty)
RESPONSE_ORDER = (
    Response.ACCEPTED,
    Response.PARTIALLY_ACCEPTED,
    Response.REJECTED,
    Response.NO_RESPONSE,
    AWAITED,
)


def response_label(key: str) -> str | Promise:
    return gettext_lazy("Awaited") if key == AWAITED else Response(key).label


# ---- filters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    year_from: int | None = None
    year_to: int | None = None
    source: str = ""
    addressee: str = ""


class DashboardFilterForm(forms.Form):
    year_from = forms.IntegerField(
        label=gettext_lazy("Issued from (year)"), required=False, min_value=1945, max_value=2200
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("Issued until (year)"), required=False, min_value=1945, max_value=2200
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Source"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Source.choices],
    )
    addressee = forms.ChoiceField(
        label=gettext_lazy("Addressee"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Addressee.choices],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The last year is before the first."))
        return data

    def filters(self) -> DashboardFilters:
        if not self.is_bound or not self.is_valid():
            return DashboardFilters()
        data = self.cleaned_data
        return DashboardFilters(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            source=data.get("source") or "",
            addressee=data.get("addressee") or "",
        )


def dashboard_recommendations(
    *, actor: Membership, filters: DashboardFilters
) -> QuerySet[Recommendation]:
    recs = scoped(Recommendation.objects.all(), actor=actor)
    if filters.year_from:
        recs = recs.filter(issued_on__gte=date(filters.year_from, 1, 1))
    if filters.year_to:
        recs = recs.filter(issued_on__lte=date(filters.year_to, 12, 31))
    if filters.source:
        recs = recs.filter(source=filters.source)
    if filters.addressee:
        recs = recs.filter(addressee=filters.addressee)
    return recs.order_by()


# ---- SQL pieces ---------------------------------------------------------------------------


class DaysBetween(Func):
    """Whole days from the second date column to the first, as an integer."""

    output_field = IntegerField()

    def __init__(self, end: Any, start: Any) -> None:
        super().__init__(end, start)

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        end_expr, start_expr = self.get_source_expressions()
        end, end_params = compiler.compile(end_expr)
        start, start_params = compiler.compile(start_expr)
        if connection.vendor == "sqlite":
            sql = f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)"
        else:  # PostgreSQL: date - date is the number of days
            sql = f"({end} - {start})"
        return sql, (*end_params, *start_params)


class Median(Aggregate):
    """PostgreSQL's exact median (interpolated between the two middle values)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


# Rows of one group numbered in order; the middle one (odd count) or two (even count) are
# those with n <= 2 * rn <= n + 2, and their average is the exact median.
_MEDIAN_SQL = """
SELECT grp, COUNT(*), AVG(days),
       AVG(CASE WHEN 2 * rn >= n AND 2 * rn <= n + 2 THEN days END)
FROM (
    SELECT grp, days,
           ROW_NUMBER() OVER (PARTITION BY grp ORDER BY days) AS rn,
           COUNT(*) OVER (PARTITION BY grp) AS n
    FROM ({inner}) AS implemented
) AS ranked
GROUP BY grp
"""


def _overdue_q(today: date) -> Q:
    return ~Q(status__in=SETTLED) & Q(due_on__lt=today)


def _status_counts(today: date) -> dict[str, Any]:
    counts: dict[str, Any] = {
        f"s_{status}": Count("pk", filter=Q(status=status)) for status in STATUS_ORDER
    }
    counts["total"] = Count("pk")
    counts["overdue"] = Count("pk", filter=_overdue_q(today))
    return counts


# ---- figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    key: str
    label: str | Promise
    count: int
    percent: float

    @property
    def percent_text(self) -> str:
        return percent_text(self.percent)


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    total: int
    statuses: list[Share]
    overdue: int

    @property
    def overdue_percent(self) -> float:
        return percent(self.overdue, self.total)

    @property
    def overdue_percent_text(self) -> str:
        return percent_text(self.overdue_percent)

    @property
    def implemented(self) -> Share:
        return self.statuses[0]

    @property
    def as_list(self) -> list[GroupRow]:
        return [self]


@dataclass
class Breakdown:
    slug: str  # "addressee", "theme", "source", "year": also the CSV's figure name
    title: str | Promise
    group_heading: str | Promise
    chart_title: str | Promise
    rows: list[GroupRow]
    note: str | Promise = ""
    chart: BarChart = field(init=False)

    def __post_init__(self) -> None:
        groups = [
            (row.label, [Part(s.key, s.label, s.count) for s in row.statuses]) for row in self.rows
        ]
        self.chart = stacked_bars(self.chart_title, groups, status_legend())


@dataclass(frozen=True)
class TimeRow:
    key: str
    label: str
    implemented: int
    mean_days: float | None
    median_days: float | None


@dataclass
class Dashboard:
    today: date
    filters: DashboardFilters
    overall: GroupRow
    overall_chart: BarChart
    open: int
    responses: list[Share]
    response_chart: BarChart
    breakdowns: list[Breakdown]
    time_rows: list[TimeRow]
    time_overall: TimeRow

    @property
    def filter_summary(self) -> list[str]:
        """The filters in words, for the printed page (where the form is not shown)."""
        f, parts = self.filters, []
        if f.year_from or f.year_to:
            parts.append(
                _("Issued %(start)s to %(end)s")
                % {"start": f.year_from or "…", "end": f.year_to or "…"}
            )
        if f.source:
            parts.append(_("Source: %(source)s") % {"source": Source(f.source).label})
        if f.addressee:
            parts.append(
                _("Addressee: %(addressee)s") % {"addressee": Addressee(f.addressee).label}
            )
        return parts

    @property
    def overdue_percent_of_open(self) -> str:
        return percent_text(percent(self.overall.overdue, self.open))

    @property
    def open_percent(self) -> str:
        return percent_text(percent(self.open, self.overall.total))


def status_legend() -> list[tuple[str, str | Promise]]:
    return [(status.value, status.label) for status in STATUS_ORDER]


def _row(key: Any, label: str, values: dict[str, Any]) -> GroupRow:
    total = values["total"]
    return GroupRow(
        key="" if key is None else str(key),
        label=label,
        total=total,
        statuses=[
            Share(
                status.value,
                status.label,
                values[f"s_{status}"],
                percent(values[f"s_{status}"], total),
            )
            for status in STATUS_ORDER
        ],
        overdue=values["overdue"],
    )


def _by_choice(
    recs: QuerySet[Recommendation], field_name: str, choices: Sequence[tuple[str, Any]], today: date
) -> list[GroupRow]:
    found = {r[field_name]: r for r in recs.values(field_name).annotate(**_status_counts(today))}
    return [_row(key, str(label), found[key]) for key, label in choices if key in found]


def _by_theme(recs: QuerySet[Recommendation], today: date) -> list[GroupRow]:
    rows = recs.values("themes__pk", "themes__name", "themes__order").annotate(
        **_status_counts(today)
    )
    ordered = sorted(
        rows,
        key=lambda r: (r["themes__pk"] is None, r["themes__order"] or 0, r["themes__name"] or ""),
    )
    return [
        _row(r["themes__pk"], r["themes__name"] if r["themes__pk"] else _("No theme"), r)
        for r in ordered
    ]


def _by_year(recs: QuerySet[Recommendation], today: date) -> list[GroupRow]:
    rows = (
        recs.annotate(year=ExtractYear("issued_on"))
        .values("year")
        .annotate(**_status_counts(today))
        .order_by("year")
    )
    return [_row(r["year"], str(r["year"]), r) for r in rows]


def _time_to_implementation(
    recs: QuerySet[Recommendation], group: Expression | F
) -> list[tuple[Any, int, float | None, float | None]]:
    """(group, implemented, mean days, median days) per group, in one query."""
    done = recs.filter(status=Status.IMPLEMENTED, implemented_on__isnull=False).annotate(
        grp=group, days=DaysBetween(F("implemented_on"), F("issued_on"))
    )
    connection = connections[recs.db]
    if connection.vendor == "postgresql":
        rows = done.values("grp").annotate(n=Count("pk"), mean=Avg("days"), median=Median("days"))
        return [(r["grp"], r["n"], r["mean"], r["median"]) for r in rows]
    try:
        inner, params = done.values("grp", "days").query.get_compiler(using=recs.db).as_sql()
    except EmptyResultSet:  # an inactive membership's queryset is none()
        return []
    with connection.cursor() as cursor:
        cursor.execute(_MEDIAN_SQL.format(inner=inner), params)
        return [tuple(row) for row in cursor.fetchall()]


def _days(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def dashboard_build(
    *, actor: Membership, filters: DashboardFilters | None = None, today: date | None = None
) -> Dashboard:
    filters = filters or DashboardFilters()
    today = today or timezone.localdate()
    recs = dashboard_recommendations(actor=actor, filters=filters)

    overall_counts = recs.aggregate(
        **_status_counts(today),
        open=Count("pk", filter=~Q(status__in=SETTLED)),
        **{
            f"r_{key}": Count("pk", filter=Q(response="" if key == AWAITED else key))
            for key in RESPONSE_ORDER
        },
    )
    overall = _row("all", _("All recommendations"), overall_counts)
    responses = [
        Share(
            key,
            response_label(key),
            overall_counts[f"r_{key}"],
            percent(overall_counts[f"r_{key}"], overall.total),
        )
        for key in RESPONSE_ORDER
    ]
    response_chart = stacked_bars(
        _("Responses of the authorities"),
        [(str(overall.label), [Part(f"response-{s.key}", s.label, s.count) for s in responses])],
        [(f"response-{key}", response_label(key)) for key in RESPONSE_ORDER],
    )

    breakdowns = [
        Breakdown(
            "addressee",
            _("By addressee"),
            _("Addressee"),
            _("Implementation status by addressee"),
            _by_choice(recs, "addressee", Addressee.choices, today),
        ),
        Breakdown(
            "theme",
            _("By theme"),
            _("Theme"),
            _("Implementation status by theme"),
            _by_theme(recs, today),
            note=_("A recommendation with several themes counts under each of them."),
        ),
        Breakdown(
            "source",
            _("By source"),
            _("Source"),
            _("Implementation status by source"),
            _by_choice(recs, "source", Source.choices, today),
        ),
        Breakdown(
            "year",
            _("By year of issue"),
            _("Year"),
            _("Implementation status by year of issue"),
            _by_year(recs, today),
        ),
    ]

    labels = dict(Addressee.choices)
    time_rows = sorted(
        (
            TimeRow(key, str(labels.get(key, key)), n, _days(mean), _days(median))
            for key, n, mean, median in _time_to_implementation(recs, F("addressee"))
        ),
        key=lambda row: list(labels).index(row.key) if row.key in labels else len(labels),
    )
    everything = _time_to_implementation(recs, Value("all"))
    _key, n, mean, median = everything[0] if everything else ("all", 0, None, None)
    time_overall = TimeRow("all", _("All addressees"), n, _days(mean), _days(median))

    return Dashboard(
        today=today,
        filters=filters,
        overall=overall,
        overall_chart=stacked_bars(
            _("Implementation status of all recommendations"),
            [(overall.label, [Part(s.key, s.label, s.count) for s in overall.statuses])],
            status_legend(),
        ),
        open=overall_counts["open"],
        responses=responses,
        response_chart=response_chart,
        breakdowns=breakdowns,
        time_rows=time_rows,
        time_overall=time_overall,
    )


# ---- CSV ----------------------------------------------------------------------------------

CSV_HEADERS = ["figure", "group", "label", "measure", "value", "percent"]


def _group_lines(figure: str, row: GroupRow) -> Iterator[list[Any]]:
    yield [figure, row.key, row.label, "total", row.total, 100.0 if row.total else 0.0]
    for share in row.statuses:
        yield [figure, row.key, row.label, share.key, share.count, share.percent]
    yield [figure, row.key, row.label, "overdue", row.overdue, row.overdue_percent]


def dashboard_csv_rows(dashboard: Dashboard) -> Iterator[list[Any]]:
    """Every figure of the page, one value per line (figure, group, measure)."""
    yield from _group_lines("overall", dashboard.overall)
    yield [
        "overall",
        "all",
        str(dashboard.overall.label),
        "open",
        dashboard.open,
        percent(dashboard.open, dashboard.overall.total),
    ]
    for share in dashboard.responses:
        yield [
            "responses",
            "all",
            str(dashboard.overall.label),
            share.key,
            share.count,
            share.percent,
        ]
    for breakdown in dashboard.breakdowns:
        for row in breakdown.rows:
            yield from _group_lines(f"by_{breakdown.slug}", row)
    for time in [*dashboard.time_rows, dashboard.time_overall]:
        figure = "time_to_implementation"
        yield [figure, time.key, time.label, "implemented", time.implemented, ""]
        yield [figure, time.key, time.label, "mean_days", _blank(time.mean_days), ""]
        yield [figure, time.key, time.label, "median_days", _blank(time.median_days), ""]


def _blank(value: float | None) -> Any:
    return "" if value is None else value
