"""The medico-legal report: Istanbul Protocol order, the body chart, consent and audience."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.urls import reverse

from vigil.core.models import AuditEvent, GeneratedDocument, Job
from vigil.core.redaction import Audience
from vigil.core.tests.factories import client_for, run_background_jobs
from vigil.people.consent_rules import consents_in_force
from vigil.people.models import ConsentScope, Consistency, Evidence
from vigil.people.reports.medical import build_examination_report, embed_photos, render_pdf
from vigil.people.selectors.evidence import evidence_for
from vigil.people.services import evidence as evidence_services
from vigil.people.services import interviews
from vigil.people.tests.factories import jpeg_with_gps
from vigil.people.tests.factories_medical import (
    PLANTED_FINDING,
    PLANTED_NAME,
    PLANTED_OPINION,
    PLANTED_PSYCHOLOGICAL,
    examination_setup,
    mark,
    medical_expert,
)


def _text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    # pdftotext wraps long lines: compare with the whitespace flattened.
    return " ".join(result.stdout.decode().split())


def _pdf(setup, reader, audience: str) -> str:  # type: ignore[no-untyped-def]
    document = build_examination_report(
        setup.examination,
        reader=reader,
        audience=audience,
        evidence=evidence_for(actor=reader, holder=setup.examination),
    )
    content = render_pdf(document, marks=setup.examination.marks.all())
    assert content.startswith(b"%PDF")
    return _text(content)


def _marked(setup) -> None:  # type: ignore[no-untyped-def]
    mark(setup.examination, 1, side="front", x=30, y=30, description="Tramline bruise, left arm")
    mark(
        setup.examination,
        2,
        side="back",
        x=60,
        y=30,
        description="Linear abrasion over the right scapula",
        consistency=Consistency.HIGHLY_CONSISTENT,
    )
    mark(setup.examination, 3, side="back", x=45, y=70, consistency=Consistency.TYPICAL)


@pytest.mark.django_db
def test_the_report_follows_the_protocol_with_the_chart_marks_and_their_consistency(personas):
    setup = examination_setup(
        personas, scopes=[ConsentScope.INTERNAL, ConsentScope.ANONYMOUS_REPORTS]
    )
    _marked(setup)
    setup.examination.psychological_items.create(
        institution=setup.examination.institution,
        description="Startle response",
        consistency=Consistency.CONSISTENT,
    )
    text = _pdf(setup, personas.investigator, Audience.INTERNAL)
    order = [
        "Medico-legal report",
        "Case and examination",
        setup.case.reference,
        "Examiner",
        "MD, forensic physician",
        "Consent to the examination given",
        "Interpreter Present: Ganbold Interpreter",
        "History",
        "Physical findings",
        PLANTED_FINDING,
        "Body chart",
        "Psychological findings",
        PLANTED_PSYCHOLOGICAL,
        "Startle response",
        "Photographs and files",
        "Interpretation and overall opinion",
        PLANTED_OPINION,
        "Examiner's statement",
    ]
    start = 0
    for needle in order:  # each in turn, after the one before
        assert needle in text[start:], (needle, text)
        start = text.index(needle, start) + len(needle)
    chart = text[text.index("Body chart") : text.index("Psychological findings")]
    for row in (
        "1 Front Tramline bruise, left arm Consistent",
        "2 Back Linear abrasion over the right scapula Highly consistent",
        "3 Back Bruise number 3 Typical",
    ):
        assert row in chart
    assert "Internal document of Institution A" in text
    # An investigator works with people and the person consented to internal use: named.
    assert PLANTED_NAME in text


@pytest.mark.django_db
def test_the_chart_is_drawn_in_the_pdf_with_its_numbered_marks(personas):
    setup = examination_setup(personas)
    _marked(setup)
    document = build_examination_report(
        setup.examination, reader=personas.investigator, audience=Audience.INTERNAL
    )
    content = render_pdf(document, marks=setup.examination.marks.all())
    # The SVG's labels are text in the PDF: the views' captions and the marks' numbers.
    raw = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    chart = raw[raw.index("Body chart") : raw.index("No.")]
    assert "Front" in chart and "Back" in chart
    assert {"1", "2", "3"} <= set(chart.split())


@pytest.mark.django_db
def test_audiences_see_the_findings_as_consent_allows_and_the_name_only_internally(personas):
    setup = examination_setup(
        personas, scopes=[ConsentScope.INTERNAL, ConsentScope.ANONYMOUS_REPORTS]
    )
    _marked(setup)
    for audience in (Audience.AUTHORITIES, Audience.SPT):
        text = _pdf(setup, personas.investigator, audience)
        assert PLANTED_FINDING in text and "Highly consistent" in text, audience
        assert PLANTED_NAME not in text and setup.person.pseudonym in text, audience


@pytest.mark.django_db
def test_without_internal_consent_even_an_internal_reader_gets_no_name(personas):
    setup = examination_setup(personas, scopes=[ConsentScope.ANONYMOUS_REPORTS])
    text = _pdf(setup, personas.investigator, Audience.INTERNAL)
    assert PLANTED_NAME not in text and setup.person.pseudonym in text
    # Internal use was not agreed to, so internal copies leave the story out too.
    assert PLANTED_FINDING not in text and "left out of this copy" in text


@pytest.mark.django_db
def test_photographs_are_listed_with_their_sha256_and_embedded(personas, tmp_path):
    setup = examination_setup(personas)
    photo = evidence_services.evidence_add(
        actor=personas.investigator,
        holder=setup.examination,
        data=jpeg_with_gps(),
        original_name="IMG_0001.jpg",
    )
    assert photo.kind == Evidence.Kind.PHOTO
    reader = personas.investigator
    document = build_examination_report(
        setup.examination,
        reader=reader,
        audience=Audience.INTERNAL,
        evidence=evidence_for(actor=reader, holder=setup.examination),
    )
    photos = embed_photos(
        reader=reader,
        document=document,
        evidence=evidence_for(actor=reader, holder=photo.examination),
    )
    content = render_pdf(document, photos=photos)
    text = _text(content)
    section = text[text.index("Photographs and files") :]
    assert photo.stored_name in section and "IMG_0001" not in section
    assert photo.sha256_original in section.replace(" ", "")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, check=True)
    rows = [line.split() for line in listed.stdout.decode().splitlines()[2:] if line.strip()]
    assert [(row[3], row[4]) for row in rows] == [("16", "16")]  # the photograph, 16 × 16


@pytest.mark.django_db(transaction=True)
def test_the_report_is_written_in_the_background_and_consent_withdrawal_empties_the_next(
    personas,
):
    setup = examination_setup(
        personas, scopes=[ConsentScope.INTERNAL, ConsentScope.ANONYMOUS_REPORTS]
    )
    _marked(setup)
    photo = evidence_services.evidence_add(
        actor=personas.investigator, holder=setup.examination, data=jpeg_with_gps()
    )
    client = client_for(personas.investigator)
    url = reverse("people:examination_report", args=[setup.examination.pk])

    def generate() -> tuple[Job, str]:
        response = client.post(url, {"audience": "internal"})
        job = Job.objects.latest("pk")
        assert response.status_code == 302
        assert response["Location"] == reverse("core:job_detail", args=[job.pk])
        run_background_jobs()
        job.refresh_from_db()
        assert job.status == Job.Status.SUCCEEDED, job.message
        page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
        assert job.result["download_url"] in page and "Download" in page
        download = client.get(job.result["download_url"])
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        return job, _text(download.content)

    job, text = generate()
    assert job.kind == "people.medical_report" and (job.done, job.total) == (4, 4)
    assert PLANTED_NAME not in job.title and setup.person.pseudonym in job.title
    assert PLANTED_NAME in text and PLANTED_FINDING in text and "Typical" in text
    assert photo.stored_name in text
    first = GeneratedDocument.objects.get()
    assert first.subject == f"people.examination:{setup.examination.pk}"
    assert first.audience == "internal" and PLANTED_NAME not in first.filename
    assert b"%PDF" not in bytes(first.content)  # kept encrypted
    # The photograph left the vault for the report, and the chain of custody says so.
    assert AuditEvent.objects.filter(action="evidence.viewed", target_id=str(photo.pk)).exists()

    interviews.consent_withdraw(actor=personas.monitor, interview=setup.interview)
    by_person, _ = consents_in_force(
        institution_id=personas.institution_a.pk, person_ids={setup.person.pk}, interview_ids=set()
    )
    assert by_person[setup.person.pk].withdrawn

    _job, text = generate()
    assert PLANTED_NAME not in text
    for story in (PLANTED_FINDING, PLANTED_PSYCHOLOGICAL, PLANTED_OPINION, "Tramline bruise"):
        assert story not in text
    assert "Highly consistent" not in text and photo.stored_name not in text
    assert setup.person.pseudonym in text and setup.case.reference in text
    assert "left out of this copy" in text


@pytest.mark.django_db(transaction=True)
def test_a_reader_taken_off_the_case_before_the_job_runs_gets_a_failed_job(personas):
    doctor = medical_expert(personas)
    setup = examination_setup(personas, team=[doctor, personas.investigator])
    client = client_for(personas.investigator)
    client.post(
        reverse("people:examination_report", args=[setup.examination.pk]), {"audience": "spt"}
    )
    setup.case.assignments.filter(user=personas.investigator.user).delete()
    run_background_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "may no longer see it" in job.message
    assert not GeneratedDocument.objects.exists()


@pytest.mark.django_db
def test_an_unknown_audience_is_refused_on_the_page_and_no_job_starts(personas):
    setup = examination_setup(personas)
    response = client_for(personas.investigator).post(
        reverse("people:examination_report", args=[setup.examination.pk]), {"audience": "public"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Job.objects.exists()


def test_report_dates_are_written_in_words() -> None:
    from vigil.people.reports.medical import _day

    assert _day(datetime.date(2026, 3, 14)) == "14 March 2026"


@pytest.mark.django_db
def test_the_overall_evaluation_uses_the_protocol_levels_on_the_page_and_in_the_pdf(personas):
    setup = examination_setup(personas, scopes=[ConsentScope.INTERNAL])
    examination = setup.examination
    client = client_for(personas.investigator)
    edit_url = reverse("people:examination_edit", args=[examination.pk])
    form = client.get(edit_url).content.decode()
    assert 'name="overall_consistency"' in form and ">Highly consistent</option>" in form
    data = {
        "version": examination.version,
        "person": examination.person_id,
        "examiner": examination.examiner_id,
        "examiner_qualifications": examination.examiner_qualifications,
        "examined_on": examination.examined_on.isoformat(),
        "consent_given": "on",
        "overall_opinion": examination.overall_opinion,
        "overall_consistency": "probable",
    }
    refused = client.post(edit_url, data)
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    examination.refresh_from_db()
    assert examination.overall_consistency == ""
    assert "Overall evaluation Not recorded." in _pdf(setup, personas.investigator, "internal")

    data["overall_consistency"] = Consistency.HIGHLY_CONSISTENT
    assert client.post(edit_url, data).status_code == 302
    examination.refresh_from_db()
    assert examination.overall_consistency == "highly_consistent"
    event = AuditEvent.objects.filter(action="examination.updated").latest("pk")
    assert "overall_consistency" in event.details["fields"]
    page = client.get(reverse("people:examination_detail", args=[examination.pk])).content
    assert "Highly consistent" in page.decode().split('id="opinion-heading"')[1]
    text = _pdf(setup, personas.investigator, "internal")
    opinion = text[text.index("Interpretation and overall opinion") :]
    assert "Overall evaluation Highly consistent" in opinion
