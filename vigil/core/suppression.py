"""Small-count suppression: the one place that decides which counts a reader may see.

A count of 1 or 2 in a small institution can point to a person (the only woman interviewed
in a police station, the one reprisal in a district). Every page, export, API response and
document that shows aggregates of people passes its counts through `suppress`; decision
0024 says why it lives here and what it hides.

- The threshold is the institution's (`Institution.small_count_below`, 5 by default):
  counts from 1 to threshold-1 are withheld, shown as "fewer than 5". Zero is shown: it
  points to nobody.
- Roles in casework (those who interview and hold the cases: `Capability.SEE_SMALL_COUNTS`)
  see exact counts; every other role sees suppressed ones. What leaves the institution (the
  API, published documents) is suppressed for everyone: call `suppress` with the
  institution's `threshold`, not the reader's.
- When one count alone is withheld in a group, the next smallest is withheld too, so that it
  cannot be worked out from the group's total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from vigil.core.models import Institution, Membership
from vigil.core.roles import Capability, role_can

DEFAULT_BELOW = 5


@dataclass(frozen=True)
class Figure:
    """A count as a reader may see it: `count` is None when it is withheld."""

    label: str
    count: int | None
    suppressed: bool
    below: int = DEFAULT_BELOW

    @property
    def text(self) -> str:
        """The count, or "fewer than 5" when withheld."""
        if self.suppressed:
            return fewer_than(self.below)
        return str(self.count)

    def __str__(self) -> str:
        return self.text


def fewer_than(below: int) -> str:
    return _("fewer than %(n)d") % {"n": below}


def threshold(institution: Institution) -> int:
    """The institution's threshold: what leaves it is suppressed below this, for everyone."""
    return institution.small_count_below or DEFAULT_BELOW


def threshold_for(actor: Membership) -> int | None:
    """The threshold for this reader inside the institution; None when they see exact counts
    (casework roles)."""
    if role_can(actor.role, Capability.SEE_SMALL_COUNTS):
        return None
    return threshold(actor.institution)


def suppress(pairs: Sequence[tuple[Any, int]], below: int | None) -> list[Figure]:
    """Counts of one group (whose total may be shown) with the small ones withheld.

    Counts from 1 to below-1 are withheld; when that hides a single count of the group,
    the next smallest non-zero count is withheld too. `below` None: nothing is withheld.
    """
    if below is None:
        return [Figure(str(label), count, False) for label, count in pairs]
    small = {i for i, (_label, count) in enumerate(pairs) if 0 < count < below}
    if len(small) == 1:
        others = [(count, i) for i, (_label, count) in enumerate(pairs) if i not in small and count]
        if others:
            small.add(min(others)[1])
    return [
        Figure(str(label), None if i in small else count, i in small, below)
        for i, (label, count) in enumerate(pairs)
    ]


def suppress_one(label: Any, count: int, below: int | None) -> Figure:
    """A count shown alone (a total): withheld when small."""
    return suppress([(label, count)], below)[0]
