"""Consent decides what generated documents and exports say about a person, from the moment
it changes: the visit report's "What people told us" and the interviews export."""

from __future__ import annotations

import csv
import datetime
import io
import subprocess
from typing import Any

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import AuditEvent, GeneratedDocument, Job, Membership
from vigil.core.redaction import Audience, plain_text
from vigil.core.roles import Role
from vigil.core.tests.factories import client_for, run_background_jobs
from vigil.people.models import ConsentScope, Interview
from vigil.people.services import interviews
from vigil.people.tests.factories_interviews import member_of_a, visit_of_a
from vigil.people.tests.named_exports import REASON, named_export
from vigil.visits.models import Visit
from vigil.visits.reports.files import render_docx, render_pdf
from vigil.visits.reports.visit_report import build_visit_report

NAME = "Batbayar Plantedname"
SUMMARY = "Arrivals are made to kneel in the yard for hours before registration."
GROUP_SUMMARY = "The women's wing has had no hot water since January."


def _interview(personas: Any, visit: Visit, *, name: str = NAME, summary: str = SUMMARY) -> Any:
    return interviews.interview_create(
        actor=personas.monitor,
        visit=visit,
        interviewers=[personas.monitor.user],
        identity={"full_name": name, "identity_number": "ZX-5566"},
        kind=Interview.Kind.INDIVIDUAL,
        held_on=datetime.date(2026, 3, 10),
        summary_for_report=summary,
        notes="Private notes never printed.",
    )


def _consent(personas: Any, interview: Interview, *scopes: str) -> None:
    interviews.consent_record(
        actor=personas.monitor,
        interview=interview,
        given_by="person",
        given_at=datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC),
        scopes=list(scopes),
    )


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())  # pdftotext wraps long lines


def _docx_text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in word.paragraphs)


def _pdf(visit: Visit, reader: Membership, audience: str = Audience.AUTHORITIES) -> str:
    return _pdf_text(render_pdf(build_visit_report(visit, reader=reader, audience=audience)))


def _docx(visit: Visit, reader: Membership, audience: str = Audience.AUTHORITIES) -> str:
    return _docx_text(render_docx(build_visit_report(visit, reader=reader, audience=audience)))


# --- the visit report -----------------------------------------------------------------------


@pytest.mark.django_db
def test_with_consent_the_summary_appears_under_the_pseudonym_until_it_is_withdrawn(personas):
    visit = visit_of_a(personas)
    interview = _interview(personas, visit)
    pseudonym = interview.person.pseudonym
    _consent(personas, interview, ConsentScope.ANONYMOUS_REPORTS)

    for text in (_pdf(visit, personas.monitor), _docx(visit, personas.monitor)):
        assert "What people told us" in text
        assert f"{pseudonym}: “{SUMMARY}”" in text
        assert NAME not in text and "Private notes" not in text

    interviews.consent_withdraw(actor=personas.monitor, interview=interview, reason="Afraid.")

    for text in (_pdf(visit, personas.monitor), _docx(visit, personas.monitor)):
        assert SUMMARY not in text and NAME not in text and pseudonym not in text


@pytest.mark.django_db
def test_internal_consent_alone_keeps_the_summary_out_of_the_authorities_report(personas):
    visit = visit_of_a(personas)
    interview = _interview(personas, visit)
    _consent(personas, interview, ConsentScope.INTERNAL)

    assert SUMMARY not in _pdf(visit, personas.monitor)
    internal = _docx(visit, personas.monitor, Audience.INTERNAL)
    assert f"{NAME}: “{SUMMARY}”" in internal  # the team's own note names the person
    # A reader who does not work with people gets the pseudonym, even internally.
    viewer_copy = _docx(visit, personas.viewer, Audience.INTERNAL)
    assert SUMMARY in viewer_copy and NAME not in viewer_copy
    assert interview.person.pseudonym in viewer_copy


@pytest.mark.django_db
def test_no_consent_means_no_summary_and_publication_consent_names_the_person(personas):
    visit = visit_of_a(personas)
    silent = _interview(personas, visit, name="Silent Plantedperson", summary="Unconsented.")
    named = _interview(personas, visit, name="Public Plantedperson", summary="Please name me.")
    _consent(personas, named, ConsentScope.ANONYMOUS_REPORTS, ConsentScope.PUBLICATION)

    text = _pdf(visit, personas.monitor, Audience.PUBLIC)
    assert "Unconsented." not in text and "Silent Plantedperson" not in text
    assert silent.person.pseudonym not in text
    assert "Public Plantedperson: “Please name me.”" in text


@pytest.mark.django_db
def test_a_group_summary_appears_with_the_groups_consent(personas):
    visit = visit_of_a(personas)
    consent = {
        "given_by": "group",
        "given_at": datetime.datetime(2026, 3, 11, 9, tzinfo=datetime.UTC),
        "scopes": [ConsentScope.ANONYMOUS_REPORTS],
    }
    group = interviews.interview_create(
        actor=personas.monitor, visit=visit, interviewers=[personas.monitor.user],
        kind=Interview.Kind.GROUP, group_size=7, held_on=datetime.date(2026, 3, 11),
        summary_for_report=GROUP_SUMMARY, consent=consent,
    )  # fmt: skip
    assert group.consents.count() == 1
    assert f"A group of 7 people: “{GROUP_SUMMARY}”" in _docx(visit, personas.monitor)


