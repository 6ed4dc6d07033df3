"""The programme report and the Good Practice Report: what they contain, who may have them
written and downloaded, and that they name no participant of a training."""

from __future__ import annotations

import datetime
import io
import subprocess
from decimal import Decimal
from typing import Any

import docx
import pytest
from django.http import Http404
from django.urls import reverse

from vigil.core.models import GeneratedDocument, Job, Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import (
    MembershipFactory,
    Personas,
    UserFactory,
    client_for,
    run_background_jobs,
    stored_document,
)
from vigil.programmes.models import (
    Activity,
    GoodPracticeTheme,
    LogframeItem,
    ParticipantGroup,
    Programme,
    RosterEntry,
    TrainingSession,
)
from vigil.programmes.reports.files import render
from vigil.programmes.reports.good_practice import build_good_practice_report
from vigil.programmes.reports.jobs import good_practice_report_start, programme_report_start
from vigil.programmes.reports.programme import build_programme_report
from vigil.programmes.tests.factories import (
    ActivityFactory,
    GoodPracticeFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    LogframeItemFactory,
    OutcomeFactory,
    ProgrammeFactory,
)
from vigil.visits.tests.factories import theme

TITLE = "Safeguards from the first hour"
OBJECTIVE = "Every person held by the police enjoys the safeguards of the first hours"
OUTPUT = "Police officers trained in the safeguards"
MEASURED = "Detainees told of their rights on arrival"
UNMEASURED = "Academy courses using the module"
WORKSHOP = "Writing the training module with police trainers"
TRAINING = "One-day training of police officers in Dalisay City"
OUTCOME = "The National Police adopted the module in the basic course of its academy"
READY = "Show commanders the learning gain"
NOT_READY = "Trainers of their own"
OTHER_READY = "Research first, then the summit"
CHAMPION = "Amihan Champion-Reyes"
MENTOR = "Dr. Helena Mentor-Varga"
TRAINEE = "Lualhati Trainee-Ramos"
BADGE = "MNP-40211"


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return " ".join(text.split())


def _docx_text(content: bytes) -> tuple[list[str], list[list[list[str]]], list[str]]:
    """Paragraphs, tables (rows of cell texts) and headings of a Word file."""
    word = docx.Document(io.BytesIO(content))
    paragraphs = [p.text for p in word.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]
    headings = [p.text for p in word.paragraphs if p.style and p.style.name.startswith("Heading")]
    return paragraphs, tables, headings


def make_programme(institution: Any, *, title: str = TITLE) -> Programme:
    """A programme with a logframe (one indicator measured, one not), a workshop, a training
    with participants by agency, rank and gender, an outcome and two lessons (one ready)."""
    champion = UserFactory.create(full_name=CHAMPION, email=f"champion-{institution.pk}@a.example")
    MembershipFactory.create(user=champion, institution=institution, role=Role.PROGRAMME_OFFICER)
    programme = ProgrammeFactory.create(
        institution=institution,
        title=title,
        champion=champion,
        mentors=MENTOR,
        partners="Meridia National Police; APT",
        budget=Decimal("12000"),
        currency="USD",
        funding="Seed grant",
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2027, 2, 28),
    )
    objective = LogframeItemFactory.create(programme=programme, text=OBJECTIVE, order=1)
    output = LogframeItemFactory.create(
        programme=programme, parent=objective, level=LogframeItem.Level.OUTPUT, text=OUTPUT
    )
    measured = IndicatorFactory.create(
        item=output, name=MEASURED, unit="%", baseline=Decimal(10), target=Decimal(90)
    )
    for day, value in ((datetime.date(2025, 6, 30), "30"), (datetime.date(2026, 3, 31), "50")):
        IndicatorValueFactory.create(indicator=measured, measured_on=day, value=Decimal(value))
    IndicatorFactory.create(item=output, name=UNMEASURED, unit="", baseline=0, target=4)
    ActivityFactory.create(
        programme=programme,
        title=WORKSHOP,
        starts_on=datetime.date(2025, 4, 20),
        participants=12,
        outputs=f"Module of six sessions; {TRAINEE} (badge {BADGE}) reviewed it.",
    )
    activity = ActivityFactory.create(
        programme=programme,
        kind=Activity.Kind.TRAINING,
        title=TRAINING,
        starts_on=datetime.date(2025, 8, 14),
        participants=40,
    )
    session = TrainingSession.objects.create(
        institution=institution, activity=activity, trainers="Commission trainers"
    )
    session.topics.set([theme("custody_safeguards")])
    for rank, gender, count, pre, post in (
        ("Patrolman", "men", 10, "50", "70"),
        ("Police Sergeant", "women", 30, "60", "80"),
    ):
        ParticipantGroup.objects.create(
            institution=institution,
            session=session,
            agency="Meridia National Police",
            rank=rank,
            gender=gender,
            count=count,
            pre_test_mean=Decimal(pre),
            post_test_mean=Decimal(post),
        )
    # A roster elsewhere in the institution: its names must never reach a document.
    other = ActivityFactory.create(
        programme=programme,
        kind=Activity.Kind.TRAINING,
        title="Refresher for commanders",
        starts_on=datetime.date(2025, 9, 1),
    )
    other_session = TrainingSession.objects.create(
        institution=institution, activity=other, trainers="Police trainers"
    )
    RosterEntry.objects.create(
        institution=institution,
        session=other_session,
        person={"name": TRAINEE, "badge_number": BADGE},
        agency="Meridia National Police",
        gender="women",
        pre_test=Decimal(60),
        post_test=Decimal(85),
    )
    OutcomeFactory.create(
        programme=programme,
        statement=OUTCOME,
        evidence="Memorandum circular of the Directorate of Doctrine.",
    )
    GoodPracticeFactory.create(
        institution=institution,
        programme=programme,
        title=READY,
        what_worked=f"A gain of 20 points convinced the commanders; {TRAINEE} now trains others.",
        practice_themes=[GoodPracticeTheme.COMMUNICATION.value, GoodPracticeTheme.DIALOGUE.value],
        ready_to_share=True,
    )
    GoodPracticeFactory.create(
        institution=institution,
        programme=programme,
        title=NOT_READY,
        practice_themes=[GoodPracticeTheme.SUSTAINABILITY.value],
        ready_to_share=False,
    )
    return programme


