"""A place's score over time, drawn as SVG on the server: no script, and it prints.

The page puts a table with every score and its configuration version beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format

from vigil.risk.models import RiskScore

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 12, 28
STEPS = (1, 2, 5, 10, 20, 25)


@dataclass
class ScoreChart:
    width: int = WIDTH
    height: int = HEIGHT
    points: str = ""  # "x,y x,y …"
    # Coordinates are strings made here: templates would localise floats ("12,5" breaks SVG).
    dots: list[tuple[str, str, str]] = field(default_factory=list)  # x, y, title
    y_ticks: list[tuple[str, int]] = field(default_factory=list)
    x_ticks: list[tuple[str, str]] = field(default_factory=list)
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    label_x: int = LEFT - 6
    tick_y: int = HEIGHT - BOTTOM + 18

    @property
    def empty(self) -> bool:
        return not self.dots


def _top(highest: Decimal) -> tuple[int, int]:
    """A round top of the scale (at most 100, the largest score) and its tick step."""
    for step in STEPS:
        if highest <= step * 4:
            return min(step * 4, 100), step
    return 100, 25


def score_chart(history: Sequence[RiskScore]) -> ScoreChart:
    chart = ScoreChart()
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
            f"{date_format(s.computed_on, 'j M Y')}: {s.score} (v{s.configuration.version})",
        )
        for cx, cy, s in coordinates
    ]
    chart.y_ticks = [(f"{y(v):.1f}", v) for v in range(0, top + 1, step)]
    ticks = [first] if first == last else [first, last]
    if span > 400:
        # Each new year between, unless its label would run into the first or last one.
        years = [date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
        ticks[1:1] = [d for d in years if (d - first).days > 90 and (last - d).days > 90][:6]
    chart.x_ticks = [(f"{x(day):.1f}", date_format(day, "M Y")) for day in ticks]
    return chart