@pytest.mark.django_db
def test_the_section_reads_the_same_queries_however_many_interviews(personas):
    visit = visit_of_a(personas)
    _consent(personas, _interview(personas, visit), ConsentScope.ANONYMOUS_REPORTS)
    build_visit_report(visit, reader=personas.monitor)
    with CaptureQueriesContext(connection) as one:
        build_visit_report(visit, reader=personas.monitor)
    for n in range(5):
        _consent(personas, _interview(personas, visit, summary=f"Said {n}."), "anonymous_reports")
    with CaptureQueriesContext(connection) as six:
        document = build_visit_report(visit, reader=personas.monitor)
    assert len(six) == len(one)
    text = "\n".join(plain_text(r) for r in document.all_runs())
    assert all(f"Said {n}." in text for n in range(5))


def test_withdrawal_removes_the_person_from_the_next_generated_report_and_export(
    transactional_db, personas
):
    """Through the real pages: the background job writes the report, the export is downloaded."""
    visit = visit_of_a(personas)
    interview = _interview(personas, visit)
    pseudonym = interview.person.pseudonym
    _consent(personas, interview, ConsentScope.INTERNAL, ConsentScope.ANONYMOUS_REPORTS)
    monitor = client_for(personas.monitor)

    def report() -> str:
        Job.objects.all().delete()
        response = monitor.post(
            reverse("visits:visit_report", args=[visit.pk, "docx"]), {"audience": "authorities"}
        )
        assert response.status_code == 302
        run_background_jobs()
        job = Job.objects.get()
        assert job.status == Job.Status.SUCCEEDED, job.message
        download = monitor.get(job.result["download_url"])
        assert download.status_code == 200
        return _docx_text(download.content)

    def export() -> str:
        response = named_export(monitor, "people:interview_export_named")
        assert response.status_code == 200
        return response.getvalue().decode("utf-8-sig")

    before_report, before_export = report(), export()
    assert f"{pseudonym}: “{SUMMARY}”" in before_report and NAME not in before_report
    assert NAME in before_export and SUMMARY in before_export  # internal use, consented

    response = monitor.post(
        reverse("people:interview_consent_withdraw", args=[interview.pk]),
        {"reason": "Changed mind."},
    )
    assert response.status_code == 302

    after_report, after_export = report(), export()
    for text in (after_report, after_export):
        assert SUMMARY not in text and NAME not in text and pseudonym not in text
    assert GeneratedDocument.objects.count() == 2


# --- the export -----------------------------------------------------------------------------


def _rows_csv(client: Any, query: str = "") -> list[list[str]]:
    response = named_export(client, "people:interview_export_named", query=query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_export_holds_only_people_whose_consent_allows_internal_use(personas):
    visit = visit_of_a(personas)
    consented = _interview(personas, visit, name="Consented Plantedperson", summary="Kept.")
    _consent(personas, consented, ConsentScope.INTERNAL)
    never = _interview(personas, visit, name="Never Plantedperson", summary="Never asked.")
    withdrawn = _interview(personas, visit, name="Withdrawn Plantedperson", summary="Gone.")
    _consent(personas, withdrawn, ConsentScope.INTERNAL, ConsentScope.PUBLICATION)
    interviews.consent_withdraw(actor=personas.monitor, interview=withdrawn)
    client = client_for(personas.monitor)

    rows = _rows_csv(client)
    assert rows[0][:3] == ["Pseudonym", "Name", "Place"]
    assert [row[:2] for row in rows[1:]] == [
        [consented.person.pseudonym, "Consented Plantedperson"]
    ]
    assert rows[1][-1] == "Kept."
    body = str(rows)
    for absent in ("Never Plantedperson", "Never asked.", "Withdrawn Plantedperson", "Gone."):
        assert absent not in body
    assert never.person.pseudonym not in body

    response = named_export(client, "people:interview_export_named", fmt="xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert [row[:2] for row in values[1:]] == [
        (consented.person.pseudonym, "Consented Plantedperson")
    ]
    events = AuditEvent.objects.filter(action="interview.exported").order_by("sequence")
    assert [e.details for e in events] == [
        {"format": "csv", "rows": 1, "identity": "named", "reason": REASON},
        {"format": "xlsx", "rows": 1, "identity": "named", "reason": REASON},
    ]


@pytest.mark.django_db
def test_the_export_follows_the_list_filters_and_need_to_know(personas):
    visit = visit_of_a(personas)
    child = _interview(personas, visit, name="Child Plantedperson")
    _consent(personas, child, ConsentScope.INTERNAL)
    interviews.interview_update(
        actor=personas.monitor, interview=child, interviewers=[personas.monitor.user],
        held_on=child.held_on, vulnerabilities=["child"],
    )  # fmt: skip
    adult = _interview(personas, visit, name="Adult Plantedperson")
    _consent(personas, adult, ConsentScope.INTERNAL)

    rows = _rows_csv(client_for(personas.monitor), "vulnerability=child")
    assert [row[1] for row in rows[1:]] == ["Child Plantedperson"]
    stranger = member_of_a(personas, Role.MONITOR, "stranger@a.example")
    assert _rows_csv(client_for(stranger))[1:] == []
    assert client_for(personas.monitor).get(
        reverse("people:interview_export") + "?fmt=pdf"
    ).status_code == 404  # fmt: skip


@pytest.mark.django_db
def test_what_people_said_is_exported_as_text_never_as_a_formula(personas):
    visit = visit_of_a(personas)
    said = '=HYPERLINK("http://example.invalid","x")'
    interview = _interview(personas, visit, summary=said)
    _consent(personas, interview, ConsentScope.INTERNAL)
    client = client_for(personas.monitor)

    assert _rows_csv(client)[1][-1] == "'" + said
    response = named_export(client, "people:interview_export_named", fmt="xlsx")
    cell = openpyxl.load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=10)
    assert (cell.data_type, cell.value) == ("s", "'" + said)
