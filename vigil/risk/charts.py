"""Risk's charts, drawn as SVG on the server: no script, and they print.

A place's score over time (the page puts a table with every score and its configuration
version beside it), and the protection gaps' trend by group of factors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from vigil.core.charts import LineChart
from vigil.core.dates import date_filter, day
from vigil.risk.models import RiskScore

if TYPE_CHECKING:
    from vigil.risk.selectors.gaps import TrendRow

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 12, 28
STEPS = (1, 2, 5, 10, 20, 25)


class ScoreChart(LineChart):
    """A place's score over time. Its coordinates are strings made here: templates would
    localise floats ("12,5" breaks SVG)."""


def _top(highest: Decimal) -> tuple[int, int]:
    """A round top of the scale (at most 100, the largest score) and its tick step."""
    for step in STEPS:
        if highest <= step * 4:
            return min(step * 4, 100), step
    return 100, 25


def score_chart(history: Sequence[RiskScore]) -> ScoreChart:
    chart = ScoreChart.framed(WIDTH, HEIGHT, left=LEFT, right=RIGHT, bottom=BOTTOM)
    if not history:
        return chart
    first, last = history[0].computed_on, history[-1].computed_on
    span = max((last - first).days, 1)
    top, step = _top(max(s.score for s in history))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + (day - first).days / span * plot_w

    def y(value: Decimal | int) -> float:
        return TOP + plot_h - float(value) / top * plot_h

    coordinates = [(x(s.computed_on), y(s.score), s) for s in history]
    chart.points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy, _s in coordinates)
    chart.dots = [
        (
            f"{cx:.1f}",
            f"{cy:.1f}",
            f"{day(s.computed_on)}: {s.score} (v{s.configuration.version})",
        )
        for cx, cy, s in coordinates
    ]
    chart.y_ticks = [(f"{y(v):.1f}", v) for v in range(0, top + 1, step)]
    ticks = [first] if first == last else [first, last]
    if span > 400:
        # Each new year between, unless its label would run into the first or last one.
        years = [date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
        ticks[1:1] = [d for d in years if (d - first).days > 90 and (last - d).days > 90][:6]
    chart.x_ticks = [(f"{x(day):.1f}", date_filter(day, "M Y")) for day in ticks]
    return chart


# --- the protection gaps' trend: per group of factors, a bar per year ------------------

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
