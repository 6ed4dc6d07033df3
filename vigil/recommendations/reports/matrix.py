"""The matrix: an XLSX of recommendations sent to an authority, which it fills and returns.

The sheet lists the chosen recommendations with their current response and status, and
leaves five columns for the authority to fill. Its columns are also those its import reads
back (`vigil.recommendations.imports.matrix`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.tabular import Column, parse_date, text_parser
from vigil.recommendations.imports.cells import vocabulary_parser
from vigil.recommendations.models import Recommendation, Response, Status

# --- the columns, shared by the export and the import ------------------------------------

MATRIX_COLUMNS = [
    Column(
        "reference",
        gettext_lazy("Reference"),
        text_parser(64),
        required=True,
        aliases=("ref", "id", "recommendation id", "recommendation reference"),
        help=gettext_lazy("The recommendation's reference in Vigil; do not change it."),
    ),
    Column(
        "response",
        gettext_lazy("Response"),
        vocabulary_parser(Response.choices),
        aliases=("authority response", "response of the authority"),
        help=gettext_lazy(
            "accepted, partially accepted, rejected or no response (codes or names, any case); "
            "empty: no change"
        ),
    ),
    Column(
        "response_on",
        gettext_lazy("Response date"),
        parse_date,
        aliases=("date of response", "response received on"),
        help=gettext_lazy("YYYY-MM-DD; today when empty"),
    ),
    Column(
        "status",
        gettext_lazy("Implementation status"),
        vocabulary_parser(Status.choices),
        aliases=("new status",),
        help=gettext_lazy(
            "not started, in progress, partially implemented, implemented, not implemented or "
            "no longer relevant; empty: no change"
        ),
    ),
    Column(
        "status_on",
        gettext_lazy("Status as of"),
        parse_date,
        aliases=("status date",),
        help=gettext_lazy("YYYY-MM-DD; today when empty"),
    ),
    Column(
        "comment",
        gettext_lazy("Comment / evidence"),
        text_parser(10_000),
        aliases=("comment", "comments", "evidence", "remarks"),
        help=gettext_lazy(
            "Kept as the text of the response and as the evidence of the status recorded."
        ),
    ),
]

# What the authority reads before the columns it fills (ignored on import).
INFO_HEADERS: list[str | Promise] = [
    gettext_lazy("Date"),
    gettext_lazy("Recommendation"),
    gettext_lazy("Priority"),
    gettext_lazy("Due date"),
    gettext_lazy("Current response"),
    gettext_lazy("Current status"),
]


def matrix_headers() -> list[str]:
    reference, *to_fill = MATRIX_COLUMNS
    return [str(reference.label), *(str(h) for h in INFO_HEADERS), *(str(c.label) for c in to_fill)]


def _matrix_row(rec: Recommendation) -> list[Any]:
    return [
        rec.reference,
        rec.issued_on,
        rec.text,
        rec.get_priority_display(),
        rec.due_on,
        rec.get_response_display() if rec.response else None,
        rec.get_status_display(),
        None,
        None,
        None,
        None,
        None,
    ]


_WIDTHS = [16, 12, 70, 10, 12, 20, 22, 22, 14, 24, 14, 45]
_DATE_COLUMNS = (2, 5, 9, 11)  # 1-based: date, due date, response date, status as of
_TO_FILL_FROM = 8  # 1-based: the first column the authority fills


def matrix_xlsx(recommendations: Iterable[Recommendation]) -> bytes:
    """The workbook: the matrix on the first sheet (the one an import reads), and the
    vocabularies its drop-down lists offer on a second, hidden sheet. Nothing is protected."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(_("Matrix"))[:31]
    headers = matrix_headers()
    sheet.append(headers)
    count = 0
    for rec in recommendations:
        sheet.append(_matrix_row(rec))
        count += 1
    last = max(count + 1, 2)

    bold, to_fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.font = bold
        if cell.column >= _TO_FILL_FROM:
            cell.fill = to_fill
    for row in sheet.iter_rows(min_row=2, max_row=count + 1):
        for cell in row:
            cell.alignment = wrap
            if cell.column in _DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"

    lists = book.create_sheet(str(_("Lists"))[:31])
    lists.append([str(_("Response")), str(_("Implementation status"))])
    responses, statuses = (
        [str(label) for label in Response.labels],
        [str(label) for label in Status.labels],
    )
    for position in range(max(len(responses), len(statuses))):
        lists.append(
            [
                responses[position] if position < len(responses) else None,
                statuses[position] if position < len(statuses) else None,
            ]
        )
    lists.sheet_state = "hidden"
    title = lists.title.replace("'", "''")
    for column, letter, size in ((8, "A", len(responses)), (10, "B", len(statuses))):
        # A warning, not a stop: the import also reads codes and any case.
        validation = DataValidation(
            type="list",
            formula1=f"'{title}'!${letter}$2:${letter}${size + 1}",
            allow_blank=True,
            errorStyle="warning",
            showErrorMessage=True,
            errorTitle=str(_("Not in the list")),
            error=str(_("Choose a value from the list.")),
        )
        validation.add(f"{get_column_letter(column)}2:{get_column_letter(column)}{last}")
        sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
