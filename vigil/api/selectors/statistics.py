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


def suppressed_counts(counts: list[int], below: int | None = None) -> list[int | None]:
    """The counts of one group with small ones withheld (None): counts from 1 to below-1, and,
    when that hides a single count, the next smallest too, so that it cannot be worked out
    from a total. `below` defaults to the VIGIL_SMALL_COUNT_BELOW setting."""
    below = settings.VIGIL_SMALL_COUNT_BELOW if below is None else below
    small = {i for i, count in enumerate(counts) if 0 < count < below}
    if len(small) == 1:
        others = [(count, i) for i, count in enumerate(counts) if i not in small and count]
        if others:
            small.add(min(others)[1])
    return [None if i in small else count for i, count in enumerate(counts)]


def _figures(pairs: list[tuple[Any, int]], below: int) -> list[Figure]:
    kept = suppressed_counts([count for _label, count in pairs], below)
    return [
        Figure(str(label), shown, shown is None)
        for (label, _count), shown in zip(pairs, kept, strict=True)
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
