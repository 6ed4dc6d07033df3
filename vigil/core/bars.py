"""Horizontal stacked bars, drawn as SVG on the server: no script, and they print.

Each bar is one group (an addressee, a theme, a year…) split into shares that add up to
100 %. Every segment carries a <title> with its count and share; the page puts a data
table with the same figures beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 180  # group names, right-aligned against the bars
TOTAL_WIDTH = 52  # the group's total, to the right of its bar
BAR_HEIGHT = 22
BAR_GAP = 10
TOP = 6
AXIS = 26
LABEL_CHARS = 26


@dataclass(frozen=True)
class Part:
    """One slice of a group: `key` chooses its colour (a CSS class), `count` its size."""

    key: str
    label: str | Promise
    count: int


# Coordinates are strings made here: templates would localise floats ("12,5" breaks SVG).
@dataclass(frozen=True)
class Segment:
    x: str
    width: str
    css: str
    title: str


@dataclass(frozen=True)
class Bar:
    y: str
    text_y: str
    label: str
    full_label: str
    total: int
    segments: list[Segment]


@dataclass
class BarChart:
    title: str | Promise
    width: int = WIDTH
    height: int = 0
    bars: list[Bar] = field(default_factory=list)
    ticks: list[tuple[str, str]] = field(default_factory=list)
    legend: list[tuple[str, str | Promise]] = field(default_factory=list)
    plot_left: int = LABEL_WIDTH
    plot_right: int = WIDTH - TOTAL_WIDTH
    plot_top: int = TOP
    plot_bottom: int = TOP
    tick_y: int = TOP + 18
    bar_height: int = BAR_HEIGHT
    label_x: int = LABEL_WIDTH - 8
    total_x: int = WIDTH - TOTAL_WIDTH + 6

    @property
    def empty(self) -> bool:
        return not self.bars


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def percent_text(value: float) -> str:
    """A share as people read it: "25", "33.3" (localised)."""
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def stacked_bars(
    title: str | Promise,
    groups: Sequence[tuple[str, Sequence[Part]]],
    legend: Sequence[tuple[str, str | Promise]],
) -> BarChart:
    """One bar per (label, parts); each bar is as long as the plot (its shares add to 100 %)."""
    chart = BarChart(title=title, legend=list(legend))
    plot_w = chart.plot_right - chart.plot_left
    y = float(TOP)
    for label, parts in groups:
        total = sum(part.count for part in parts)
        if not total:
            continue
        segments, x = [], float(chart.plot_left)
        for part in parts:
            if not part.count:
                continue
            width = round(part.count / total * plot_w, 2)
            segments.append(
                Segment(
                    x=_n(x),
                    width=_n(width),
                    css=part.key,
                    title=_("%(group)s: %(part)s, %(count)d of %(total)d (%(percent)s %%)")
                    % {
                        "group": label,
                        "part": part.label,
                        "count": part.count,
                        "total": total,
                        "percent": percent_text(percent(part.count, total)),
                    },
                )
            )
            x += width
        chart.bars.append(
            Bar(
                y=_n(y),
                text_y=_n(y + BAR_HEIGHT / 2),
                label=_short(label),
                full_label=label,
                total=total,
                segments=segments,
            )
        )
        y += BAR_HEIGHT + BAR_GAP
    chart.plot_bottom = int(y - BAR_GAP) if chart.bars else TOP
    chart.height = chart.plot_bottom + AXIS
    chart.tick_y = chart.plot_bottom + 18
    chart.ticks = [
        (_n(chart.plot_left + share / 100 * plot_w), f"{share} %") for share in (0, 25, 50, 75, 100)
    ]
    return chart
