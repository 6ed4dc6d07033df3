"""Reading CSV and Excel tables, matching their columns, parsing every cell with a clear message."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from vigil.core.tabular import (
    CellError,
    Column,
    TableError,
    choice_parser,
    guess_mapping,
    mapping_problems,
    parse_date,
    parse_decimal,
    parse_int,
    parse_table,
    read_table,
    text_parser,
)

COLUMNS = [
    Column("external_ref", "Reference", required=True, aliases=("ref", "code")),
    Column("name", "Name", required=True),
    Column("capacity", "Official capacity", parse_int),
    Column("opened_on", "Opened on", parse_date),
]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- reading ------------------------------------------------------------------


def test_utf8_csv_with_a_byte_order_mark_reads_its_first_header_cleanly():
    content = "\ufeffReference,Name\nP-1,Ulaanbaatar Detention Centre №1\n".encode()
    table = read_table(content, "places.csv")
    assert table.headers == ["Reference", "Name"]
    assert table.rows == [["P-1", "Ulaanbaatar Detention Centre №1"]]


def test_semicolon_delimited_csv_is_recognised():
    content = b"Reference;Name;Official capacity\nP-1;Central lock-up;120\nP-2;North prison;800\n"
    table = read_table(content, "places.csv")
    assert table.headers == ["Reference", "Name", "Official capacity"]
    assert table.rows == [["P-1", "Central lock-up", "120"], ["P-2", "North prison", "800"]]


def test_csv_saved_by_excel_in_windows_1252_is_read():
    content = "Reference,Name\nP-1,Cárcel de Mujeres – Pabellón Ñ\n".encode("cp1252")
    table = read_table(content, "places.csv")
    assert table.rows == [["P-1", "Cárcel de Mujeres – Pabellón Ñ"]]


def test_csv_with_old_mac_line_ends_and_quoted_line_breaks_is_read():
    content = b'Reference,Name\rP-1,"Lock-up\rannex"\rP-2,Prison\r'
    table = read_table(content, "places.csv")
    assert table.rows == [["P-1", "Lock-up\rannex"], ["P-2", "Prison"]]


def test_cells_are_trimmed_and_short_rows_are_padded():
    table = read_table(b"Reference , Name,Notes\n P-1 ,Lock-up\n", "places.csv")
    assert table.headers == ["Reference", "Name", "Notes"]
    assert table.rows == [["P-1", "Lock-up", ""]]


def test_xlsx_made_with_openpyxl_is_read_with_numbers_and_dates_as_text():
    content = _xlsx(
        [
            ["Reference", "Name", "Official capacity", "Opened on", None],
            ["P-1", "Central lock-up", 120, date(2019, 3, 4), None],
            ["P-2", "North prison", 800.0, None, None],
        ]
    )
    table = read_table(content, "places.xlsx")
    assert table.headers == ["Reference", "Name", "Official capacity", "Opened on"]
    assert table.rows == [
        ["P-1", "Central lock-up", "120", "2019-03-04"],
        ["P-2", "North prison", "800", ""],
    ]


def test_xlsx_is_recognised_by_its_content_whatever_its_name():
    table = read_table(_xlsx([["Reference"], ["P-1"]]), "export.csv")
    assert table.rows == [["P-1"]]


@pytest.mark.parametrize("content", [b"", b"   \n\n  \r\n"])
def test_an_empty_file_is_refused(content):
    with pytest.raises(TableError, match="empty"):
        read_table(content, "places.csv")


def test_a_file_of_empty_cells_holds_no_rows():
    with pytest.raises(TableError, match="no rows"):
        read_table(b",,\n , ,\n", "places.csv")
    with pytest.raises(TableError, match="no rows"):
        read_table(_xlsx([[None, None], [None, ""]]), "places.xlsx")


@pytest.mark.parametrize("headers", ["Name,Reference,Name", "Name,Reference,name ", "Name,N-A-M-E"])
def test_a_column_named_twice_is_refused_with_its_name(headers):
    with pytest.raises(TableError, match="appears twice"):
        read_table(f"{headers}\n1,2,3\n".encode(), "places.csv")


def test_a_file_without_a_header_row_maps_nothing_and_every_required_column_is_asked_for():
    table = read_table(b"P-1,Central lock-up,120\nP-2,North prison,800\n", "places.csv")
    assert guess_mapping(table.headers, COLUMNS) == {}
    problems = mapping_problems({}, COLUMNS, table.headers)
    assert problems == [
        "Choose the file's column for “Reference”.",
        "Choose the file's column for “Name”.",
    ]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02", "photo.csv", "not a CSV"),
        (bytes(range(256)) * 8, "random.csv", "not a CSV"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "odd.csv", "not UTF-8"),
        (bytes(range(256)) * 8, "random.xlsx", "could not be opened as an Excel workbook"),
        (b"PK\x03\x04 this is no zip", "fake.xlsx", "could not be opened as an Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_table_gets_a_clear_error(content, filename, message):
    with pytest.raises(TableError, match=message):
        read_table(content, filename)


def test_an_image_that_csv_would_choke_on_is_refused_not_crashed_on():
    # A real 2×2 PNG: its bytes decode as Windows-1252 and hold stray carriage returns.
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    pixels = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2)))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )
    with pytest.raises(TableError):
        read_table(png, "photo.csv")


# --- column mapping -----------------------------------------------------------


def test_guess_mapping_matches_key_label_and_alias_ignoring_case_spacing_and_accents():
    headers = ["REF", "  name ", "Official Capacity", "opened_on", "Unrelated"]
    assert guess_mapping(headers, COLUMNS) == {
        "external_ref": "REF",
        "name": "  name ",
        "capacity": "Official Capacity",
        "opened_on": "opened_on",
    }
    assert guess_mapping(["Référence", "Nâme"], [Column("ref", "Reference"), COLUMNS[1]]) == {
        "ref": "Référence",
        "name": "Nâme",
    }


def test_guess_mapping_prefers_the_key_over_an_alias():
    headers = ["code", "external_ref"]
    assert guess_mapping(headers, COLUMNS)["external_ref"] == "external_ref"


def test_mapping_problems_name_missing_required_columns_unknown_and_doubled_headers():
    headers = ["Reference", "Name", "Size"]
    assert mapping_problems({"external_ref": "Reference", "name": "Name"}, COLUMNS, headers) == []
    problems = mapping_problems(
        {"external_ref": "Reference", "name": "", "capacity": "Capacity", "opened_on": "Reference"},
        COLUMNS,
        headers,
    )
    assert problems == [
        "Choose the file's column for “Name”.",
        "The column Capacity is not in the file.",
        "The column Reference is chosen twice.",
    ]


# --- parsing every row --------------------------------------------------------


def test_parse_table_reports_rows_as_the_user_sees_them_and_the_files_column_name():
    content = (
        b"Ref,Name,Size,Opened on\n"
        b"P-1,Central lock-up,120,2019-03-04\n"
        b"P-2,,lots,2019-02-30\n"
        b"P-3,South prison,-4,\n"
    )
    table = read_table(content, "places.csv")
    mapping = guess_mapping(table.headers, COLUMNS) | {"capacity": "Size"}
    parsed = parse_table(table, mapping, COLUMNS)
    found = [(p.row, p.column, p.problem) for p in parsed.problems]
    assert found == [
        (3, "Name", "A value is required."),
        (3, "Size", "“lots” is not a whole number."),
        (3, "Opened on", "“2019-02-30” is not a date; write it as YYYY-MM-DD."),
        (4, "Size", "Must be 0 or more."),
    ]
    assert parsed.rows[0] == (
        2,
        {
            "external_ref": "P-1",
            "name": "Central lock-up",
            "capacity": 120,
            "opened_on": date(2019, 3, 4),
        },
    )
    assert [number for number, _values in parsed.rows] == [2, 3, 4]


def test_blank_rows_do_not_shift_the_row_numbers_reported():
    csv_content = b"\nRef,Name,Size\nP-1,A,1\n\n,,\nP-2,B,x\n"
    table = read_table(csv_content, "places.csv")
    parsed = parse_table(
        table, guess_mapping(table.headers, COLUMNS) | {"capacity": "Size"}, COLUMNS
    )
    assert [(p.row, p.column) for p in parsed.problems] == [(6, "Size")]

    xlsx_content = _xlsx([[], ["Ref", "Name", "Size"], ["P-1", "A", 1], [], ["P-2", "B", "x"]])
    table = read_table(xlsx_content, "places.xlsx")
    parsed = parse_table(
        table, guess_mapping(table.headers, COLUMNS) | {"capacity": "Size"}, COLUMNS
    )
    assert [(p.row, p.column) for p in parsed.problems] == [(5, "Size")]
    assert [number for number, _values in parsed.rows] == [3, 5]


def test_a_required_column_left_unmapped_is_reported_by_its_label_on_every_row():
    table = read_table(b"Ref\nP-1\nP-2\n", "places.csv")
    parsed = parse_table(table, {"external_ref": "Ref"}, COLUMNS)
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "Name"), (3, "Name")]


# --- cell parsers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"), [("0", 0), ("120", 120), ("1,200", 1200), ("1 200", 1200), ("12.0", 12)]
)
def test_parse_int_accepts_whole_numbers_written_in_common_ways(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("12.5", "“12.5” is not a whole number."), ("twelve", "“twelve” is not a whole number."),
     ("-1", "Must be 0 or more."), ("NaN", "“NaN” is not a whole number."),
     ("Infinity", "“Infinity” is not a whole number."),
     ("2147483648", "Must be 2,147,483,647 or less.")],
)  # fmt: skip
def test_parse_int_refuses_with_a_clear_message(text, message):
    with pytest.raises(CellError) as error:
        parse_int(text)
    assert str(error.value) == message


def test_parse_int_limits_can_be_changed():
    assert parse_int("-3", minimum=None) == -3
    assert parse_int("2147483647") == 2_147_483_647  # the most an integer column holds
    with pytest.raises(CellError, match=r"Must be 10 or less\."):
        parse_int("11", maximum=10)


def test_parse_decimal_reads_a_comma_as_decimal_point_and_checks_the_range():
    assert parse_decimal("47,918", low=-90, high=90) == Decimal("47.918")
    assert parse_decimal("-90", low=-90, high=90) == Decimal("-90")
    with pytest.raises(CellError, match=r"Must be between -90 and 90\."):
        parse_decimal("90.0001", low=-90, high=90)
    for text in ("north", "NaN", "-Infinity"):
        with pytest.raises(CellError, match=re.escape(f"“{text}” is not a number.")):
            parse_decimal(text, low=-90, high=90)


@pytest.mark.parametrize("text", ["2024-02-29", "29/02/2024", "29.02.2024", "2024-02-29T00:00:00"])
def test_parse_date_accepts_iso_and_day_first_dates(text):
    assert parse_date(text) == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["2023-02-29", "02/29/2024", "last Tuesday"])
def test_parse_date_refuses_impossible_or_ambiguous_dates(text):
    with pytest.raises(CellError, match="is not a date; write it as YYYY-MM-DD"):
        parse_date(text)


def test_choice_parser_accepts_code_or_label_in_any_case_and_lists_the_labels_otherwise():
    parse = choice_parser([("remand", "Remand (pre-trial)"), ("n/a", "Not criminal detention")])
    assert parse("REMAND") == "remand"
    assert parse("remand (Pre-Trial)") == "remand"
    assert parse("n/a") == "n/a"
    assert parse("not criminal detention") == "n/a"
    with pytest.raises(CellError) as error:
        parse("sentenced")
    # What the reader chooses from, not the stored codes (issue 24, point 2).
    assert (
        str(error.value) == "“sentenced” is not one of: Remand (pre-trial), Not criminal detention."
    )


def test_choice_parser_reads_a_label_written_in_another_shipped_language():
    from vigil.places.models import Place

    parse = choice_parser(Place.Status.choices)
    with translation.override("fr"):
        french = str(Place.Status.CLOSED.label)
    with translation.override("en"):
        assert parse(french) == Place.Status.CLOSED
        with pytest.raises(CellError) as error:
            parse("gone")
    assert "closed" not in str(error.value) and str(Place.Status.CLOSED.label) in str(error.value)


def test_a_text_cell_longer_than_its_column_is_refused_with_the_limit():
    parse = text_parser(5)
    assert parse("Hills") == "Hills"
    with pytest.raises(CellError, match="Longer than 5 characters"):
        parse("Valley")
