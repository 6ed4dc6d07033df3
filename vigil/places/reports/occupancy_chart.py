"""The occupancy chart, drawn as SVG on the server: no script, and it prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from vigil.core.charts import LineChart, year_ticks
from vigil.places.models import PopulationSnapshot

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


@dataclass
class Chart(LineChart):
    """The population as its line; the official capacity, when known, as a line across."""

    capacity_y: float | None = None


def _nice_step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 5:
            return step
    return 20000


def occupancy_chart(snapshots: Sequence[PopulationSnapshot], capacity: int | None) -> Chart:
    """Population over time, oldest first, with the official capacity as a line."""
    chart = Chart.framed(WIDTH, HEIGHT, left=LEFT, right=RIGHT, bottom=BOTTOM)
    if not snapshots:
        return chart
    first, last = snapshots[0].counted_on, snapshots[-1].counted_on
    span = max((last - first).days, 1)
    top = max([s.total for s in snapshots] + [capacity or 0, 1])
    step = _nice_step(top)
    top = ((top // step) + 1) * step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + (day - first).days / span * plot_w, 1)

    def y(value: int) -> float:
        return round(TOP + plot_h - value / top * plot_h, 1)

    chart.dots = [
        (x(s.counted_on), y(s.total), f"{s.counted_on}: {s.total} ({s.get_source_display()})")
        for s in snapshots
    ]
    # The line follows one source (official figures when there are any), so that counts
    # observed on visits show as points beside it instead of making it zigzag.
    official = [s for s in snapshots if s.source == PopulationSnapshot.Source.OFFICIAL]
    chart.points = " ".join(f"{x(s.counted_on)},{y(s.total)}" for s in (official or snapshots))
    chart.capacity_y = y(capacity) if capacity else None
    chart.y_ticks = [(y(v), v) for v in range(0, top + 1, step)]
    chart.x_ticks = year_ticks(first, last, x)
    return chart
