"""The progress chart of an indicator, drawn as SVG on the server: no script, and it prints.

Actual values over time as a line, with the baseline and the target as horizontal lines.
The template (programmes/_indicator_chart.html) adds a title, a description and the data
as a table, so that the chart can be read without seeing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from vigil.core.charts import LineChart, year_ticks
from vigil.programmes.progress import Progress

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 28
_STEPS = [Decimal(m) * Decimal(10) ** e for e in range(-2, 9) for m in (1, 2, 5)]


@dataclass
class IndicatorChart(LineChart):
    """The actual values as the line; the baseline and the target as lines across."""

    baseline_y: float = 0.0
    target_y: float = 0.0


def _step(span: Decimal) -> Decimal:
    for step in _STEPS:
        if span / step <= 5:
            return step
    return _STEPS[-1]


def _label(value: Decimal) -> str:
    return f"{value.normalize():f}"


def indicator_chart(progress: Progress) -> IndicatorChart:
    """Chart of the series of `progress`; the y axis always shows baseline and target."""
    chart = IndicatorChart.framed(WIDTH, HEIGHT, left=LEFT, right=RIGHT, bottom=BOTTOM)
    values = [v for _on, v in progress.series]
    low = min([progress.baseline, progress.target, *values])
    high = max([progress.baseline, progress.target, *values])
    step = _step(max(high - low, Decimal(1)))
    bottom = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    top = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    if top == bottom:
        top = bottom + step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return round(TOP + plot_h - float((value - bottom) / (top - bottom)) * plot_h, 1)

    chart.baseline_y, chart.target_y = y(progress.baseline), y(progress.target)
    ticks, tick = [], bottom
    while tick <= top:
        ticks.append((y(tick), _label(tick)))
        tick += step
    chart.y_ticks = ticks
    if not progress.series:
        return chart
    first, last = progress.series[0][0], progress.series[-1][0]
    span = (last - first).days

    def x(day: date) -> float:
        if span == 0:
            return round(LEFT + plot_w / 2, 1)
        return round(LEFT + (day - first).days / span * plot_w, 1)

    chart.dots = [(x(on), y(v), f"{on.isoformat()}: {_label(v)}") for on, v in progress.series]
    chart.points = " ".join(f"{dx},{dy}" for dx, dy, _title in chart.dots)
    chart.x_ticks = year_ticks(first, last, x)
    return chart
