"""A check's rate over time, month by month, as a server-drawn SVG line (vigil/core/charts):
no script, and it prints. A month whose count the reader may not see (small-count
suppression) has no dot: its rate would give the count away, the entries being shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from vigil.core.bars import percent, percent_text
from vigil.core.charts import LineChart
from vigil.core.dates import date_filter
from vigil.registers.selectors import CheckRow

WIDTH, HEIGHT = 640, 160
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 10, 28
STEPS = (1, 2, 5, 10, 20, 25)


@dataclass
class RateChart(LineChart):
    """One check's rate per month at a place. Coordinates are strings made here: templates
    would localise floats ("12,5" breaks SVG)."""

    title: str = ""
    code: str = ""
    withheld: int = 0  # months left out because their count is withheld


def _top(highest: float) -> tuple[int, int]:
    """A round top of the scale in percent (at most 100) and its tick step."""
    for step in STEPS:
        if highest <= step * 4:
            return step * 4, step
    return 100, 25


def rate_chart(row: CheckRow) -> RateChart:
    chart = RateChart.framed(WIDTH, HEIGHT, left=LEFT, right=RIGHT, bottom=BOTTOM)
    chart.title = _("%(check)s: rate by month") % {"check": row.label}
    chart.code = row.code
    shown = []
    for month, figure, entries in row.month_figures:
        if figure.suppressed or figure.count is None:
            chart.withheld += 1
        elif entries:
            shown.append((month, figure.count, entries, percent(figure.count, entries)))
    if not shown:
        return chart
    first, last = shown[0][0], shown[-1][0]
    span = max((last - first).days, 1)
    top, step = _top(max(rate for *_rest, rate in shown))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + (day - first).days / span * plot_w

    def y(rate: float) -> float:
        return TOP + plot_h - rate / top * plot_h

    chart.points = " ".join(f"{x(m):.1f},{y(r):.1f}" for m, _c, _e, r in shown)
    chart.dots = [
        (
            f"{x(month):.1f}",
            f"{y(rate):.1f}",
            _("%(month)s: %(count)d of %(entries)d entries (%(rate)s %%)")
            % {
                "month": date_filter(month, "M Y"),
                "count": count,
                "entries": entries,
                "rate": percent_text(rate),
            },
        )
        for month, count, entries, rate in shown
    ]
    chart.y_ticks = [(f"{y(v):.1f}", f"{v} %") for v in range(0, top + 1, step)]
    ticks = [first] if first == last else [first, last]
    chart.x_ticks = [(f"{x(day):.1f}", date_filter(day, "M Y")) for day in ticks]
    return chart
