"""Read an XLSForm workbook into a FormDefinition, refusing what Vigil cannot honour.

pyxform reads the workbook (`xls2json_backends`), normalises headers and cell
text (`parsing.sheet_headers`) and, once Vigil's own checks pass, validates the
whole form (`xls2json.workbook_to_json`). Vigil's checks come first so that
every problem is reported at once with its sheet, row and column.
"""

from __future__ import annotations

import copy
import hashlib
import re
import zipfile
from io import BytesIO
from pathlib import PurePath

from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, definition_to_dict, get_definition_data

from .columns import SURVEY
from .errors import XLSFormError, XLSFormProblem
from .model import FormDefinition
from .sheets import MAX_FORM_ID, SheetReader
from .workbook_safety import refuse_unsafe_workbook

_PYXFORM_ROW_RE = re.compile(r"^\s*\[row : (\d+)\]\s*")
_PYXFORM_SHEET_RE = re.compile(r"On the '(\w+)' sheet,\s*")


def read_xlsform(content: bytes, filename: str) -> FormDefinition:
    """Parse an XLSForm workbook; raise XLSFormError listing every problem found.

    Without a settings sheet, form_id is the file's name (as pyxform names the form)
    and version a digest of the file, so that a changed file is a new version.
    """
    data = load_workbook(content, filename)
    reader = SheetReader(
        data,
        fallback_form_id=fallback_form_id(filename),
        fallback_version=fallback_version(content),
    )
    definition = reader.read()
    _validate_with_pyxform(data)
    return definition


def fallback_form_id(filename: str) -> str:
    """pyxform's form id for a workbook without one: its file name, made an XML name."""
    stem = re.sub(r"[^\w.-]+", "_", PurePath(filename).stem).strip("_.-")[:MAX_FORM_ID]
    if not stem or not (stem[0].isalpha() or stem[0] == "_"):
        stem = f"form_{stem}"[:MAX_FORM_ID]
    return stem


def fallback_version(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:12]


def load_workbook(content: bytes, filename: str) -> DefinitionData:
    refuse_unsafe_workbook(content, filename)
    suffix = PurePath(filename).suffix.lower()
    file_type = ".xls" if suffix == ".xls" else ".xlsx"
    try:
        definition = get_definition_data(BytesIO(content))
        return definition_to_dict(definition, file_type=file_type)
    except PyXFormError as error:
        raise _unreadable(filename, str(error)) from error
    except (*_READER_FAILURES, zipfile.BadZipFile) as error:
        # openpyxl, lxml and xlrd fail in their own ways on a damaged file; none is our bug.
        raise _unreadable(filename, _("the file is damaged")) from error


# What the workbook libraries raise on a damaged file (lxml's XMLSyntaxError and
# ElementTree's ParseError are SyntaxErrors).
_READER_FAILURES = (
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
    EOFError,
    OSError,
)


def _unreadable(filename: str, reason: str) -> XLSFormError:
    return XLSFormError(
        [
            XLSFormProblem(
                None,
                None,
                None,
                _("'%(filename)s' could not be read as an Excel workbook (%(error)s).")
                % {"filename": filename, "error": reason},
            )
        ]
    )


def _validate_with_pyxform(data: DefinitionData) -> None:
    try:
        workbook_to_json(copy.deepcopy(data), warnings=[])
    except PyXFormError as error:
        raise XLSFormError([problem_from_pyxform(error)]) from error
    except _READER_FAILURES as error:
        raise XLSFormError(
            [XLSFormProblem(None, None, None, _("pyxform could not read the form: %s") % error)]
        ) from error


def problem_from_pyxform(error: PyXFormError) -> XLSFormProblem:
    message = str(error)
    context = error.context or {}
    row: int | None = None
    match = _PYXFORM_ROW_RE.match(message)
    if match:
        row = int(match[1])
        message = message[match.end() :]
    if isinstance(context.get("row"), int):
        row = context["row"]
    sheet = context.get("sheet") or context.get("sheet_name")
    match = _PYXFORM_SHEET_RE.search(message)
    if match:
        sheet = sheet or match[1]
        message = message[: match.start()] + message[match.end() :]
    if sheet is None and row is not None:
        sheet = SURVEY
    column = context.get("column")
    message = message.strip()
    message = message[:1].upper() + message[1:]
    return XLSFormProblem(
        sheet, row, column if isinstance(column, str) else None, _("pyxform: %s") % message
    )
