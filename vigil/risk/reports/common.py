"""What every part of the protection gaps report shares: how figures are worded, the note
on how to read them, and the file's name.

The report holds figures only: shares and averages per factor and per kind of place,
authority or area. It names no person and no place.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from vigil.core.dates import day
from vigil.core.redaction import Row, Runs
from vigil.risk.selectors.gaps import Gaps

GROUP_SOURCE = "risk.factorgroup"  # rows that head a group of factors in the heat map


def day_text(value: Any) -> str:
    return day(value) if value else "—"


def text_row(*texts: str, source: str = "") -> Row:
    """A row of a document's table, one text per cell."""
    cells: list[Runs] = [[text] for text in texts]
    return Row(cells, source=source)


def percent_label(share_text: str) -> str:
    return f"{share_text} %"


def explanation() -> str:
    """How to read a cell of the heat map."""
    return _(
        "A factor contributes at a place when the place's latest risk score found evidence of "
        "it (its value is above 0). Each cell gives the share of the scored places of the "
        "column where the factor contributes, how many places that is, and the mean value of "
        "the factor over those places (0: no evidence, 1: the factor at its maximum)."
    )


def scope_text(gaps: Gaps) -> str:
    """Which scores the figures come from: how many places, of which dates and versions."""
    text = _("%(n)s places scored") % {"n": gaps.scored}
    if gaps.newest_score:
        text += ", " + _("scores of %(first)s to %(last)s") % {
            "first": day_text(gaps.oldest_score),
            "last": day_text(gaps.newest_score),
        }
    if gaps.versions:
        versions = ", ".join(f"v{v}" for v in gaps.versions)
        text += ", " + _("configuration %(versions)s") % {"versions": versions}
    return text


def filename(gaps: Gaps, fmt: str) -> str:
    """Chosen by Vigil, never by the request."""
    dimension = slugify(gaps.filters.dimension) or "kind"
    return f"vigil-protection-gaps-{dimension}-{gaps.today.isoformat()}.{fmt}"
