"""The protection gaps as a workbook (XLSX, made at once): About, Heat map (shares), Cells
(every figure), Safeguards and Trend, one sheet each.

Names in it come from the institution's own records (kinds of place, authorities, areas,
factors): every text is written as text, never as a formula, as `vigil.core.downloads` does
for tables, so that a name like "=HYPERLINK(…)" cannot run in a spreadsheet.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from vigil.core.models import Institution
from vigil.risk.reports.common import explanation, scope_text
from vigil.risk.reports.heat_map import heat_sheets
from vigil.risk.reports.safeguards import safeguard_sheet
from vigil.risk.reports.trend import trend_sheet
from vigil.risk.selectors.gaps import Gaps


def _about_sheet(book: Any, gaps: Gaps, institution: Institution) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    about = book.active
    assert about is not None
    about.title = str(_("About"))[:31]
    lines: list[tuple[str, Any]] = [
        (str(_("Protection gaps")), institution.name),
        (str(_("As of")), gaps.today),
        (str(_("Columns")), gaps.dimension_label),
        (str(_("Places")), scope_text(gaps)),
        (str(_("Chosen places")), "; ".join(gaps.summary) or str(_("All"))),
        (str(_("Not yet scored")), gaps.unscored),
        (str(_("How to read")), explanation()),
    ]
    for label, value in lines:
        about.append([label, value])
    about["B2"].number_format = "yyyy-mm-dd"
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    for row in about.iter_rows():
        row[0].font = bold
        row[1].alignment = wrap


def _text_never_formula(book: Any) -> None:
    # openpyxl makes a text that starts with "=" a formula; typed as text it stays text.
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"


def gaps_xlsx(gaps: Gaps, *, institution: Institution) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    _about_sheet(book, gaps, institution)
    _heat, detail = heat_sheets(book, gaps)
    safeguards = safeguard_sheet(book, gaps)
    trend = trend_sheet(book, gaps)
    bold = Font(bold=True)
    for sheet in (detail, safeguards, trend):
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = bold
        for index in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 20
    _text_never_formula(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
