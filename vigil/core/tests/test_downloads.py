"""One way to hand a table to a browser: formula-safe CSV and XLSX, private when personal."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from openpyxl import load_workbook

from vigil.core.downloads import table_download
from vigil.core.tabular import read_table

HOSTILE = [
    '=HYPERLINK("http://example.org","x")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTab first",
    "\rReturn first",
]


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_xlsx_writes_formula_like_text_as_text_that_reads_back_the_same():
    response = table_download(
        fmt="xlsx",
        filename="places",
        headers=["Name", "Capacity", "Since", "Rate"],
        rows=[[value, 12, date(2026, 1, 2), Decimal("0.50")] for value in HOSTILE],
    )
    sheet = load_workbook(io.BytesIO(_body(response))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == HOSTILE
    for row in sheet.iter_rows(min_row=2):
        assert row[0].data_type == "s"  # text, never "f" (formula)
        assert row[1].value == 12 and row[3].value == 0.5  # numbers stay numbers
        assert row[2].is_date


def test_csv_neutralises_formulas_and_vigil_reads_its_own_export_back_unchanged():
    response = table_download(
        fmt="csv",
        filename="places",
        headers=["Name", "Latitude"],
        rows=[[v, "-12.5"] for v in HOSTILE],
    )
    body = _body(response)
    text = body.decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert all(cell.startswith("'") for cell in cells)
    assert "-12.5" in text and "'-12.5" not in text  # a plain number is no formula
    table = read_table(body, "places.csv")
    assert [row[0] for row in table.rows] == [v.strip() for v in HOSTILE]


def test_personal_tables_are_not_kept_by_browsers_and_unknown_formats_are_404():
    private = table_download(fmt="csv", filename="cases", headers=["a"], rows=[], private=True)
    assert private["Cache-Control"] == "no-store"
    assert private["Content-Disposition"] == 'attachment; filename="cases.csv"'
    public = table_download(fmt="xlsx", filename="x", headers=["a"], rows=[], title="a/b:c*")
    assert "Cache-Control" not in public
    assert load_workbook(io.BytesIO(public.content)).active.title == "a b c"
    with pytest.raises(Http404):
        table_download(fmt="exe", filename="x", headers=[], rows=[])