@pytest.fixture
def programme(personas: Personas) -> Programme:
    return make_programme(personas.institution_a)


# --- the programme report --------------------------------------------------------------


def test_the_pdf_has_summary_logframe_progress_activities_trainings_outcomes_and_lessons(
    programme, personas
):
    built = build_programme_report(programme, reader=personas.monitor)
    text = _pdf_text(render(built, "pdf"))
    for needle in (
        f"Programme report: {TITLE}",
        "Internal document of Institution A",
        CHAMPION,
        MENTOR,
        "12,000.00 USD (Seed grant)",
        "Logframe progress",
        OBJECTIVE,
        MEASURED,
        "50 % on 31 Mar 2026",
        "50 %",  # (50 − 10) / (90 − 10)
        UNMEASURED,
        "No actual value recorded yet.",
        WORKSHOP,
        TRAINING,
        "Training of law enforcement officials",
        OUTCOME,
        "Significant contribution",
        READY,
        NOT_READY,
    ):
        assert needle in text, needle
    # The sessions' figures: 40 participants, pre (10·50 + 30·60) / 40 = 57.5, post 77.5.
    assert "57.5 / 77.5 (100)" in text
    # Both indicators have a chart part, drawn from the same progress as the table.
    assert set(built.figures) == {
        f"programmes.indicator:{i.pk}"
        for i in programme.logframe.get(level=LogframeItem.Level.OUTPUT).indicators.all()
    }
    assert "Line: actual values. Dotted: baseline (10). Dashed: target (90)." in text


def test_the_docx_has_the_logframe_table_with_indicator_progress(programme, personas):
    built = build_programme_report(programme, reader=personas.monitor)
    paragraphs, tables, headings = _docx_text(render(built, "docx"))
    assert paragraphs[2] == f"Programme report: {TITLE}"  # after the letterhead
    for heading in (
        "Summary",
        "Logframe progress",
        "Indicators",
        "Activities",
        "Training of law enforcement officials",
        "Outcomes",
        "Lessons and good practice",
        READY,
    ):
        assert heading in headings, heading
    logframe = next(t for t in tables if t[0][:4] == ["No.", "Level", "Statement", "Indicator"])
    assert logframe[0][4:] == ["Baseline", "Target", "Latest actual", "Progress"]
    rows = {row[3]: row for row in logframe[1:]}
    assert rows["—"][:3] == ["1", "Objective", OBJECTIVE]
    assert rows[MEASURED] == [
        "1.1",
        "Output",
        OUTPUT,
        MEASURED,
        "10 %",
        "90 %",
        "50 % on 31 Mar 2026",
        "50 %",
    ]
    assert rows[UNMEASURED][4:] == ["0", "4", "none yet", "No actual value recorded yet."]
    activities = next(t for t in tables if t[0][:3] == ["Date", "Type", "Activity"])
    assert [r[2] for r in activities[1:]][:2] == [WORKSHOP, TRAINING]
    sessions = next(t for t in tables if t[0][0] == "Training")
    assert sessions[1][3:] == ["40", "40", "57.5 / 77.5 (100)", "20.0", "0.5"]
    assert any(OUTCOME in p for p in paragraphs)


