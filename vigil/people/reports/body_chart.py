"""The body chart of an Istanbul Protocol examination, drawn as SVG once for the page and
the PDF: a front and a back outline of a human body on which each mark is a numbered circle
at its position (per cent of the chart's width and height, as the mark was placed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from vigil.people.models import (
    BodyMark,
)

CHART_WIDTH, CHART_HEIGHT = 200, 400

# The left half of the outline (viewer's left), from under the jaw down the outside of the
# arm and leg and back up the inside to the crotch; the right half is its mirror image.
_LEFT_HALF: tuple[tuple[float, float], ...] = (
    (92, 50), (91, 62), (78, 67), (63, 71), (51, 79), (46, 95), (43, 124), (40, 150),
    (36, 178), (33, 202), (30, 214), (31, 228), (38, 234), (44, 224), (45, 206), (49, 178),
    (53, 153), (58, 126), (63, 106), (65, 126), (69, 150), (67, 172), (64, 193), (65, 232),
    (70, 282), (69, 322), (76, 364), (72, 382), (79, 391), (94, 391), (95, 376), (93, 362),
    (92, 322), (91, 285), (95, 240), (100, 210),
)  # fmt: skip


def _smooth_closed_path(points: list[tuple[float, float]]) -> str:
    """A closed Catmull-Rom curve through the points, written as cubic Béziers."""
    count = len(points)
    parts = [f"M{points[0][0]:.1f} {points[0][1]:.1f}"]
    for i in range(count):
        p0, p1 = points[i - 1], points[i]
        p2, p3 = points[(i + 1) % count], points[(i + 2) % count]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        parts.append(f"C{c1[0]:.1f} {c1[1]:.1f} {c2[0]:.1f} {c2[1]:.1f} {p2[0]:.1f} {p2[1]:.1f}")
    return " ".join(parts) + "Z"


def _outline() -> str:
    left = list(_LEFT_HALF)
    right = [(CHART_WIDTH - x, y) for x, y in reversed(left[:-1])]
    return _smooth_closed_path(left + right)


BODY_OUTLINE = _outline()
HEAD = {"cx": 100, "cy": 30, "rx": 18, "ry": 23}

# Landmarks that tell the two views apart and help place a mark: collarbones, navel and
# kneecaps in front; shoulder blades, spine and the folds of the buttocks behind.
FRONT_DETAILS = (
    "M78 76 Q89 81 98 79 M122 76 Q111 81 102 79",
    "M100 82 L100 112",
    "M86 108 Q93 114 99 111 M114 108 Q107 114 101 111",
    "M98 150 a2 2 0 1 0 4 0 a2 2 0 1 0 -4 0",
    "M76 276 q5 -6 10 0 q-5 6 -10 0 M124 276 q-5 -6 -10 0 q5 6 10 0",
)
BACK_DETAILS = (
    "M100 66 L100 184",
    "M75 90 Q80 114 94 108 M125 90 Q120 114 106 108",
    "M100 186 L100 206",
    "M70 200 Q84 212 98 206 M130 200 Q116 212 102 206",
    "M75 284 L89 284 M125 284 L111 284",
)


@dataclass(frozen=True)
class ChartMark:
    number: int
    cx: float
    cy: float
    label: str  # for screen readers: "Mark 3: consistent"


@dataclass
class ChartSide:
    side: str
    title: str
    description: str
    details: tuple[str, ...]
    # The person's right and left as they appear on this view.
    viewer_left: str
    viewer_right: str
    marks: list[ChartMark] = field(default_factory=list)


def chart_position(value: Decimal | float, extent: int) -> float:
    return round(float(value) * extent / 100, 2)


def body_chart(marks: Iterable[BodyMark]) -> list[ChartSide]:
    """The two views of the chart with their numbered marks."""
    sides = {
        BodyMark.Side.FRONT: ChartSide(
            side=BodyMark.Side.FRONT,
            title=_("Front"),
            description=_("Front of the body; the person's right is on the left of the drawing."),
            details=FRONT_DETAILS,
            viewer_left=_("R"),
            viewer_right=_("L"),
        ),
        BodyMark.Side.BACK: ChartSide(
            side=BodyMark.Side.BACK,
            title=_("Back"),
            description=_("Back of the body; the person's left is on the left of the drawing."),
            details=BACK_DETAILS,
            viewer_left=_("L"),
            viewer_right=_("R"),
        ),
    }
    for mark in marks:
        sides[BodyMark.Side(mark.side)].marks.append(
            ChartMark(
                number=mark.number,
                cx=chart_position(mark.x, CHART_WIDTH),
                cy=chart_position(mark.y, CHART_HEIGHT),
                label=_("Mark %(number)s: %(consistency)s")
                % {"number": mark.number, "consistency": mark.get_consistency_display()},
            )
        )
    return list(sides.values())


def chart_context(marks: Iterable[BodyMark], *, interactive: bool = False) -> dict[str, Any]:
    """What `people/_body_chart.html` needs."""
    return {
        "sides": body_chart(marks),
        "outline": BODY_OUTLINE,
        "head": HEAD,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "interactive": interactive,
    }
