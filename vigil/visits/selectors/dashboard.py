"""The visits and findings dashboard (issue 20): visits done against planned, coverage of the
register, findings by theme and severity, urgent findings and the time to act on them, and
interviews per visit.

Every figure is one aggregate query over the actor's records, whatever their number (the
page costs a fixed number of queries: see the test). Filters narrow the places (area with
its sub-areas, kind, authority) and the year the visits were made. Coverage is as of today:
a place's `last_visited_on` is kept by the visit services. Interviews count people, so they
pass through small-count suppression (`vigil.core.suppression`) for roles outside casework;
visits and findings concern places, not persons, and are shown in full.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.bars import BarChart, Part, percent, percent_text, stacked_bars
from vigil.core.dates import months_before
from vigil.core.models import Membership
from vigil.core.suppression import Figure, suppress, threshold_for
from vigil.places.models import AdministrativeArea, Place
from vigil.places.selectors.register import area_and_descendants
from vigil.visits.models import Finding, PlannedVisit, Severity, Visit, VisitType

DONE = (Visit.Status.ON_SITE, Visit.Status.REPORTING, Visit.Status.REPORT_SENT, Visit.Status.CLOSED)
SEVERITY_ORDER = (Severity.URGENT, Severity.SERIOUS, Severity.CONCERN, Severity.OBSERVATION)
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class DashboardFilters:
    year: int | None = None
    area: int | None = None
    kind: int | None = None
    authority: int | None = None
    months: int = DEFAULT_MONTHS  # "not visited for N months"


# ---- rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    key: str
    label: str
    planned: int
    done: int
    unannounced: int
    follow_up: int

    @property
    def done_percent_text(self) -> str:
        return percent_text(percent(self.done, self.planned)) if self.planned else "—"

    def parts(self) -> list[Part]:
        kept = min(self.done, self.planned)
        return [
            Part("visit-done", gettext_lazy("Done"), kept),
            Part("visit-missed", gettext_lazy("Planned, not done"), self.planned - kept),
            Part("visit-extra", gettext_lazy("Done beyond the plan"), self.done - kept),
        ]


@dataclass(frozen=True)
class CoverageRow:
    key: str
    label: str
    places: int
    recent: int  # visited within the last N months
    stale: int  # visited, but not for N months
    never: int

    @property
    def recent_percent_text(self) -> str:
        return percent_text(percent(self.recent, self.places))

    def parts(self) -> list[Part]:
        return [
            Part("coverage-recent", gettext_lazy("Visited recently"), self.recent),
            Part("coverage-stale", gettext_lazy("Not visited for the period"), self.stale),
            Part("coverage-never", gettext_lazy("Never visited"), self.never),
        ]


@dataclass(frozen=True)
class SeverityRow:
    key: str
    label: str
    counts: list[tuple[str, str | Promise, int]]  # severity, label, count

    @property
    def total(self) -> int:
        return sum(count for _s, _l, count in self.counts)

    def parts(self) -> list[Part]:
        return [Part(f"severity-{key}", label, count) for key, label, count in self.counts]


@dataclass(frozen=True)
class UrgentRow:
    key: str
    label: str
    urgent: int
    acted: int
    median_days: float | None
    mean_days: float | None

    @property
    def open(self) -> int:
        return self.urgent - self.acted


@dataclass(frozen=True)
class InterviewRow:
    key: str
    label: str
    visits: int
    interviews: Figure

    @property
    def per_visit(self) -> str:
        if self.interviews.suppressed or not self.visits or self.interviews.count is None:
            return "—"
        return percent_text(round(self.interviews.count / self.visits, 1))


@dataclass
class Chart:
    slug: str
    title: str | Promise
    chart: BarChart


@dataclass
class VisitDashboard:
    today: date
    year: int
    filters: DashboardFilters
    below: int | None
    months: list[PlanRow]
    years: list[PlanRow]
    by_kind: list[CoverageRow]
    by_area: list[CoverageRow]
    coverage_total: CoverageRow
    themes: list[SeverityRow]
    severity_years: list[SeverityRow]
    urgent_years: list[UrgentRow]
    urgent_open: int
    interviews: list[InterviewRow]
    interviews_total: InterviewRow
    charts: dict[str, Chart] = field(default_factory=dict)

    @property
    def year_row(self) -> PlanRow:
        return next(
            (r for r in self.years if r.key == str(self.year)),
            PlanRow(str(self.year), str(self.year), 0, 0, 0, 0),
        )

    @property
    def urgent_year(self) -> UrgentRow:
        return next(
            (r for r in self.urgent_years if r.key == str(self.year)),
            UrgentRow(str(self.year), str(self.year), 0, 0, None, None),
        )

    @property
    def severity_labels(self) -> list[str | Promise]:
        return [s.label for s in SEVERITY_ORDER]

    @property
    def findings_year(self) -> int:
        return next((r.total for r in self.severity_years if r.key == str(self.year)), 0)


def plan_legend() -> list[tuple[str, str | Promise]]:
    return [(p.key, p.label) for p in PlanRow("", "", 0, 0, 0, 0).parts()]


def coverage_legend() -> list[tuple[str, str | Promise]]:
    return [(p.key, p.label) for p in CoverageRow("", "", 0, 0, 0, 0).parts()]


def severity_legend() -> list[tuple[str, str | Promise]]:
    return [(f"severity-{s.value}", s.label) for s in SEVERITY_ORDER]


# ---- queries ------------------------------------------------------------------------------


def _places(actor: Membership, f: DashboardFilters) -> QuerySet[Place]:
    places = Place.objects.for_actor(actor)
    if f.kind:
        places = places.filter(kind_id=f.kind)
    if f.authority:
        places = places.filter(authority_id=f.authority)
    if f.area:
        places = places.filter(area_id__in=area_and_descendants(actor, f.area))
    return places


def _narrow(qs: QuerySet[Any], actor: Membership, f: DashboardFilters, path: str) -> Any:
    if f.kind:
        qs = qs.filter(**{f"{path}kind_id": f.kind})
    if f.authority:
        qs = qs.filter(**{f"{path}authority_id": f.authority})
    if f.area:
        qs = qs.filter(**{f"{path}area_id__in": area_and_descendants(actor, f.area)})
    return qs


def _visit_counts() -> dict[str, Any]:
    return {
        "done": Count("pk"),
        "unannounced": Count("pk", filter=Q(announced=False)),
        "follow_up": Count("pk", filter=Q(visit_type=VisitType.FOLLOW_UP)),
    }


def _plan_rows(
    planned: dict[Any, int], done: dict[Any, dict[str, int]], keys: Sequence[tuple[Any, str]]
) -> list[PlanRow]:
    empty = {"done": 0, "unannounced": 0, "follow_up": 0}
    return [
        PlanRow(
            str(key),
            label,
            planned.get(key, 0),
            done.get(key, empty)["done"],
            done.get(key, empty)["unannounced"],
            done.get(key, empty)["follow_up"],
        )
        for key, label in keys
    ]


def _coverage_counts(cutoff: date) -> dict[str, Any]:
    return {
        "places": Count("pk"),
        "recent": Count("pk", filter=Q(last_visited_on__gte=cutoff)),
        "stale": Count("pk", filter=Q(last_visited_on__lt=cutoff)),
        "never": Count("pk", filter=Q(last_visited_on__isnull=True)),
    }


def _region_of(actor: Membership) -> dict[int, tuple[int, str]]:
    """Each area's top-level area (its region), from one read of the institution's areas."""
    rows = {
        pk: (parent, name)
        for pk, parent, name in AdministrativeArea.objects.for_actor(actor).values_list(
            "pk", "parent_id", "name"
        )
    }
    found: dict[int, tuple[int, str]] = {}
    for pk in rows:
        node, seen = pk, 0
        while rows[node][0] is not None and rows[node][0] in rows and seen < 10:
            node, seen = rows[node][0], seen + 1
        found[pk] = (node, rows[node][1])
    return found


def _days(pairs: list[tuple[Any, Any]]) -> tuple[float | None, float | None]:
    days = [(acted - created).total_seconds() / 86400 for created, acted in pairs if acted]
    if not days:
        return None, None
    return round(statistics.median(days), 1), round(statistics.fmean(days), 1)


def dashboard_build(
    *, actor: Membership, filters: DashboardFilters | None = None, today: date | None = None
) -> VisitDashboard:
    f = filters or DashboardFilters()
    today = today or timezone.localdate()
    year = f.year or today.year
    below = threshold_for(actor)

    visits = _narrow(Visit.objects.for_actor(actor), actor, f, "place__").filter(
        status__in=DONE, starts_on__isnull=False
    )
    planned = _narrow(PlannedVisit.objects.for_actor(actor), actor, f, "place__")

    # visits done against planned, per month of the year and per year
    planned_months = dict(
        planned.filter(month__year=year)
        .annotate(m=ExtractMonth("month"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    done_months = {
        r["m"]: r
        for r in visits.filter(starts_on__year=year)
        .annotate(m=ExtractMonth("starts_on"))
        .values("m")
        .annotate(**_visit_counts())
        .order_by()
    }
    months = _plan_rows(planned_months, done_months, [(m, str(MONTHS_3[m])) for m in range(1, 13)])
    planned_years = dict(
        planned.annotate(y=ExtractYear("month")).values_list("y").annotate(n=Count("pk")).order_by()
    )
    done_years = {
        r["y"]: r
        for r in visits.annotate(y=ExtractYear("starts_on"))
        .values("y")
        .annotate(**_visit_counts())
        .order_by()
    }
    year_keys = sorted(set(planned_years) | set(done_years) | {year})
    years = _plan_rows(planned_years, done_years, [(y, str(y)) for y in year_keys])

    # coverage of the open places: by kind, and by region (an area's top-level area)
    cutoff = months_before(today, f.months)
    places = _places(actor, f).exclude(status=Place.Status.CLOSED)
    kind_rows = (
        places.values("kind_id", "kind__name", "kind__order")
        .annotate(**_coverage_counts(cutoff))
        .order_by("kind__order", "kind__name")
    )
    by_kind = [
        CoverageRow(
            str(r["kind_id"]), r["kind__name"], r["places"], r["recent"], r["stale"], r["never"]
        )
        for r in kind_rows
    ]
    area_rows = places.values("area_id").annotate(**_coverage_counts(cutoff)).order_by()
    regions = _region_of(actor) if any(r["area_id"] for r in area_rows) else {}
    rolled: dict[tuple[Any, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in area_rows:
        key = regions.get(r["area_id"], (None, _("No area")))
        for i, name in enumerate(("places", "recent", "stale", "never")):
            rolled[key][i] += r[name]
    by_area = [
        CoverageRow("" if pk is None else str(pk), name, *counts)
        for (pk, name), counts in sorted(
            rolled.items(), key=lambda kv: (kv[0][0] is None, kv[0][1])
        )
    ]
    total = [sum(getattr(r, n) for r in by_kind) for n in ("places", "recent", "stale", "never")]
    coverage_total = CoverageRow("all", _("All open places"), *total)

    # findings by theme and severity (the year's visits), and by year and severity
    findings = _narrow(
        Finding.objects.for_actor(actor),
        actor,
        f,
        "visit__place__",
    )
    severity_counts = {f"s_{s.value}": Count("pk", filter=Q(severity=s)) for s in SEVERITY_ORDER}
    theme_rows = (
        findings.filter(visit__starts_on__year=year)
        .values("theme_id", "theme__name", "theme__order")
        .annotate(**severity_counts)
        .order_by("theme__order", "theme__name")
    )
    themes = [_severity_row(str(r["theme_id"]), r["theme__name"], r) for r in theme_rows]
    year_rows = (
        findings.filter(visit__starts_on__isnull=False)
        .annotate(y=ExtractYear("visit__starts_on"))
        .values("y")
        .annotate(**severity_counts)
        .order_by("y")
    )
    severity_years = [_severity_row(str(r["y"]), str(r["y"]), r) for r in year_rows]

    # urgent findings and the time to act on them, per year of the visit
    urgent = findings.filter(severity=Severity.URGENT, visit__starts_on__isnull=False)
    by_year: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    for y, created, acted in urgent.annotate(y=ExtractYear("visit__starts_on")).values_list(
        "y", "created_at", "acted_on_at"
    ):
        by_year[y].append((created, acted))
    urgent_years = []
    for y in sorted(by_year):
        median, mean = _days(by_year[y])
        pairs = by_year[y]
        acted = sum(1 for _c, a in pairs if a)
        urgent_years.append(UrgentRow(str(y), str(y), len(pairs), acted, median, mean))
    urgent_open = sum(r.open for r in urgent_years)

    # interviews per visit, by kind of place (the year's visits)
    interview_rows = list(
        visits.filter(starts_on__year=year)
        .values("place__kind_id", "place__kind__name", "place__kind__order")
        .annotate(visits=Count("pk", distinct=True), interviews=Count("interviews", distinct=True))
        .order_by("place__kind__order", "place__kind__name")
    )
    shown = suppress([(r["place__kind__name"], r["interviews"]) for r in interview_rows], below)
    interviews = [
        InterviewRow(str(r["place__kind_id"]), r["place__kind__name"], r["visits"], figure)
        for r, figure in zip(interview_rows, shown, strict=True)
    ]
    all_interviews = sum(r["interviews"] for r in interview_rows)
    interviews_total = InterviewRow(
        "all",
        _("All kinds of place"),
        sum(r["visits"] for r in interview_rows),
        suppress([(_("All kinds of place"), all_interviews)], below)[0],
    )

    dashboard = VisitDashboard(
        today=today,
        year=year,
        filters=f,
        below=below,
        months=months,
        years=years,
        by_kind=by_kind,
        by_area=by_area,
        coverage_total=coverage_total,
        themes=themes,
        severity_years=severity_years,
        urgent_years=urgent_years,
        urgent_open=urgent_open,
        interviews=interviews,
        interviews_total=interviews_total,
    )
    dashboard.charts = _charts(dashboard)
    return dashboard


def _severity_row(key: str, label: str, values: dict[str, Any]) -> SeverityRow:
    return SeverityRow(
        key, label, [(s.value, s.label, values[f"s_{s.value}"]) for s in SEVERITY_ORDER]
    )


def _chart(title: str | Promise, rows: Sequence[Any], legend: list[Any]) -> BarChart:
    return stacked_bars(title, [(r.label, r.parts()) for r in rows], legend)


def _charts(d: VisitDashboard) -> dict[str, Chart]:
    charts = [
        Chart(
            "months",
            _("Visits done against planned in %(year)s, by month") % {"year": d.year},
            _chart("", d.months, plan_legend()),
        ),
        Chart(
            "years", _("Visits done against planned, by year"), _chart("", d.years, plan_legend())
        ),
        Chart("kind", _("Coverage by kind of place"), _chart("", d.by_kind, coverage_legend())),
        Chart("area", _("Coverage by area"), _chart("", d.by_area, coverage_legend())),
        Chart(
            "themes",
            _("Findings of %(year)s by theme and severity") % {"year": d.year},
            _chart("", d.themes, severity_legend()),
        ),
        Chart(
            "severity_years",
            _("Findings by year and severity"),
            _chart("", d.severity_years, severity_legend()),
        ),
    ]
    for chart in charts:
        chart.chart.title = chart.title
    return {chart.slug: chart for chart in charts}
