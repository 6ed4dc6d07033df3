"""The visits and findings dashboard as a table: every figure of the page, one value per line,
with the same suppression as the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vigil.visits.selectors.dashboard import VisitDashboard

CSV_HEADERS = ["figure", "group", "label", "measure", "value"]


def _blank(value: Any) -> Any:
    return "" if value is None else value


def dashboard_csv_rows(d: VisitDashboard) -> Iterator[list[Any]]:
    for figure, plan_rows in (("visits_by_month", d.months), ("visits_by_year", d.years)):
        for row in plan_rows:
            for measure in ("planned", "done", "unannounced", "follow_up"):
                yield [figure, row.key, row.label, measure, getattr(row, measure)]
    for figure, rows in (
        ("coverage_by_kind", d.by_kind),
        ("coverage_by_area", d.by_area),
        ("coverage", [d.coverage_total]),
    ):
        for crow in rows:
            for measure in ("places", "recent", "stale", "never"):
                yield [figure, crow.key, crow.label, measure, getattr(crow, measure)]
    for figure, severity_rows in (
        ("findings_by_theme", d.themes),
        ("findings_by_year", d.severity_years),
    ):
        for srow in severity_rows:
            for severity, _label, count in srow.counts:
                yield [figure, srow.key, srow.label, severity, count]
    for urow in d.urgent_years:
        yield ["urgent_findings", urow.key, urow.label, "urgent", urow.urgent]
        yield ["urgent_findings", urow.key, urow.label, "acted_on", urow.acted]
        yield ["urgent_findings", urow.key, urow.label, "median_days", _blank(urow.median_days)]
        yield ["urgent_findings", urow.key, urow.label, "mean_days", _blank(urow.mean_days)]
    for irow in [*d.interviews, d.interviews_total]:
        yield ["interviews_by_kind", irow.key, irow.label, "visits", irow.visits]
        yield ["interviews_by_kind", irow.key, irow.label, "interviews", irow.interviews.text]
