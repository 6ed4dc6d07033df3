"""The tables of an export of filled checklists, as ODK Central and KoboToolbox deliver them.

- ODK Central's "CSV download" is a ZIP: the submissions' CSV (`<form id>.csv`) and one CSV
  per repeat (`<form id>-<repeat name>.csv`) whose rows point to their parent by PARENT_KEY.
- KoboToolbox's XLSX export holds the submissions on its first sheet and each repeat on a
  sheet named after it (cut at Excel's 31 characters); rows point to their parent by
  `_parent_table_name` and `_parent_index`.
- A single CSV (ODK's main table, or Kobo's CSV with `;` or `,`) holds no repeats.

A repeat's table uploaded on its own is refused: its rows are entries, not submissions.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from vigil.core.limits import UploadRefused, check_archive
from vigil.core.tabular import Table, TableError, read_sheets, read_table

# Columns by which a repeat's row names its parent: ODK Central, then KoboToolbox.
PARENT_COLUMNS = ("PARENT_KEY", "_parent_index", "_submission__uuid")


@dataclass(frozen=True)
class ExportTable:
    name: str  # the sheet's name, or the CSV's file name without ".csv"
    table: Table


@dataclass
class ExportFile:
    main: ExportTable
    repeats: list[ExportTable] = field(default_factory=list)


def _is_workbook(content: bytes, filename: str) -> bool:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return True
    if content[:2] != b"PK":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except zipfile.BadZipFile:
        return True  # damaged: let the workbook reader say so


def _csv_members(content: bytes) -> list[ExportTable]:
    """Every CSV of an ODK Central ZIP (media files beside them are not read)."""
    try:
        check_archive(content, kind="zip")
    except UploadRefused as error:
        raise TableError(error.message) from error
    tables = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for info in archive.infolist():
            path = PurePosixPath(info.filename)
            if info.is_dir() or path.suffix.lower() != ".csv":
                continue
            # check_archive inflated every member within the limits before this read.
            data = archive.read(info)
            tables.append(ExportTable(path.stem, read_table(data, path.name, exact_headers=True)))
    if not tables:
        raise TableError(_("The ZIP file holds no CSV table."))
    return tables


def _is_repeat_table(table: Table) -> bool:
    return any(column in table.headers for column in PARENT_COLUMNS)


def _split(tables: list[ExportTable]) -> ExportFile:
    mains = [t for t in tables if not _is_repeat_table(t.table)]
    if len(mains) != 1:
        raise TableError(
            _("The ZIP file should hold one table of submissions and the tables of its repeats.")
        )
    return ExportFile(mains[0], [t for t in tables if t is not mains[0]])


def read_export(content: bytes, filename: str) -> ExportFile:
    """The submissions' table and its repeats' tables, refusing a repeat's table alone."""
    if content[:2] == b"PK" and not _is_workbook(content, filename):
        return _split(_csv_members(content))
    if _is_workbook(content, filename):
        # The first sheet; read_table says why a workbook cannot be read.
        main = read_table(content, filename, exact_headers=True)
        sheets = list(read_sheets(content, exact_headers=True).items())
        first = ExportTable(sheets[0][0] if sheets else "", main)
        found = ExportFile(first, [ExportTable(name, table) for name, table in sheets[1:]])
    else:
        table = read_table(content, filename, exact_headers=True)
        found = ExportFile(ExportTable(PurePosixPath(filename).stem, table))
    if _is_repeat_table(found.main.table):
        raise TableError(
            _(
                "This is the table of a repeat, not of the submissions: upload the whole "
                "export (ODK Central's ZIP, or KoboToolbox's XLSX)."
            )
        )
    return found
