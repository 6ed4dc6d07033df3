"""The safeguards most often missing: a ranked table in the PDF, a sheet in the workbook."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from vigil.core.redaction import Table
from vigil.risk.reports.common import percent_label, text_row
from vigil.risk.selectors.gaps import Gaps


def safeguard_table(gaps: Gaps) -> Table:
    """The safeguards, ranked by the share of places where they are found missing."""
    return Table(
        headers=[_("Rank"), _("Safeguard"), _("Group"), _("Places"), _("Share"), _("Mean value")],
        rows=[
            text_row(
                str(s.rank),
                s.name,
                s.group_label,
                f"{s.cell.contributing} / {s.cell.places}",
                percent_label(s.cell.share_text),
                s.cell.mean_text,
            )
            for s in gaps.safeguards
        ],
        caption=_("Safeguards most often missing"),
    )


def safeguard_sheet(book: Any, gaps: Gaps) -> Any:
    safeguards = book.create_sheet(str(_("Safeguards"))[:31])
    safeguards.append(
        [
            str(_("Rank")),
            str(_("Safeguard")),
            str(_("Group")),
            str(_("Places where it is missing")),
            str(_("Places scored")),
            str(_("Share")),
            str(_("Mean value")),
        ]
    )
    for s in gaps.safeguards:
        safeguards.append(
            [
                s.rank,
                s.name,
                s.group_label,
                s.cell.contributing,
                s.cell.places,
                s.cell.share / 100,
                float(s.cell.mean_value),
            ]
        )
        safeguards.cell(row=safeguards.max_row, column=6).number_format = "0.0%"
        safeguards.cell(row=safeguards.max_row, column=7).number_format = "0.00"
    return safeguards
