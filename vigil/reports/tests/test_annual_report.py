"""The annual report: chapters found in DOCX and PDF, figures that match the records, frozen
at approval, consent and small-count suppression applied, and its workflow."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.urls import reverse

from vigil.core.redaction import Audience
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, Personas, UserFactory, client_for
from vigil.people.models import Case
from vigil.people.models.cases import IntakeSource
from vigil.people.services.interviews import consent_withdraw
from vigil.people.tests.factories import CaseFactory, ConsentFactory, InterviewFactory
from vigil.places.tests.factories import PlaceFactory
from vigil.recommendations.models import Recommendation, Status
from vigil.recommendations.tests.factories import RecommendationFactory
from vigil.reports import services
from vigil.reports.document import build_annual_report
from vigil.reports.figures import DONE, GENERATED
from vigil.reports.models import AnnualReport, Chapter, ChapterRevision
from vigil.reports.richtext import sanitise
from vigil.visits.models import Finding, PlannedVisit, Severity, Visit, VisitType
from vigil.visits.reports.files import render_docx, render_pdf
from vigil.visits.tests.factories import FindingFactory, VisitFactory, VisitPlanFactory, theme

YEAR = 2026
QUOTE = "The guards took our blankets away every night in winter."
WITHDRAWN_QUOTE = "They threatened my family when I complained."


def _commissioner(personas: Personas) -> Any:
    user = UserFactory.create(email="commissioner@a.example", full_name="Commissioner of A")
    return MembershipFactory.create(
        user=user, institution=personas.institution_a, role=Role.COMMISSIONER
    )


@pytest.fixture
def year_of_work(personas: Personas) -> dict[str, Any]:
    """A year of records for institution A, and noise around it (another year, institution B)."""
    a, creator = personas.institution_a, personas.monitor.user
    places = [
        PlaceFactory.create(institution=a, capacity=100, population=130),
        PlaceFactory.create(institution=a, capacity=50, population=40),
        PlaceFactory.create(institution=a, capacity=80, population=80),
    ]
    plan = VisitPlanFactory.create(institution=a)
    for place in places:
        for month in (2, 5):
            PlannedVisit.objects.create(
                institution=a,
                plan=plan,
                place=place,
                month=datetime.date(YEAR, month, 1),
                visit_type=VisitType.FULL,
            )
    visits = [
        VisitFactory.create(place=places[0], created_by=creator, status=Visit.Status.CLOSED),
        VisitFactory.create(
            place=places[1],
            created_by=creator,
            status=Visit.Status.REPORT_SENT,
            announced=True,
            visit_type=VisitType.FOLLOW_UP,
            starts_on=datetime.date(YEAR, 6, 2),
        ),
        VisitFactory.create(place=places[2], created_by=creator, status=Visit.Status.REPORTING),
    ]
    VisitFactory.create(place=places[0], created_by=creator, status=Visit.Status.CANCELLED)
    VisitFactory.create(
        place=places[0],
        created_by=creator,
        status=Visit.Status.CLOSED,
        starts_on=datetime.date(YEAR - 1, 9, 9),
    )
    VisitFactory.create(
        created_by=personas.monitor_b.user,
        place=PlaceFactory.create(institution=personas.institution_b),
    )
    for visit, severity, code in [
        (visits[0], Severity.URGENT, "treatment"),
        (visits[0], Severity.CONCERN, "treatment"),
        (visits[1], Severity.SERIOUS, "health_care"),
        (visits[2], Severity.OBSERVATION, "health_care"),
    ]:
        FindingFactory.create(visit=visit, severity=severity, theme=theme(code), created_by=creator)
    kept = InterviewFactory.create(visit=visits[0], summary_for_report=QUOTE, created_by=creator)
    ConsentFactory.create(interview=kept)
    withdrawn = InterviewFactory.create(
        visit=visits[1], summary_for_report=WITHDRAWN_QUOTE, created_by=creator
    )
    ConsentFactory.create(interview=withdrawn)
    for _ in range(3):
        CaseFactory.create(institution=a, source=IntakeSource.COMPLAINT, received_by=creator)
    for _ in range(6):
        CaseFactory.create(institution=a, source=IntakeSource.VISIT_INTERVIEW, received_by=creator)
    for status in [Status.IMPLEMENTED, Status.IN_PROGRESS, Status.NOT_STARTED]:
        RecommendationFactory.create(institution=a, status=status, created_by=creator)
    RecommendationFactory.create(
        institution=a,
        status=Status.IMPLEMENTED,
        issued_on=datetime.date(YEAR - 1, 4, 1),
        created_by=creator,
    )
    return {"visits": visits, "withdrawn": withdrawn}


def _report(personas: Personas) -> AnnualReport:
    report = services.annual_report_create(actor=personas.monitor, year=YEAR)
    foreword = Chapter.objects.get(report=report, title="Foreword")
    services.chapter_save(
        actor=personas.monitor,
        chapter=foreword,
        title="Foreword",
        body="<p>A year of <strong>unannounced</strong> visits.</p><script>alert(1)</script>",
    )
    return report


def _docx(report: AnnualReport, reader: Any, audience: str = Audience.PUBLIC) -> Any:
    content = render_docx(build_annual_report(report, reader=reader, audience=audience))
    return docx.Document(io.BytesIO(content))


def _text(document: Any) -> str:
    parts = [p.text for p in document.paragraphs]
    parts.extend(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _tables(document: Any) -> bytes:
    """Every figure of the document, as bytes: the cells of its tables, in order."""
    cells = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return json.dumps(cells, ensure_ascii=False).encode()


def _table_after(document: Any, *headers: str) -> dict[str, list[str]]:
    """The first table whose header row starts with `headers`, by the label of each row."""
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][: len(headers)] == list(headers):
            return {row[0]: row[1:] for row in rows[1:]}
    raise AssertionError(f"No table headed {headers!r}")


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def _chapter_titles(report: AnnualReport) -> list[str]:
    chapters = Chapter.objects.filter(report=report, included=True).order_by("order")
    return [f"{n}. {c.title}" for n, c in enumerate(chapters, start=1)]


def test_docx_and_pdf_hold_every_chapter_and_the_records_figures(personas, year_of_work):
    report = _report(personas)
    reader = _commissioner(personas)
    document = _docx(report, reader)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    titles = _chapter_titles(report)
    assert len(titles) == len(GENERATED) + 2
    assert all(title in headings for title in titles)
    pdf = _pdf_text(
        render_pdf(build_annual_report(report, reader=reader, audience=Audience.PUBLIC))
    )
    assert all(title in pdf for title in titles)
    text = _text(document)
    assert "A year of unannounced visits." in text and "alert" not in text

    # Independent counts of the same year, straight from the records.
    a = personas.institution_a
    done = Visit.objects.filter(institution=a, starts_on__year=YEAR, status__in=DONE)
    planned = PlannedVisit.objects.filter(institution=a, month__year=YEAR).count()
    assert f"made {done.count()} visits, against {planned} planned" in text
    assert f"made {done.count()} visits, against {planned} planned" in pdf
    visits = _table_after(document, "Kind of place", "Planned")
    assert visits["Total"] == [
        str(planned),
        str(done.count()),
        str(done.filter(announced=False).count()),
        str(done.filter(visit_type=VisitType.FOLLOW_UP).count()),
    ]
    findings = _table_after(document, "Theme")
    by_severity = dict(
        Finding.objects.filter(visit__in=done).values_list("severity").annotate(n=Count("pk"))
    )
    assert findings["Total"] == [
        *(str(by_severity.get(s.value, 0)) for s in Severity),
        str(sum(by_severity.values())),
    ]
    issued = Recommendation.objects.filter(institution=a, issued_on__year=YEAR)
    assert f"issued {issued.count()} recommendations" in text
    cumulative = _table_after(document, "Status")
    assert cumulative  # the year's table comes first; the cumulative one is checked below
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Status"]
    all_time = {r.cells[0].text: r.cells[1].text for r in tables[1].rows[1:]}
    implemented = Recommendation.objects.filter(
        institution=a, issued_on__lte=datetime.date(YEAR, 12, 31), status=Status.IMPLEMENTED
    ).count()
    assert all_time["Implemented"] == str(implemented) == "2"
    places = _table_after(document, "Kind of place", "Places")
    assert [sum(int(row[i]) for row in places.values()) for i in (0, 1, 2)] == [3, 230, 250]
    assert "3 places of deprivation of liberty" in text


def test_an_approved_report_gives_the_same_figures_later(personas, year_of_work):
    commissioner = _commissioner(personas)
    report = _report(personas)
    services.annual_report_submit(actor=personas.monitor, report=report)
    report = services.annual_report_approve(actor=commissioner, report=report)
    first = _tables(_docx(report, commissioner))
    # A year later: a visit of that year is recorded late, and a finding added.
    late = VisitFactory.create(
        place=year_of_work["visits"][0].place,
        created_by=personas.monitor.user,
        status=Visit.Status.CLOSED,
    )
    FindingFactory.create(visit=late, severity=Severity.URGENT, created_by=personas.monitor.user)
    report.refresh_from_db()
    assert _tables(_docx(report, commissioner)) == first
    # A draft of the same year counts afresh.
    draft = AnnualReport.objects.get(pk=report.pk)
    draft.status = AnnualReport.Status.DRAFT
    assert _tables(_docx(draft, commissioner)) != first


def test_a_withdrawn_consent_keeps_the_quote_out(personas, year_of_work):
    report = _report(personas)
    reader = _commissioner(personas)
    before = _text(_docx(report, reader))
    assert QUOTE in before and WITHDRAWN_QUOTE in before
    consent_withdraw(actor=personas.monitor, interview=year_of_work["withdrawn"], reason="Fears")
    after = _text(_docx(report, reader))
    assert QUOTE in after and WITHDRAWN_QUOTE not in after
    assert "Testperson" not in after  # a person is never named, only their pseudonym


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ANALYST, Role.PROGRAMME_OFFICER, Role.VIEWER])
def test_small_counts_show_as_fewer_than_5_outside_casework(personas, year_of_work, role):
    report = _report(personas)
    reader = MembershipFactory.create(institution=personas.institution_a, role=role)
    for audience in (Audience.PUBLIC, Audience.INTERNAL):
        sources = _table_after(_docx(report, reader, audience), "Source")
        assert sources["Individual complaint"] == ["fewer than 5"]
        # The only other count is withheld too, so a total cannot give the small one away.
        assert sources["Visit interview"] == ["fewer than 5"]
        assert sources["Media"] == ["0"]


def test_casework_sees_every_count_internally_but_not_in_the_public_version(personas, year_of_work):
    report = _report(personas)
    internal = _table_after(_docx(report, personas.investigator, Audience.INTERNAL), "Source")
    assert internal["Individual complaint"] == [
        str(
            Case.objects.filter(
                institution=personas.institution_a, source=IntakeSource.COMPLAINT
            ).count()
        )
    ]
    public = _table_after(_docx(report, personas.investigator, Audience.PUBLIC), "Source")
    assert public["Individual complaint"] == ["fewer than 5"]


def test_the_workflow_is_draft_review_approved(personas):
    commissioner = _commissioner(personas)
    report = services.annual_report_create(actor=personas.monitor, year=YEAR)
    chapter = Chapter.objects.filter(report=report, kind=Chapter.NARRATIVE).first()
    services.chapter_save(
        actor=personas.monitor, chapter=chapter, title="Foreword", body="<p>One</p>"
    )
    services.chapter_save(
        actor=personas.monitor, chapter=chapter, title="Foreword", body="<p>Two</p>"
    )
    assert list(ChapterRevision.objects.filter(chapter=chapter).values_list("body", flat=True)) == [
        "<p>Two</p>",
        "<p>One</p>",
    ]
    with pytest.raises(PermissionDenied):
        services.annual_report_approve(actor=personas.monitor, report=report)
    with pytest.raises(ValidationError):
        services.annual_report_approve(actor=commissioner, report=report)  # not in review
    services.annual_report_submit(actor=personas.monitor, report=report)
    with pytest.raises(ValidationError):
        services.chapter_save(actor=personas.monitor, chapter=chapter, title="X", body="<p>3</p>")
    services.annual_report_return(actor=commissioner, report=report)
    services.annual_report_submit(actor=personas.monitor, report=report)
    report = services.annual_report_approve(actor=commissioner, report=report)
    assert report.status == AnnualReport.Status.APPROVED and report.frozen is not None
    with pytest.raises(ValidationError):
        services.chapter_arrange(actor=personas.monitor, chapter=chapter, move="down")
    with pytest.raises(ValidationError) as refused:
        services.annual_report_create(actor=personas.monitor, year=YEAR)
    assert "year" in refused.value.error_dict


def test_chapters_are_arranged_and_left_out(personas):
    report = services.annual_report_create(actor=personas.monitor, year=YEAR)
    first, second = Chapter.objects.filter(report=report).order_by("order")[:2]
    services.chapter_arrange(actor=personas.monitor, chapter=second, move="up")
    services.chapter_arrange(actor=personas.monitor, chapter=first, move="toggle")
    titles = _chapter_titles(report)
    assert titles[0] == f"1. {second.title}" and all(first.title not in t for t in titles)


def test_the_html_is_sanitised():
    dirty = (
        '<p onclick="x()">Hi <a href="javascript:1">there</a><img src=x onerror=y></p>'
        "<script>bad()</script><ul><li>one"
    )
    assert sanitise(dirty) == "<p>Hi there</p><ul><li>one</li></ul>"


def test_another_institution_gets_404(personas):
    report = services.annual_report_create(actor=personas.monitor, year=YEAR)
    chapter = report.chapters.first()
    client = client_for(personas.monitor_b)
    assert client.get(reverse("reports:annual_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:chapter_edit", args=[chapter.pk])).status_code == 404
    response = client.post(reverse("reports:annual_transition", args=[report.pk, "submit"]))
    assert response.status_code == 404
    assert AnnualReport.objects.get(pk=report.pk).status == AnnualReport.Status.DRAFT


def test_the_pages_write_and_send_a_chapter(personas):
    client = client_for(personas.monitor)
    response = client.post(reverse("reports:annual_list"), {"year": "2026", "title": ""})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and report.title == "Annual report 2026"
    assert client.post(reverse("reports:annual_list"), {"year": "2026"}).status_code == 400
    chapter = Chapter.objects.filter(report=report, kind=Chapter.NARRATIVE).first()
    url = reverse("reports:chapter_edit", args=[chapter.pk])
    assert client.post(url, {"title": "Foreword", "body": "<p>Words here</p>"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Words here" in page and "2 words" in page
    client.post(reverse("reports:annual_transition", args=[report.pk, "submit"]))
    assert AnnualReport.objects.get().status == AnnualReport.Status.REVIEW
    # The monitor may not approve.
    client.post(reverse("reports:annual_transition", args=[report.pk, "approve"]))
    assert AnnualReport.objects.get().status == AnnualReport.Status.REVIEW
