"""The people section's figures as they may leave: the statistics page's aggregates, with
small counts suppressed for every reader, at the institution's threshold, so that no
person can be singled out from them (vigil/core/suppression.py)."""

from __future__ import annotations

from typing import Any

from vigil.core.models import Membership
from vigil.core.suppression import Figure, suppress, threshold
from vigil.people.selectors.statistics import people_statistics

__all__ = ["Figure", "people_figures"]


def people_figures(*, actor: Membership) -> dict[str, Any]:
    below = threshold(actor.institution)
    sections = []
    for section in people_statistics(actor=actor):
        sections.append(
            {
                "key": section.key,
                "title": str(section.title),
                "totals": suppress(list(section.totals), below),
                "breakdowns": [
                    {
                        "key": b.key,
                        "title": str(b.title),
                        "note": str(b.note),
                        "rows": suppress([(r.label, r.count) for r in b.rows], below),
                    }
                    for b in section.breakdowns
                ],
            }
        )
    return {"suppressed_below": below, "sections": sections}
