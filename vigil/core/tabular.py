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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, NoReturn
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from vigil.core.downloads import FORMULA_STARTS
from vigil.core.limits import (
    Limits,
    UploadRefused,
    check_archive,
    check_size,
    check_table_shape,
    unsafe_xml,
)


class TableError(Exception):
    """The file as a whole cannot be read; the message says why."""

    # The setting of the upload limit the file passed, when that is why (vigil.core.limits).
    limit = ""


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
    # The row that holds the column names (title rows above it are passed over).
    header_row: int = 1

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


Numbered = list[tuple[int, list[str]]]
# The most columns a spreadsheet application writes (Excel's XFD).
EXCEL_COLUMNS = 16_384


class _Rows:
    """The non-blank rows of a table as it is read, numbered as the user sees them; each
    row passes the table limits before it is kept, so no more than the limits is held."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.kept: Numbered = []
        self.cells = 0

    def add(self, number: int, row: list[str]) -> None:
        while row and not row[-1]:
            row.pop()
        if not row:
            return
        self.cells += len(row)
        check_table_shape(
            rows=len(self.kept),  # the header is not counted
            columns=len(row),
            cells=self.cells,
            cell_chars=max(map(len, row)),
            limits=self.limits,
        )
        self.kept.append((number, row))


def _decode(content: bytes) -> str:
    if b"\x00" in content:
        # Text never holds NUL bytes; images, PDFs and UTF-16 "Unicode text" do.
        raise TableError(_("This is not a CSV or Excel file; save it as CSV (UTF-8) or .xlsx."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise TableError(_("The file is not UTF-8 text; save it as CSV (UTF-8).")) from exc


def _bounded_lines(text: str, dialect: Any, limits: Limits) -> Iterator[str]:
    """The file's lines, refusing a record with too many fields before csv builds it.

    csv holds a whole record in memory, and one line of 25 million commas is a record of
    25 million cells. Any record a spreadsheet can write passes here (its empty trailing
    cells are dropped, and the column limit applied, as it is read). Delimiters inside
    quotes are not counted (the quote state is kept across lines, since a quoted cell may
    span several).
    """
    delimiter, quote = dialect.delimiter, dialect.quotechar or "\x00"
    inside, fields = False, 1
    for line in io.StringIO(text, newline=""):
        parts = line.split(quote)
        fields += sum(part.count(delimiter) for part in parts[1 if inside else 0 :: 2])
        if len(parts) % 2 == 0:
            inside = not inside
        if fields > max(limits.table_columns, EXCEL_COLUMNS):
            check_table_shape(columns=fields, limits=limits)
        if not inside:
            fields = 1
        yield line


def _read_csv(content: bytes, limits: Limits) -> Numbered:
    text = _decode(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = _Rows(limits)
    try:
        # newline="" lets csv read quoted line breaks and old Mac (CR-only) line ends.
        reader = csv.reader(_bounded_lines(text, dialect, limits), dialect)
        for number, row in enumerate(reader, start=1):
            rows.add(number, [unescape_formula(cell.strip()).strip() for cell in row])
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            check_table_shape(cell_chars=limits.cell_chars + 1, limits=limits)
        raise TableError(
            _("The file could not be read as CSV; save it as CSV (UTF-8) or .xlsx.")
        ) from exc
    return rows.kept


def _open_workbook(content: bytes, limits: Limits) -> Any:
    from openpyxl import load_workbook

    # Before openpyxl sees the file: it would trust the archive's headers and inflate
    # whatever they point to.
    check_archive(content, kind="xlsx", limits=limits)
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except _UNREADABLE as exc:
        _refuse_unreadable(exc)


# What openpyxl raises for a workbook it cannot read (our own limits are ValueErrors too).
_UNREADABLE = (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError, EOFError)


def _refuse_unreadable(error: BaseException) -> NoReturn:
    """Say why a workbook cannot be read: a limit, XML Vigil refuses (defusedxml's error,
    which openpyxl may wrap in a ValueError), or damage."""
    cause: BaseException | None = error
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, UploadRefused):
            raise cause
        if isinstance(cause, DefusedXmlException):
            raise unsafe_xml() from error
        cause = cause.__cause__ or cause.__context__
    raise TableError(_("The file could not be opened as an Excel workbook.")) from error


def _sheet_rows(sheet: Any, limits: Limits) -> Numbered:
    rows = _Rows(limits)
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            rows.add(number, [_cell(v) for v in values])
    except _UNREADABLE as exc:
        _refuse_unreadable(exc)
    return rows.kept


def _read_xlsx(content: bytes, limits: Limits) -> Numbered:
    book = _open_workbook(content, limits)
    try:
        return _sheet_rows(book.worksheets[0], limits)
    finally:
        book.close()


def _refusal(error: UploadRefused) -> TableError:
    refused = TableError(error.message)
    refused.limit = error.limit
    return refused


def read_sheets(
    content: bytes, *, limits: Limits | None = None, exact_headers: bool = False
) -> dict[str, Table]:
    """Every sheet of a workbook that holds a table, by sheet name (exports with repeats).

    The limits hold for the whole workbook: its rows and cells are counted across sheets.
    """
    limits = limits or Limits.current()
    try:
        book = _open_workbook(content, limits)
        try:
            tables = {}
            for sheet in book.worksheets:
                try:
                    tables[sheet.title] = _table(_sheet_rows(sheet, limits), exact_headers)
                except TableError:
                    continue
            return tables
        finally:
            book.close()
    except UploadRefused as error:
        raise _refusal(error) from error


def read_table(
    content: bytes, filename: str, *, limits: Limits | None = None, exact_headers: bool = False
) -> Table:
    """The first table of a CSV or XLSX file, within the upload limits (vigil.core.limits).

    Column names must differ as `guess_mapping` compares them (case, accents, spaces and
    punctuation aside), or, with `exact_headers`, as written: exports that name columns by
    path ("q/other" beside "q_other") are read by exact name, never mapped."""
    limits = limits or Limits.current()
    try:
        check_size(len(content), limits=limits)
        if not content.strip():
            raise TableError(_("The file is empty."))
        is_xlsx = content[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm"))
        rows = _read_xlsx(content, limits) if is_xlsx else _read_csv(content, limits)
        return _table(rows, exact_headers)
    except UploadRefused as error:
        raise _refusal(error) from error


def _header_index(numbered: Numbered) -> int:
    """Where the column names are: ministries put a title, a date or a logo's caption in
    merged cells above them. The first of the first ten rows that fills at least half as
    many cells as the fullest of them is taken; a one-column table starts at its top."""
    widths = [sum(1 for cell in row if cell.strip()) for _number, row in numbered[:10]]
    widest = max(widths, default=0)
    if widest < 2:
        return 0
    return next(i for i, width in enumerate(widths) if width * 2 >= widest)


def _table(numbered: Numbered, exact_headers: bool = False) -> Table:
    if not numbered:
        raise TableError(_("The file holds no rows."))
    numbered = numbered[_header_index(numbered) :]
    headers = [h.strip() for h in numbered[0][1]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TableError(_("The first row must hold the column names."))
    compared = (lambda h: " ".join(h.split()).casefold()) if exact_headers else _norm
    seen: set[str] = set()
    for header in headers:
        if compared(header) in seen and header:
            raise TableError(_("The column %(name)s appears twice.") % {"name": header})
        seen.add(compared(header))
    body = numbered[1:]
    width = len(headers)
    return Table(
        headers,
        [(row + [""] * width)[:width] for _number, row in body],
        [number for number, _row in body],
        header_row=numbered[0][0],
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


@dataclass(frozen=True)
class PreviewCell:
    shown: str
    problem: str = ""


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def preview_rows(
    table: Table, mapping: dict[str, str], columns: Sequence[Column], *, rows: int = 5
) -> list[list[PreviewCell]]:
    """The first rows as they will be stored, column by column, with each cell's problem:
    the user sees how "1.000" or "03/04/2026" is read before anything is imported."""
    head = Table(table.headers, table.rows[:rows], table.numbers[:rows])
    parsed = parse_table(head, mapping, columns)
    problems = {(p.row, p.column): p.problem for p in parsed.problems}
    labels = {c.key: mapping.get(c.key) or str(c.label) for c in columns}
    return [
        [
            PreviewCell(_shown(values.get(c.key)), problems.get((number, labels[c.key]), ""))
            for c in columns
        ]
        for number, values in parsed.rows
    ]


# --- the institution's conventions for numbers and dates ---------------------------------

POINT, COMMA = "point", "comma"  # the decimal mark: 1,234.5 or 1.234,5
DAY_FIRST, MONTH_FIRST = "dmy", "mdy"


@dataclass(frozen=True)
class Conventions:
    """How the institution's spreadsheets write numbers and dates.

    `decimal_mark` decides what "1.000" is (one, or a thousand). `date_order` decides what
    "03/04/2026" is; when it is not chosen, such a date is refused rather than guessed.
    """

    decimal_mark: str = POINT
    date_order: str = ""


_conventions: ContextVar[Conventions] = ContextVar(
    "tabular_conventions",
    default=Conventions(),  # noqa: B039 - a frozen dataclass, never changed in place
)


@contextmanager
def reading_conventions(conventions: Conventions) -> Iterator[None]:
    """Parse the cells read inside the block with these conventions."""
    token = _conventions.set(conventions)
    try:
        yield
    finally:
        _conventions.reset(token)


_SPACES = re.compile(r"[\s\u00a0\u202f']")  # spaces, no-break spaces, Swiss apostrophes


def _plain_number(text: str, *, whole: bool) -> str:
    """The number with thousands separators removed and a point as decimal mark.

    With a decimal point, a lone comma in a whole number groups thousands ("1,000"); in a
    decimal (a coordinate typed as 47,918) it is read as the decimal mark, as before the
    institution could choose."""
    text = _SPACES.sub("", text)
    if _conventions.get().decimal_mark == COMMA:
        return text.replace(".", "").replace(",", ".")
    if not whole and "." not in text and text.count(",") == 1:
        return text.replace(",", ".")
    return text.replace(",", "")


# --- cell parsers ------------------------------------------------------------


# The largest whole number every supported database stores in an integer column.
MAX_INT = 2_147_483_647


def parse_int(text: str, *, minimum: int | None = 0, maximum: int = MAX_INT) -> int:
    cleaned = _plain_number(text, whole=True)
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
        number = Decimal(_plain_number(text, whole=False))
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from exc
    if not number.is_finite():  # "NaN" and "Infinity" parse, but compare with nothing
        raise CellError(_("“%(value)s” is not a number.") % {"value": text})
    if not (Decimal(str(low)) <= number <= Decimal(str(high))):
        raise CellError(_("Must be between %(low)s and %(high)s.") % {"low": low, "high": high})
    return number


_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _slashed_date(first: int, second: int, year: int, text: str) -> date:
    """ "03/04/2026": the day comes first or second as the institution chose; unchosen, a
    date that reads both ways is refused, and an unambiguous one is read day first."""
    order = _conventions.get().date_order
    if not order and first <= 12 and second <= 12 and first != second:
        raise CellError(
            _(
                "“%(value)s” could be read two ways (day first or month first); choose the "
                "order of dates in the institution's settings, or write it as YYYY-MM-DD."
            )
            % {"value": text}
        )
    day, month = (second, first) if order == MONTH_FIRST else (first, second)
    return date(year, month, day)


def parse_date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if slashed := _SLASHED.match(text):
        first, second, year = (int(part) for part in slashed.groups())
        try:
            return _slashed_date(first, second, year, text)
        except CellError:
            raise
        except ValueError:
            pass  # no such day (31/02): said below
    raise CellError(_("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": text})


def text_parser(limit: int) -> Callable[[str], str]:
    """A text cell of at most `limit` characters (the column's size in the database)."""

    def parse(text: str) -> str:
        if len(text) > limit:
            raise CellError(_("Longer than %(n)s characters.") % {"n": limit})
        return text

    return parse


def choice_parser(choices: Iterable[tuple[str, Any]]) -> Callable[[str], str]:
    """Accept a choice by its code or its label (in any shipped language), in any case; a
    refusal lists the labels, in the reader's language, as the forms offer them."""
    choices = list(choices)

    @cache  # read at the first cell, not at import time, when no catalogue is loaded yet
    def options() -> dict[str, str]:
        found = {_norm(code): code for code, _label in choices}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                found.update({_norm(str(label)): code for code, label in choices})
        return found

    def parse(text: str) -> str:
        try:
            return options()[_norm(text)]
        except KeyError:
            allowed = ", ".join(str(label) for _code, label in choices)
            raise CellError(
                _("“%(value)s” is not one of: %(allowed)s.") % {"value": text, "allowed": allowed}
            ) from None

    return parse
