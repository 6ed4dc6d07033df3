"""The follow-up dashboard as a table: every figure of the page, one value per line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vigil.recommendations.charts import percent
from vigil.recommendations.selectors.dashboard import Dashboard, GroupRow

CSV_HEADERS = ["figure", "group", "label", "measure", "value", "percent"]


def _group_lines(figure: str, row: GroupRow) -> Iterator[list[Any]]:
    yield [figure, row.key, row.label, "total", row.total, 100.0 if row.total else 0.0]
    for share in row.statuses:
        yield [figure, row.key, row.label, share.key, share.count, share.percent]
    yield [figure, row.key, row.label, "overdue", row.overdue, row.overdue_percent]


def dashboard_csv_rows(dashboard: Dashboard) -> Iterator[list[Any]]:
    """Every figure of the page, one value per line (figure, group, measure)."""
    overall = dashboard.overall
    yield from _group_lines("overall", overall)
    yield ["overall", "all", str(overall.label), "open", dashboard.open,
           percent(dashboard.open, overall.total)]  # fmt: skip
    for share in dashboard.responses:
        yield ["responses", "all", str(overall.label), share.key, share.count, share.percent]
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
