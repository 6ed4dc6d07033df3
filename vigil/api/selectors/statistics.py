"""The people section's figures as they may leave: the statistics page's aggregates, with
small counts suppressed so that no person can be singled out from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from vigil.core.models import Membership
from vigil.people.selectors.statistics import people_statistics


@dataclass(frozen=True)
class Figure:
    label: str
    count: int | None  # None: suppressed
    suppressed: bool


def _figures(pairs: list[tuple[Any, int]], below: int) -> list[Figure]:
    """Counts from 1 to below-1 are withheld; when that hides a single count of a group,
    the next smallest is withheld too, so that it cannot be worked out from a total."""
    small = {i for i, (_label, count) in enumerate(pairs) if 0 < count < below}
    if len(small) == 1:
        others = [(count, i) for i, (_label, count) in enumerate(pairs) if i not in small and count]
        if others:
            small.add(min(others)[1])
    return [
        Figure(str(label), None if i in small else count, i in small)
        for i, (label, count) in enumerate(pairs)
    ]


def people_figures(*, actor: Membership) -> dict[str, Any]:
    below = settings.VIGIL_SMALL_COUNT_BELOW
    sections = []
    for section in people_statistics(actor=actor):
        sections.append(
            {
                "key": section.key,
                "title": str(section.title),
                "totals": _figures(list(section.totals), below),
                "breakdowns": [
                    {
                        "key": b.key,
                        "title": str(b.title),
                        "note": str(b.note),
                        "rows": _figures([(r.label, r.count) for r in b.rows], below),
                    }
                    for b in section.breakdowns
                ],
            }
        )
    return {"suppressed_below": below, "sections": sections}
