"""The upload limits (vigil.core.limits): each refuses with a message naming it, reads no
more than it allows, and comes from the settings."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest

from vigil.core import limits
from vigil.core.limits import (
    ArchiveDamaged,
    FileDamaged,
    LimitExceeded,
    Limits,
    UnsafeXML,
    check_archive,
    check_size,
    check_table_shape,
    parse_xml,
    read_capped,
    safe_filename,
)
from vigil.core.tabular import TableError, read_sheets, read_table
from vigil.core.tests import hostile

MB = 1024 * 1024


@pytest.fixture
def small() -> Limits:
    return replace(
        Limits.current(),
        upload_bytes=1000,
        table_rows=3,
        table_columns=4,
        table_cells=10,
        cell_chars=20,
    )


def test_the_limits_come_from_the_settings(settings):
    settings.VIGIL_ARCHIVE_MAX_EXPANDED_BYTES = 7 * MB
    settings.VIGIL_TABLE_MAX_ROWS = 12
    current = Limits.current()
    assert (current.expanded_bytes, current.table_rows) == (7 * MB, 12)


def test_the_defaults_are_those_docs_security_lists():
    current = Limits.current()
    assert current.upload_bytes == 50 * MB
    assert current.expanded_bytes == 200 * MB
    assert current.member_bytes == 100 * MB
    assert current.expansion_ratio == 100
    assert current.archive_members == 2000
    assert (current.table_rows, current.table_columns) == (200_000, 1000)
    assert (current.table_cells, current.cell_chars) == (2_000_000, 32_767)


def test_a_file_larger_than_the_limit_is_refused_by_its_size(small):
    check_size(1000, limits=small)
    with pytest.raises(LimitExceeded, match="larger than 1,000 bytes") as refused:
        check_size(1001, limits=small)
    assert refused.value.limit == "VIGIL_UPLOAD_MAX_BYTES"


class CountingStream(io.BytesIO):
    """Counts what is read from it, to prove the cap."""

    read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data


def test_read_capped_never_reads_more_than_the_limit_plus_one_byte(small):
    assert read_capped(io.BytesIO(b"x" * 1000), limits=small) == b"x" * 1000
    stream = CountingStream(b"x" * 5 * MB)
    with pytest.raises(LimitExceeded, match="larger than 1,000 bytes"):
        read_capped(stream, limits=small)
    assert stream.read_bytes == 1001


def test_the_limit_is_said_as_people_say_it():
    assert limits.size_text(200 * MB) == "200 MB"
    assert limits.size_text(300 * 1024) == "300 KB"
    assert limits.size_text(512) == "512 bytes"


def test_an_ordinary_workbook_passes_the_archive_check():
    summary = check_archive(hostile.plain_workbook([("Name",), ("North Prison",)]), kind="xlsx")
    assert "xl/workbook.xml" in summary.names
    assert 0 < summary.expanded_bytes < MB


@pytest.mark.parametrize(
    ("build", "limit", "message"),
    [
        (hostile.bomb_workbook, "VIGIL_ARCHIVE_MAX_MEMBER_BYTES", "expands to more than 100 MB"),
        (hostile.lying_bomb_workbook, "VIGIL_ARCHIVE_MAX_RATIO", "more than 100 times its size"),
        (hostile.overlapping_workbook, "VIGIL_ARCHIVE_MAX_RATIO", "more than 100 times"),
        (hostile.crowded_archive, "VIGIL_ARCHIVE_MAX_MEMBERS", "more than 2,000 files"),
    ],
)
def test_an_archive_bomb_is_refused_naming_the_limit(build, limit, message):
    with pytest.raises(LimitExceeded, match=message) as refused:
        check_archive(build(), kind="xlsx")
    assert refused.value.limit == limit


def test_the_total_expanded_size_is_capped(settings):
    settings.VIGIL_ARCHIVE_MAX_EXPANDED_BYTES = 5 * MB
    settings.VIGIL_ARCHIVE_MAX_RATIO = 10_000
    with pytest.raises(LimitExceeded, match="expands to more than 5 MB") as refused:
        check_archive(hostile.lying_bomb_workbook(), kind="xlsx")
    assert refused.value.limit == "VIGIL_ARCHIVE_MAX_EXPANDED_BYTES"


def test_small_parts_that_compress_well_are_not_taken_for_bombs():
    # 900 KB of blanks in a workbook of a few KB: far above the ratio, below its grace.
    sheet = hostile.deflated(hostile.SHEET, hostile.sheet_xml(b" " * 900_000))
    check_archive(hostile.workbook_with(sheet), kind="xlsx")


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (hostile.wrong_crc_workbook, ArchiveDamaged, "could not be opened as an Excel workbook"),
        (hostile.truncated_workbook, ArchiveDamaged, "could not be opened as an Excel workbook"),
        (hostile.nested_zip, FileDamaged, "could not be opened as an Excel workbook"),
        (hostile.encrypted_workbook, FileDamaged, "save it without a password"),
        (hostile.bzip2_workbook, FileDamaged, "a compression Vigil does not read"),
        (lambda: b"%PDF-1.7 not a zip", FileDamaged, "could not be opened as an Excel"),
    ],
)
def test_a_damaged_or_foreign_archive_is_refused(build, error, message):
    with pytest.raises(error, match=message):
        check_archive(build(), kind="xlsx")


def test_headers_that_understate_a_member_are_damage_even_when_small():
    sheet = hostile.deflated(hostile.SHEET, hostile.sheet_xml(b"<row/>" * 400))
    lying = hostile.Member(sheet.name, sheet.raw, sheet.crc, 10)
    with pytest.raises(ArchiveDamaged):
        check_archive(hostile.workbook_with(lying), kind="xlsx")


def test_a_docx_and_a_zip_are_checked_for_their_own_parts():
    docx = hostile.raw_zip(
        [
            hostile.deflated("[Content_Types].xml", b"<Types/>"),
            hostile.deflated("word/document.xml", b"<document/>"),
        ]
    )
    check_archive(docx, kind="docx")
    check_archive(docx, kind="zip")
    with pytest.raises(FileDamaged, match="Word document"):
        check_archive(hostile.plain_workbook([("a",)]), kind="docx")
    with pytest.raises(FileDamaged, match="not a ZIP archive"):
        check_archive(b"plain text", kind="zip")


@pytest.mark.parametrize(
    ("shape", "limit", "message"),
    [
        ({"rows": 4}, "VIGIL_TABLE_MAX_ROWS", "more than 3 rows"),
        ({"columns": 5}, "VIGIL_TABLE_MAX_COLUMNS", "more than 4 columns"),
        ({"cells": 11}, "VIGIL_TABLE_MAX_CELLS", "more than 10 cells"),
        ({"cell_chars": 21}, "VIGIL_TABLE_MAX_CELL_CHARS", "more than 20 characters"),
    ],
)
def test_each_table_limit_names_itself(small, shape, limit, message):
    check_table_shape(rows=3, columns=4, cells=10, cell_chars=20, limits=small)
    with pytest.raises(LimitExceeded, match=message) as refused:
        check_table_shape(**shape, limits=small)
    assert refused.value.limit == limit


@pytest.mark.parametrize(
    ("content", "limit"),
    [
        (b"a,b\n1,2\n3,4\n5,6\n7,8\n", "VIGIL_TABLE_MAX_ROWS"),
        (b"a,b,c,d,e\n", "VIGIL_TABLE_MAX_COLUMNS"),
        (b"a,b,c\n1,2,3\n4,5,6\n7,8,9\n", "VIGIL_TABLE_MAX_CELLS"),
        (b"a\n" + b"x" * 21 + b"\n", "VIGIL_TABLE_MAX_CELL_CHARS"),
        (b"a\n" + b"x" * 1001, "VIGIL_UPLOAD_MAX_BYTES"),
    ],
)
def test_a_csv_is_refused_as_soon_as_it_passes_a_limit(small, content, limit):
    with pytest.raises(TableError) as refused:
        read_table(content, "t.csv", limits=small)
    assert refused.value.limit == limit


def test_blank_rows_and_trailing_empty_cells_do_not_count(small):
    table = read_table(b"a,b,,,,,,\n\n\n1,2,,,,,\n\n3,4\n5,6\n", "t.csv", limits=small)
    assert table.rows == [["1", "2"], ["3", "4"], ["5", "6"]]
    assert table.numbers == [4, 6, 7]


def test_commas_inside_quotes_are_not_columns(small):
    table = read_table(b'a,b\n"1,2,3,4,5,6",x\n', "t.csv", limits=small)
    assert table.rows == [["1,2,3,4,5,6", "x"]]


def test_a_line_of_a_million_commas_is_refused_before_csv_builds_it():
    with pytest.raises(TableError, match="more than 1,000 columns"):
        read_table(b"a" + b",a" * 1_000_000, "t.csv")


def test_a_cell_beyond_csv_own_field_limit_is_refused_as_too_long():
    with pytest.raises(TableError, match="more than 32,767 characters"):
        read_table(b'a\n"' + b"x" * 200_000 + b'"\n', "t.csv")


@pytest.mark.parametrize(
    ("build", "limit"),
    [
        (hostile.huge_cell_workbook, "VIGIL_TABLE_MAX_CELL_CHARS"),
        (hostile.wide_workbook, "VIGIL_TABLE_MAX_COLUMNS"),
        (hostile.bomb_workbook, "VIGIL_ARCHIVE_MAX_MEMBER_BYTES"),
    ],
)
def test_a_workbook_is_refused_naming_the_limit(build, limit):
    with pytest.raises(TableError) as refused:
        read_table(build(), "t.xlsx")
    assert refused.value.limit == limit
    with pytest.raises(TableError):
        read_sheets(build())


@pytest.mark.parametrize(
    "build",
    [hostile.laughing_workbook, hostile.laughing_sheet_workbook, hostile.xxe_workbook],
)
def test_a_workbook_with_entities_is_refused_as_unsafe_xml(build):
    with pytest.raises(TableError, match="document type declaration or entities") as refused:
        read_table(build(), "t.xlsx")
    assert isinstance(refused.value.__cause__, UnsafeXML)


def test_the_rows_of_a_workbook_are_limited(small):
    rows = [("Name",)] + [(f"Place {n}",) for n in range(5)]
    with pytest.raises(TableError, match="more than 3 rows"):
        read_table(hostile.plain_workbook(rows), "t.xlsx", limits=replace(small, upload_bytes=MB))


def test_parse_xml_reads_plain_xml_and_refuses_dtds_entities_and_damage():
    assert parse_xml(b"<form><field name='a'/></form>").find("field").get("name") == "a"
    for unsafe in (
        hostile.BILLION_LAUGHS + b"<x>&lol9;</x>",
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        b"<!DOCTYPE x><x/>",
    ):
        with pytest.raises(UnsafeXML, match="document type declaration"):
            parse_xml(unsafe)
    with pytest.raises(FileDamaged, match="not well-formed XML"):
        parse_xml(b"<x><y></x>")


def test_a_refusal_shows_on_a_form_field():
    error = LimitExceeded("too big", limit="VIGIL_UPLOAD_MAX_BYTES")
    assert error.as_validation_error("file").message_dict == {"file": ["too big"]}
    assert error.as_validation_error().messages == ["too big"]


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\me\\places.xlsx", "places.xlsx"),
        ("places\u202excs.exe", "placesxcs.exe"),
        ("a\x00b\r\n.csv", "ab.csv"),
        ("..", "upload"),
        ("x" * 300 + ".csv", "x" * 255),
    ],
)
def test_safe_filename_drops_folders_and_invisible_characters(name, kept):
    assert safe_filename(name) == kept


def test_the_bounded_child_stops_a_runaway_instead_of_the_machine():
    """What guards the hostile suite: a case that eats memory or time fails, alone."""
    assert hostile.bounded(lambda: sum(range(10))) == 45
    with pytest.raises(hostile.BoundedFailure, match="MemoryError"):
        hostile.bounded(lambda: len(bytearray(4 * 1024 * MB)), memory=256 * MB)

    def spin() -> None:
        while True:
            pass

    with pytest.raises(hostile.BoundedFailure, match="more than 1 s"):
        hostile.bounded(spin, seconds=1)
