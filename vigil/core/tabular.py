"""Reading and writing tables (CSV and XLSX) for imports and exports.

An importer declares its `Column`s; a file's headers are mapped onto them (guessed
from the header names, adjustable by the user); every cell is parsed and every
problem is reported with its row and column. Nothing is written here: the
importer applies the rows in one transaction only when no row has a problem.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from vigil.core.downloads import FORMULA_STARTS

MAX_ROWS = 200_000
MAX_BYTES = 50 * 1024 * 1024


class TableError(Exception):
    """The file as a whole cannot be read; the message says why."""


class CellError(ValueError):
    """One cell is wrong; the message names the problem (not the row or column)."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    parse: Callable[[str], Any] = lambda raw: raw
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str | Promise = ""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    # Each row's number in the file as the user sees it (blank rows are skipped, not renumbered).
    numbers: list[int] = field(default_factory=list)

    def number_of(self, index: int) -> int:
        return self.numbers[index] if self.numbers else index + 2


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the user sees it in the file: the header is row 1
    column: str
    problem: str


@dataclass
class ParsedTable:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def unescape_formula(cell: str) -> str:
    """Undo the apostrophe that Vigil's CSV exports put before formula-like text, so that an
    export imports back unchanged (see vigil.core.downloads)."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _read_csv(content: bytes) -> list[list[str]]:
    if b"\x00" in content:
        # Text never holds NUL bytes; images, PDFs and UTF-16 "Unicode text" do.
        raise TableError(_("This is not a CSV or Excel file; save it as CSV (UTF-8) or .xlsx."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise TableError(_("The file is not UTF-8 text; save it as CSV (UTF-8).")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        # newline="" lets csv read quoted line breaks and old Mac (CR-only) line ends.
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        return [[unescape_formula(cell.strip()).strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise TableError(
            _("The file could not be read as CSV; save it as CSV (UTF-8) or .xlsx.")
        ) from exc


def _open_workbook(content: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(_("The file could not be opened as an Excel workbook.")) from exc


def _sheet_rows(sheet: Any) -> list[list[str]]:
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append([_cell(v) for v in values])
        if len(rows) > MAX_ROWS + 1:
            break
    return rows


def _read_xlsx(content: bytes) -> list[list[str]]:
    book = _open_workbook(content)
    try:
        return _sheet_rows(book.worksheets[0])
    finally:
        book.close()


def read_sheets(content: bytes) -> dict[str, Table]:
    """Every sheet of a workbook that holds a table, by sheet name (exports with repeats)."""
    book = _open_workbook(content)
    try:
        tables = {}
        for sheet in book.worksheets:
            try:
                tables[sheet.title] = _table(_sheet_rows(sheet))
            except TableError:
                continue
        return tables
    finally:
        book.close()


def read_table(content: bytes, filename: str) -> Table:
    if len(content) > MAX_BYTES:
        raise TableError(_("The file is larger than 50 MB; split it into smaller files."))
    if not content.strip():
        raise TableError(_("The file is empty."))
    is_xlsx = content[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm"))
    return _table(_read_xlsx(content) if is_xlsx else _read_csv(content))


def _table(read: list[list[str]]) -> Table:
    numbered = [(number, row) for number, row in enumerate(read, start=1) if any(row)]
    if not numbered:
        raise TableError(_("The file holds no rows."))
    headers = [h.strip() for h in numbered[0][1]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TableError(_("The first row must hold the column names."))
    seen: set[str] = set()
    for header in headers:
        if _norm(header) in seen and header:
            raise TableError(_("The column %(name)s appears twice.") % {"name": header})
        seen.add(_norm(header))
    body = numbered[1:]
    if len(body) > MAX_ROWS:
        raise TableError(_("The file has more than %(n)s rows.") % {"n": f"{MAX_ROWS:,}"})
    width = len(headers)
    return Table(
        headers,
        [(row + [""] * width)[:width] for _number, row in body],
        [number for number, _row in body],
    )


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def guess_mapping(headers: Sequence[str], columns: Sequence[Column]) -> dict[str, str]:
    """Column key -> header, matched by key, label or alias regardless of case and spacing."""
    by_norm = {_norm(h): h for h in headers if h}
    mapping: dict[str, str] = {}
    for column in columns:
        for name in (column.key, str(column.label), *column.aliases):
            if _norm(name) in by_norm:
                mapping[column.key] = by_norm[_norm(name)]
                break
    return mapping


def mapping_problems(
    mapping: dict[str, str], columns: Sequence[Column], headers: Sequence[str]
) -> list[str]:
    problems = [
        _("Choose the file's column for “%(label)s”.") % {"label": c.label}
        for c in columns
        if c.required and not mapping.get(c.key)
    ]
    used = [h for h in mapping.values() if h]
    problems += [
        _("The column %(name)s is not in the file.") % {"name": h} for h in used if h not in headers
    ]
    doubles = {h for h in used if used.count(h) > 1}
    problems += [_("The column %(name)s is chosen twice.") % {"name": h} for h in sorted(doubles)]
    return problems


def parse_table(
    table: Table,
    mapping: dict[str, str],
    columns: Sequence[Column],
    progress: Callable[[int, int], None] | None = None,
) -> ParsedTable:
    index = {key: table.headers.index(header) for key, header in mapping.items() if header}
    result = ParsedTable()
    total = len(table.rows)
    for position_in_table, raw in enumerate(table.rows):
        number = table.number_of(position_in_table)
        values: dict[str, Any] = {}
        for column in columns:
            position = index.get(column.key)
            text = raw[position].strip() if position is not None else ""
            label = mapping.get(column.key) or str(column.label)
            if not text:
                if column.required:
                    result.problems.append(RowProblem(number, label, _("A value is required.")))
                values[column.key] = None
                continue
            try:
                values[column.key] = column.parse(text)
            except CellError as error:
                result.problems.append(RowProblem(number, label, str(error)))
        result.rows.append((number, values))
        if progress and (position_in_table + 1) % 500 == 0:
            progress(position_in_table + 1, total)
    return result


# --- cell parsers ------------------------------------------------------------


# The largest whole number every supported database stores in an integer column.
MAX_INT = 2_147_483_647


def parse_int(text: str, *, minimum: int | None = 0, maximum: int = MAX_INT) -> int:
    cleaned = text.replace(",", "").replace(" ", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": text}) from exc
    if not number.is_finite() or number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
    if minimum is not None and number < minimum:
        raise CellError(_("Must be %(min)s or more.") % {"min": minimum})
    if number > maximum:
        raise CellError(_("Must be %(max)s or less.") % {"max": f"{maximum:,}"})
    return int(number)


def parse_decimal(text: str, *, low: float, high: float) -> Decimal:
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from exc
    if not number.is_finite():  # "NaN" and "Infinity" parse, but compare with nothing
        raise CellError(_("“%(value)s” is not a number.") % {"value": text})
    if not (Decimal(str(low)) <= number <= Decimal(str(high))):
        raise CellError(_("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
    return number


def parse_date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(_("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": text})


def text_parser(limit: int) -> Callable[[str], str]:
    """A text cell of at most `limit` characters (the column's size in the database)."""

    def parse(text: str) -> str:
        if len(text) > limit:
            raise CellError(_("Longer than %(n)s characters.") % {"n": limit})
        return text

    return parse


def choice_parser(choices: Iterable[tuple[str, Any]]) -> Callable[[str], str]:
    """Accept a choice by its code or its label, in any case."""
    options = {}
    for code, label in choices:
        options[_norm(code)] = code
        options[_norm(str(label))] = code
    allowed = ", ".join(code for code, _label in choices)

    def parse(text: str) -> str:
        try:
            return options[_norm(text)]
        except KeyError:
            raise CellError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
            ) from None

    return parse
