"""Hostile XLSForm workbooks (issue 13): refused with a form error, never a server error.

Each XML part of an .xlsx is read with defusedxml before pyxform or openpyxl
open the file, so a DTD, an entity or an external reference is refused before
anything expands. Hostile files are read in a child process with a memory cap
(xlsform_isolated.py); the import page is checked once on the real database.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests import hostile
from vigil.core.tests.factories import client_for
from vigil.visits.models import ChecklistTemplate, ChecklistVersion
from vigil.visits.tests.xlsform_isolated import read_request, run_isolated, run_isolated_batch
from vigil.visits.tests.xlsform_support import workbook
from vigil.visits.xlsform.workbook_safety import MAX_PROLOG_BYTES

SURVEY = [["type", "name", "label"], ["text", "station", "Station"]]
PROLOG = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">'
        % (level, b"&lol%d;" % (level - 1) * 10 if level > 1 else b"&lol;" * 10)
        for level in range(1, 10)
    )
    + b"]>"
)
XXE = b'<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
DTD_ONLY = b"<!DOCTYPE worksheet>"
REFUSED_FOR_SAFETY = "declares a DTD or entities, which Vigil refuses for safety"


def rewritten(part: str, change: Callable[[bytes], bytes]) -> bytes:
    """A genuine form whose `part` is replaced by `change(part)`."""
    original = zipfile.ZipFile(io.BytesIO(workbook(SURVEY)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in original.infolist():
            data = original.read(entry.filename)
            archive.writestr(entry.filename, change(data) if entry.filename == part else data)
    return out.getvalue()


def with_doctype(doctype: bytes, *, use: bytes = b"") -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        body = data.removeprefix(PROLOG)
        if use:  # the entity is referenced in the document, as an attack would
            body = body.replace(b"Station", use, 1)
        return PROLOG + doctype + body

    return change


def only_problem(answer: dict[str, Any]) -> str:
    assert "problems" in answer, answer
    assert len(answer["problems"]) == 1, answer["problems"]
    problem: str = answer["problems"][0]
    assert problem.startswith("'hostile.xlsx' "), problem
    return problem


SHEET = "xl/worksheets/sheet1.xml"
UNSAFE = {
    "billion-laughs": (SHEET, BILLION_LAUGHS, b"&lol9;"),
    "entities-unused": (SHEET, BILLION_LAUGHS, b""),
    "xxe": (SHEET, XXE, b"&secret;"),
    "dtd-workbook": ("xl/workbook.xml", DTD_ONLY, b""),
    "dtd-types": ("[Content_Types].xml", DTD_ONLY, b""),
    "xxe-props": ("docProps/core.xml", XXE, b""),
}
DAMAGED: dict[str, tuple[Callable[[], bytes], str]] = {
    "truncated": (lambda: workbook(SURVEY)[:1500], "it is damaged or not an Excel workbook"),
    "broken-xml": (
        lambda: rewritten("xl/workbook.xml", lambda data: data[:60]),
        "not well-formed XML",
    ),
    "long-prolog": (
        lambda: rewritten(SHEET, lambda data: b"<!--" + b" " * MAX_PROLOG_BYTES + b"-->" + data),
        "not well-formed XML",
    ),
    "broken-zip": (lambda: b"PK\x03\x04" + b"\x00" * 200, "it is damaged or not an Excel workbook"),
    "html": (lambda: b"<html><body>not a workbook</body></html>", "could not be read"),
    "empty": (lambda: b"", "could not be read"),
    # Bombs: refused by the core limits before any member is inflated past them.
    "bomb": (hostile.bomb_workbook, "expands to more than"),
    "lying-bomb": (hostile.lying_bomb_workbook, "'hostile.xlsx' cannot be used"),
    "overlapping": (hostile.overlapping_workbook, "'hostile.xlsx' cannot be used"),
}


@pytest.fixture(scope="module")
def unsafe_answers() -> dict[str, dict[str, Any]]:
    contents = [
        rewritten(part, with_doctype(doctype, use=use)) for part, doctype, use in UNSAFE.values()
    ]
    answers = run_isolated_batch([read_request(content) for content in contents])
    return dict(zip(UNSAFE, answers, strict=True))


@pytest.fixture(scope="module")
def damaged_answers() -> dict[str, dict[str, Any]]:
    answers = run_isolated_batch([read_request(make()) for make, _reason in DAMAGED.values()])
    return dict(zip(DAMAGED, answers, strict=True))


@pytest.mark.parametrize("case", UNSAFE)
def test_xml_with_a_dtd_or_entities_is_refused_naming_the_part(unsafe_answers, case):
    part = UNSAFE[case][0]
    assert f"its part {part} {REFUSED_FOR_SAFETY}" in only_problem(unsafe_answers[case])


@pytest.mark.parametrize("case", DAMAGED)
def test_a_damaged_workbook_is_refused_with_a_form_error(damaged_answers, case):
    assert DAMAGED[case][1] in only_problem(damaged_answers[case])


def test_a_genuine_workbook_is_still_read():
    assert run_isolated(read_request(workbook(SURVEY))) == {"read": True}


def test_the_import_page_refuses_a_form_with_a_dtd_and_changes_nothing(personas):
    content = rewritten(SHEET, with_doctype(BILLION_LAUGHS, use=b"&lol9;"))
    templates, versions = ChecklistTemplate.objects.count(), ChecklistVersion.objects.count()
    events = AuditEvent.objects.count()
    response = client_for(personas.admin).post(
        reverse("visits:checklist_list"),
        {"file": SimpleUploadedFile("hostile.xlsx", content)},
    )
    assert response.status_code == 400
    assert any(REFUSED_FOR_SAFETY in problem for problem in response.context["problems"])
    assert ChecklistTemplate.objects.count() == templates
    assert ChecklistVersion.objects.count() == versions
    assert AuditEvent.objects.count() == events


def test_thousands_of_unused_columns_and_odk_only_rows_are_listed_briefly():
    """A form pyxform accepts, built to grow the import note: the lists stay short."""
    size = 400
    header = ["type", "name", "label"] + [f"note_{i}_" + "x" * 300 for i in range(size)]
    rows = [header] + [["geopoint", f"g{i}", "G"] + [None] * i + ["used once"] for i in range(size)]
    answer = run_isolated({**read_request(workbook(rows)), "action": "read_listed"})
    assert len(answer["ignored_columns"]) == 51
    assert answer["ignored_columns"][-1] == "…"
    assert all(len(listed) < 120 for listed in answer["ignored_columns"])
    assert len(answer["collect_only"]) == 51
    assert answer["collect_only"][-1] == "…"
    assert answer["definition_bytes"] < 100_000