def test_a_target_overtaken_and_a_target_equal_to_the_baseline(personas):
    programme = ProgrammeFactory.create(institution=personas.institution_a)
    item = LogframeItemFactory.create(programme=programme)
    for name, baseline, target, value in (("Overtaken", 100, 20, 0), ("Flat", 5, 5, 7)):
        indicator = IndicatorFactory.create(
            item=item, name=name, baseline=baseline, target=target, unit=""
        )
        IndicatorValueFactory.create(
            indicator=indicator, measured_on=datetime.date(2026, 1, 1), value=Decimal(value)
        )
    built = build_programme_report(programme, reader=personas.monitor)
    _p, tables, _h = _docx_text(render(built, "docx"))
    rows = {row[3]: row for row in tables[0][1:]}
    assert rows["Overtaken"][6:] == ["0 on 1 Jan 2026", "125 % (target reached)"]
    assert rows["Flat"][7] == "The target equals the baseline, so progress cannot be measured."


def test_participants_of_trainings_are_never_named_even_inside_the_institution(programme, personas):
    for audience in ("internal", "public"):
        built = build_programme_report(programme, reader=personas.admin, audience=audience)
        for fmt in ("pdf", "docx"):
            content = render(built, fmt)
            if fmt == "pdf":
                text = _pdf_text(content)
            else:
                paragraphs, tables, _headings = _docx_text(content)
                text = " ".join(paragraphs) + " " + " ".join(str(t) for t in tables)
            assert TRAINEE not in text and BADGE not in text, (audience, fmt)
            assert "[a participant] (badge [a participant]) reviewed it" in text


def test_the_public_programme_report_names_no_staff_and_keeps_only_shared_lessons(
    programme, personas
):
    built = build_programme_report(programme, reader=personas.monitor, audience="public")
    text = _pdf_text(render(built, "pdf"))
    assert "Public version: personal details have been removed." in text
    assert CHAMPION not in text and MENTOR not in text
    assert "the programme's champion" in text and "expert mentors" in text
    assert READY in text and NOT_READY not in text


def test_the_programme_report_is_built_only_for_the_programmes_institution(programme, personas):
    with pytest.raises(ValueError):
        build_programme_report(programme, reader=personas.monitor_b)
    with pytest.raises(Http404):
        programme_report_start(
            actor=personas.monitor_b, programme=programme, fmt="pdf", audience="internal"
        )


# --- the Good Practice Report ------------------------------------------------------------


def test_the_good_practice_report_has_only_entries_ready_to_share_by_theme(programme, personas):
    second = ProgrammeFactory.create(institution=personas.institution_a, title="Lock-up summit")
    GoodPracticeFactory.create(
        institution=personas.institution_a,
        programme=second,
        title=OTHER_READY,
        practice_themes=[GoodPracticeTheme.DIALOGUE.value],
        ready_to_share=True,
    )
    not_chosen = ProgrammeFactory.create(institution=personas.institution_a, title="Not chosen")
    GoodPracticeFactory.create(
        institution=personas.institution_a,
        programme=not_chosen,
        title="Entry of a programme not chosen",
        ready_to_share=True,
    )
    document = build_good_practice_report([programme, second], reader=personas.admin)
    assert document.redacted_for == "public"
    text = _pdf_text(render(document, "pdf"))
    assert READY in text and OTHER_READY in text
    assert NOT_READY not in text and "Entry of a programme not chosen" not in text
    assert "Public version: personal details have been removed." in text
    # Grouped by the first good-practice theme, in the order of the vocabulary.
    paragraphs, _tables, headings = _docx_text(render(document, "docx"))
    assert headings == [
        "About this report",
        "Communication skills",
        READY,
        "Constructive dialogue with authorities",
        OTHER_READY,
    ]
    # No personal data: no roster name or badge, not even typed into a lesson; no staff names.
    everything = text + " ".join(paragraphs)
    assert TRAINEE not in everything and BADGE not in everything
    assert "[a participant] now trains others" in everything
    assert CHAMPION not in everything
    assert "2 good practices that Institution A shares with its peers" in text


