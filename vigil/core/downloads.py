"""Every file Vigil hands to a browser: tables as CSV or XLSX, and generated documents.

Tables go through `table_download`, which writes every cell safely: a text that a
spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, a tab or a carriage
return first) is neutralised, as OWASP advises. In CSV it gets a leading apostrophe; in
XLSX it is written as a text cell, never as a formula, so it reads back unchanged. Numbers
and dates stay numbers and dates.

Files about people are `private`: no browser or proxy may keep a copy.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_FORMATS = ("csv", "xlsx")
# What makes Excel, LibreOffice or Google Sheets read a cell as a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number ("-12.5") is no formula, and stays readable as a number.
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?\Z")


def _plain(value: Any) -> Any:
    """A cell's value as a spreadsheet should hold it (Decimal without trailing zeros)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, str):
        return str(value)  # a str subclass (a damaged value's marker) as plain text
    return value


def csv_cell(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.match(value):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text, line by line, with a BOM so that Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def xlsx_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """One sheet: a bold header row, then the rows; text is never written as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_sheet_title(title))
    bold = Font(bold=True)

    def cell(value: Any, *, header: bool = False) -> WriteOnlyCell:
        value = float(value) if isinstance(value, Decimal) else _plain(value)
        made = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            made.data_type = "s"  # openpyxl would make "=…" a formula
        if header:
            made.font = bold
        return made

    sheet.append([cell(h, header=True) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's name, and names over 31 characters.
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(title)).strip()
    return cleaned[:31] or "Sheet"


def file_download(
    content: bytes | Iterator[str] | Iterator[bytes],
    *,
    filename: str,
    content_type: str,
    private: bool = False,
) -> HttpResponseBase:
    """An attachment; a streaming response when `content` is an iterator."""
    response: HttpResponseBase
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    if private:
        response["Cache-Control"] = "no-store"
    return response


def table_download(
    *,
    fmt: str,
    filename: str,
    headers: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    title: str = "",
    private: bool = False,
) -> HttpResponseBase:
    """A table as `fmt` ("csv" or "xlsx"); `filename` has no extension. Another format: 404."""
    if fmt == "csv":
        return file_download(
            csv_lines(headers, rows),
            filename=f"{filename}.csv",
            content_type=CSV_CONTENT_TYPE,
            private=private,
        )
    if fmt == "xlsx":
        return file_download(
            xlsx_bytes(headers, rows, title=title or filename),
            filename=f"{filename}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
            private=private,
        )
    raise Http404
