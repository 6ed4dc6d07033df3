"""What the server-drawn SVG line charts share; templates/includes/chart_*.html draw them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Self


@dataclass
class LineChart:
    """A line over time in SVG coordinates: its dots, the grid's ticks and the plot's frame."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_bottom: int
    points: str = ""  # "x,y x,y …" for the line
    dots: list[tuple[Any, Any, str]] = field(default_factory=list)  # x, y, title
    y_ticks: list[tuple[Any, Any]] = field(default_factory=list)  # y, label
    x_ticks: list[tuple[Any, str]] = field(default_factory=list)  # x, label

    @classmethod
    def framed(cls, width: int, height: int, *, left: int, right: int, bottom: int) -> Self:
        """An empty chart of `width` × `height`, with margins around its plot."""
        return cls(
            width, height, plot_left=left, plot_right=width - right, plot_bottom=height - bottom
        )

    @property
    def empty(self) -> bool:
        return not self.dots


def year_ticks(first: date, last: date, x: Callable[[date], float]) -> list[tuple[float, str]]:
    """A tick at each 1 January from `first` to `last`, or one at `first` when there is none."""
    years = range(first.year, last.year + 1)
    return [
        (x(date(year, 1, 1)), str(year)) for year in years if first <= date(year, 1, 1) <= last
    ] or [(x(first), first.isoformat())]
