"""One damaged ciphertext stays where it stands: the case page, the case export and the
reports still work, and show "this value cannot be read (damaged)" in its place."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from django.urls import reverse

from vigil.core.redaction import Audience
from vigil.core.tests.factories import client_for
from vigil.core.tests.stored import corrupt_ciphertext
from vigil.people.models import ConsentScope, Examination, Interview, Person
from vigil.people.tests.factories_cases import INTERNAL_ONLY, case_of_a, person_with_consent
from vigil.people.tests.factories_interviews import visit_of_a
from vigil.people.tests.factories_medical import PLANTED_OPINION, examination_setup
from vigil.people.tests.named_exports import named_export
from vigil.people.tests.test_consent_in_documents import _consent, _interview, _pdf_text
from vigil.people.tests.test_medical_report import _pdf
from vigil.visits.reports.files import render_docx
from vigil.visits.reports.files import render_pdf as render_visit_pdf
from vigil.visits.reports.visit_report import build_visit_report

pytestmark = pytest.mark.django_db

MARKER = "this value cannot be read (damaged)"


def _damaged_victim_case(personas):  # type: ignore[no-untyped-def]
    damaged = person_with_consent(personas, full_name="Will Be Damaged", scopes=INTERNAL_ONLY)
    intact = person_with_consent(personas, full_name="Stays Readable", scopes=INTERNAL_ONLY)
    case = case_of_a(personas, victims=[damaged, intact], reference="C-2026-0901")
    corrupt_ciphertext(Person, "full_name", damaged.pk)
    return case, damaged


def test_the_case_page_shows_the_marker_where_the_damaged_name_stands(personas, caplog):
    case, damaged = _damaged_victim_case(personas)
    response = client_for(personas.monitor).get(reverse("people:case_detail", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert MARKER in html and "Stays Readable" in html and "Will Be Damaged" not in html
    # The event is logged with where the value is, never with what it held.
    logged = [r.getMessage() for r in caplog.records if r.name == "vigil.core.damaged"]
    assert any(f"people.Person.full_name of pk {damaged.pk}" in m for m in logged)


def test_the_case_export_still_works_and_writes_the_marker(personas):
    case, _damaged = _damaged_victim_case(personas)
    client = client_for(personas.monitor)
    response = named_export(client, "people:case_export_named")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == case.reference)
    assert row[-1] == f"{MARKER}; Stays Readable"
    book = openpyxl.load_workbook(
        io.BytesIO(named_export(client, "people:case_export_named", fmt="xlsx").content)
    )
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row)
    assert MARKER in cells and "Stays Readable" in cells


def test_the_examination_page_and_report_show_the_marker(personas):
    setup = examination_setup(personas, scopes=[ConsentScope.INTERNAL])
    corrupt_ciphertext(Examination, "overall_opinion", setup.examination.pk)
    client = client_for(personas.investigator)
    page = client.get(reverse("people:examination_detail", args=[setup.examination.pk]))
    assert page.status_code == 200 and MARKER in page.content.decode()
    text = _pdf(setup, personas.investigator, Audience.INTERNAL)
    assert MARKER in text and PLANTED_OPINION not in text


def test_the_visit_report_shows_the_marker_for_a_damaged_summary(personas):
    visit = visit_of_a(personas)
    interview = _interview(personas, visit)
    _consent(personas, interview, ConsentScope.ANONYMOUS_REPORTS)
    corrupt_ciphertext(Interview, "summary_for_report", interview.pk)
    document = build_visit_report(visit, reader=personas.monitor)
    assert MARKER in _pdf_text(render_visit_pdf(document))
    word = docx.Document(io.BytesIO(render_docx(document)))
    assert MARKER in "\n".join(p.text for p in word.paragraphs)
    interview_page = client_for(personas.monitor).get(
        reverse("people:interview_detail", args=[interview.pk])
    )
    assert interview_page.status_code == 200 and MARKER in interview_page.content.decode()