def test_the_good_practice_report_takes_only_the_readers_programmes(programme, personas):
    with pytest.raises(ValueError):
        build_good_practice_report([programme], reader=personas.monitor_b)
    with pytest.raises(Http404):
        good_practice_report_start(actor=personas.monitor_b, programmes=[programme], fmt="pdf")


# --- the pages and the background jobs -----------------------------------------------------


def test_the_report_pages_offer_formats_audiences_and_the_institutions_programmes(
    programme, personas
):
    ProgrammeFactory.create(institution=personas.institution_b, title="Programme of B")
    viewer = client_for(personas.viewer)
    page = viewer.get(reverse("programmes:prevention_report", args=[programme.pk])).content.decode()
    assert 'value="pdf"' in page and 'value="docx"' in page
    assert 'value="internal"' in page and 'value="public"' in page
    page = viewer.get(reverse("programmes:good_practice_report")).content.decode()
    assert TITLE in page and "Programme of B" not in page


def test_institution_b_cannot_ask_for_a_report_of_a(programme, personas):
    b = client_for(personas.monitor_b)
    url = reverse("programmes:prevention_report", args=[programme.pk])
    assert b.get(url).status_code == 404
    assert b.post(url, {"format": "pdf", "audience": "internal"}).status_code == 404
    response = b.post(
        reverse("programmes:good_practice_report"), {"programmes": [programme.pk], "format": "pdf"}
    )
    assert response.status_code == 400
    assert not Job.objects.exists()


def _generate(client: Any, url: str, data: dict[str, Any]) -> Job:
    response = client.post(url, data)
    job = Job.objects.order_by("-pk").first()
    assert job is not None
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    return job


def test_the_programme_report_is_written_in_the_background_and_downloaded(
    transactional_db, personas
):
    programme = make_programme(personas.institution_a)
    starter = client_for(personas.viewer)  # anyone who reads programmes may have it written
    job = _generate(
        starter,
        reverse("programmes:prevention_report", args=[programme.pk]),
        {"format": "pdf", "audience": "internal"},
    )
    assert job.kind == "programmes.report"
    assert job.params == {
        "programme": programme.pk,
        "format": "pdf",
        "audience": "internal",
        "language": "en",
    }
    document = stored_document(job)
    assert (document.subject, document.audience) == (
        f"programmes.programme:{programme.pk}",
        "internal",
    )
    assert b"%PDF" not in bytes(document.content)  # stored encrypted
    response = starter.get(job.result["download_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert MEASURED in text and OUTCOME in text and TRAINEE not in text
    # Another institution's members, even its administrator, never get it.
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    for outsider in (personas.monitor_b, admin_b):
        assert client_for(outsider).get(job.result["download_url"]).status_code == 404
        assert (
            client_for(outsider).get(reverse("core:job_detail", args=[job.pk])).status_code == 404
        )


def test_the_good_practice_report_job_writes_a_public_docx(transactional_db, personas):
    programme = make_programme(personas.institution_a)
    officer: Membership = MembershipFactory.create(
        institution=personas.institution_a, role=Role.PROGRAMME_OFFICER
    )
    starter = client_for(officer)
    job = _generate(
        starter,
        reverse("programmes:good_practice_report"),
        {"programmes": [programme.pk], "format": "docx"},
    )
    assert job.kind == "programmes.good_practice_report"
    document = stored_document(job)
    assert (document.audience, document.subject) == ("public", "")
    response = starter.get(job.result["download_url"])
    assert response.status_code == 200
    paragraphs, _tables, headings = _docx_text(response.content)
    assert READY in headings and NOT_READY not in headings
    assert TRAINEE not in " ".join(paragraphs)
    assert client_for(personas.monitor_b).get(job.result["download_url"]).status_code == 404


def test_a_job_for_a_programme_that_is_gone_fails_with_a_message(transactional_db, personas):
    programme = ProgrammeFactory.create(institution=personas.institution_a)
    job = programme_report_start(
        actor=personas.monitor, programme=programme, fmt="docx", audience="internal"
    )
    Job.objects.filter(pk=job.pk).update(params={**job.params, "programme": programme.pk + 99})
    run_background_jobs()
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "The programme no longer exists.")
    assert not GeneratedDocument.objects.exists()
