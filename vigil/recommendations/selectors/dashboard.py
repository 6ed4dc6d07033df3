"""The follow-up dashboard: how far recommendations are implemented, and how fast.

Every figure is one aggregate query over the actor's recommendations (GROUP BY with
conditional counts; themes through the many-to-many table). The unfiltered dashboard reads
them as a background task stored them after the last change (`services.dashboard`,
decision 0018); a filtered one counts them when asked. The
time to implementation is in `time_to_implementation`; the page's table in
`vigil.recommendations.reports.dashboard`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.models import Membership
from vigil.core.selectors import narrowed
from vigil.recommendations.charts import BarChart, Part, percent, percent_text, stacked_bars
from vigil.recommendations.models import (
    Addressee,
    DashboardFigures,
    Recommendation,
    Response,
    Source,
    Status,
)
from vigil.recommendations.selectors.recommendations import open_q, overdue_q
from vigil.recommendations.selectors.time_to_implementation import (
    TimeRow,
    time_figures,
    time_rows,
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


def dashboard_recommendations(
    *, actor: Membership, filters: DashboardFilters
) -> QuerySet[Recommendation]:
    recs = narrowed(
        Recommendation.objects.for_actor(actor),
        {
            "issued_on__gte": filters.year_from and date(filters.year_from, 1, 1),
            "issued_on__lte": filters.year_to and date(filters.year_to, 12, 31),
            "source": filters.source,
            "addressee": filters.addressee,
        },
    )
    return recs.order_by()


def _status_counts(today: date) -> dict[str, Any]:
    counts: dict[str, Any] = {
        f"s_{status}": Count("pk", filter=Q(status=status)) for status in STATUS_ORDER
    }
    counts["total"] = Count("pk")
    counts["overdue"] = Count("pk", filter=overdue_q(today))
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
        self.chart = status_chart(self.chart_title, self.rows)


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


def status_chart(title: str | Promise, rows: Sequence[GroupRow]) -> BarChart:
    """One bar per group, split by implementation status."""
    groups = [(row.label, [Part(s.key, s.label, s.count) for s in row.statuses]) for row in rows]
    return stacked_bars(title, groups, status_legend())


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


def _choice_figures(
    recs: QuerySet[Recommendation], field_name: str, today: date
) -> dict[str, dict[str, int]]:
    rows = recs.values(field_name).annotate(**_status_counts(today))
    return {r[field_name]: _counts(r) for r in rows}


def _counts(row: dict[str, Any]) -> dict[str, int]:
    return {k: v for k, v in row.items() if k == "total" or k == "overdue" or k.startswith("s_")}


def _by_choice(
    figures: dict[str, dict[str, int]], choices: Sequence[tuple[str, Any]]
) -> list[GroupRow]:
    return [_row(key, str(label), figures[key]) for key, label in choices if key in figures]


def _theme_figures(recs: QuerySet[Recommendation], today: date) -> list[list[Any]]:
    rows = recs.values("themes__pk", "themes__name", "themes__order").annotate(
        **_status_counts(today)
    )
    ordered = sorted(
        rows,
        key=lambda r: (r["themes__pk"] is None, r["themes__order"] or 0, r["themes__name"] or ""),
    )
    return [[r["themes__pk"], r["themes__name"], _counts(r)] for r in ordered]


def _by_theme(figures: list[list[Any]]) -> list[GroupRow]:
    return [_row(pk, name if pk else _("No theme"), counts) for pk, name, counts in figures]


def _year_figures(recs: QuerySet[Recommendation], today: date) -> list[list[Any]]:
    rows = (
        recs.annotate(year=ExtractYear("issued_on"))
        .values("year")
        .annotate(**_status_counts(today))
        .order_by("year")
    )
    return [[r["year"], _counts(r)] for r in rows]


def dashboard_figures(recs: QuerySet[Recommendation], today: date) -> dict[str, Any]:
    """Every count the dashboard shows, as plain numbers (what the stored figures keep)."""
    overall = recs.aggregate(
        **_status_counts(today),
        open=Count("pk", filter=open_q()),
        **{
            f"r_{key}": Count("pk", filter=Q(response="" if key == AWAITED else key))
            for key in RESPONSE_ORDER
        },
    )
    return {
        "overall": overall,
        "addressee": _choice_figures(recs, "addressee", today),
        "theme": _theme_figures(recs, today),
        "source": _choice_figures(recs, "source", today),
        "year": _year_figures(recs, today),
        "time": time_figures(recs),
    }


def dashboard_build(
    *, actor: Membership, filters: DashboardFilters | None = None, today: date | None = None
) -> Dashboard:
    """The dashboard. Unfiltered, from the figures the background task stored for today
    (`services.dashboard`); filtered, or when they are out of date, counted now."""
    filters = filters or DashboardFilters()
    today = today or timezone.localdate()
    figures = stored_figures(actor, today) if filters == DashboardFilters() else None
    if figures is None:
        figures = dashboard_figures(dashboard_recommendations(actor=actor, filters=filters), today)
    return dashboard_from(figures, filters=filters, today=today)


def stored_figures(actor: Membership, today: date) -> dict[str, Any] | None:
    """The figures stored for today, unless a change since has made them stale."""
    stored = (
        DashboardFigures.objects.for_actor(actor)
        .filter(built_on=today, stale=False)
        .values_list("data", flat=True)
        .first()
    )
    return stored


def dashboard_from(figures: dict[str, Any], *, filters: DashboardFilters, today: date) -> Dashboard:
    overall_counts = figures["overall"]
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
            _by_choice(figures["addressee"], Addressee.choices),
        ),
        Breakdown(
            "theme",
            _("By theme"),
            _("Theme"),
            _("Implementation status by theme"),
            _by_theme(figures["theme"]),
            note=_("A recommendation with several themes counts under each of them."),
        ),
        Breakdown(
            "source",
            _("By source"),
            _("Source"),
            _("Implementation status by source"),
            _by_choice(figures["source"], Source.choices),
        ),
        Breakdown(
            "year",
            _("By year of issue"),
            _("Year"),
            _("Implementation status by year of issue"),
            [_row(year, str(year), counts) for year, counts in figures["year"]],
        ),
    ]

    time_table, time_overall = time_rows(figures["time"])

    return Dashboard(
        today=today,
        filters=filters,
        overall=overall,
        overall_chart=status_chart(_("Implementation status of all recommendations"), [overall]),
        open=overall_counts["open"],
        responses=responses,
        response_chart=response_chart,
        breakdowns=breakdowns,
        time_rows=time_table,
        time_overall=time_overall,
    )
