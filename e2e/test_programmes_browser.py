"""A prevention programme in a real browser: a programme against a protection gap with a
logframe indicator and an actual value, a training of police officers with participants by
group and their pre- and post-test scores, an outcome, a good-practice entry ready to share,
then the programme report and the Good Practice Report written by the background worker,
downloaded and read with pdftotext and python-docx."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, Worker, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.programmes.models import Programme, TrainingSession

pytestmark = pytest.mark.browser

TITLE = "Safeguards from the first hour"
GAP = "Police officers do not tell detainees of their rights in the first hours of custody."
OBJECTIVE = "Every person held by the police is told of their rights on arrival."
INDICATOR = "Detainees told of their rights on arrival"
TRAINING = "One-day training of police officers in Dalisay City"
OUTCOME = "The National Police adopted the module in the basic course of its academy."
PRACTICE = "Show commanders the learning gain"
JOB_TIMEOUT_MS = 30_000


def _section(page: Page, heading: str) -> Locator:
    return page.locator("section.panel").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def _download(page: Page, downloads: Path) -> Path:
    """On the report page: generate, wait for the worker, download the file."""
    page.get_by_role("button", name="Generate").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    link = page.get_by_role("link", name="Download")
    expect(link).to_be_visible(timeout=JOB_TIMEOUT_MS)
    with page.expect_download() as info:
        link.click()
    target = downloads / info.value.suggested_filename
    info.value.save_as(target)
    return target


def _pdf_text(path: Path) -> str:
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return " ".join(text.split())


def test_programme_training_outcome_good_practice_and_reports(
    live_server: LiveServer,
    page: Page,
    page_problems: PageProblems,
    background_worker: Worker,
    tmp_path: Path,
) -> None:
    officer = factories.MembershipFactory.create(
        role=Role.PROGRAMME_OFFICER,
        user=factories.UserFactory.create(full_name="Rizal Navarro"),
    )
    base = live_server.url
    sign_in(page, base, officer.user, factories.PASSWORD)
    year = date.today().year - 1  # every date in the past

    # A programme against a protection gap.
    page.get_by_role("navigation").get_by_role("link", name="Prevention").click()
    page.get_by_role("link", name="New programme").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Protection gap addressed").fill(GAP)
    page.get_by_label("Safeguards in the first hours of police custody").check()
    page.get_by_label("Champion").select_option(label="Rizal Navarro")
    page.get_by_label("Mentors").fill("Inspector (ret.) Samuel Okafor")
    page.get_by_label("From").fill(f"{year}-01-01")
    page.get_by_label("Budget").fill("12000")
    page.get_by_label("Currency").fill("USD")
    page.get_by_label("Status").select_option(label="Active")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    programme = Programme.objects.get(title=TITLE)
    programme_url = page.url

    # Its logframe: an objective with an indicator and one actual value.
    page.get_by_role("link", name="Add an objective or line").click()
    page.get_by_label("Level").select_option(label="Objective")
    page.get_by_label("Statement").fill(OBJECTIVE)
    page.get_by_role("button", name="Save").click()
    logframe = _section(page, "Logframe")
    expect(logframe).to_contain_text(OBJECTIVE)
    logframe.get_by_role("link", name="Add an indicator").click()
    page.get_by_label("Indicator").fill(INDICATOR)
    page.get_by_label("Unit").fill("%")
    page.get_by_label("Baseline").fill("20")
    page.get_by_label("Target").fill("80")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(INDICATOR)
    page.get_by_text("Record an actual value").click()
    page.get_by_label("Date").fill(f"{year}-01-20")
    page.get_by_role("spinbutton", name="Actual value").fill("50")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(INDICATOR)
    page.goto(programme_url)
    expect(_section(page, "Logframe")).to_contain_text("50.0%")  # (50 − 20) / (80 − 20)

    # A training with participants by group and their pre- and post-test scores.
    page.get_by_role("link", name="Training figures and learning gain").click()
    page.get_by_role("link", name="New training").click()
    page.get_by_label("Title").fill(TRAINING)
    page.get_by_label("From").fill(f"{year}-01-14")
    page.get_by_label("Trainers").fill("Commission trainers")
    page.get_by_label("Safeguards in the first hours of police custody").check()
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TRAINING)
    for rank, gender, count, pre, post in (
        ("Patrolman", "Men", "60", "50", "70"),
        ("Patrolman", "Women", "40", "60", "80"),
    ):
        page.get_by_role("link", name="Add participants by group").click()
        page.get_by_label("Agency").fill("Meridia National Police")
        page.get_by_label("Rank").fill(rank)
        page.get_by_label("Gender").select_option(label=gender)
        page.get_by_label("Participants").fill(count)
        page.get_by_label("Pre-test mean score").fill(pre)
        page.get_by_label("Post-test mean score").fill(post)
        page.get_by_role("button", name="Add").click()
    gain = _section(page, "Learning gain")
    # Pre (60·50 + 40·60) / 100 = 54, post 74: a gain of 20 points.
    expect(gain).to_contain_text("54.0 / 100")
    expect(gain).to_contain_text("74.0 / 100")
    expect(gain).to_contain_text("+20.0 points")
    assert TrainingSession.objects.get(activity__programme=programme).groups.count() == 2

    # An outcome, and a good-practice entry ready to share.
    page.goto(programme_url)
    page.get_by_role("link", name="Record an outcome").click()
    page.get_by_label("Date").fill(f"{year}-01-28")
    page.get_by_label("Kind").select_option(label="Policy adopted")
    page.get_by_label("Outcome").fill(OUTCOME)
    page.get_by_label("Evidence").fill("Memorandum circular of the Directorate of Doctrine.")
    page.get_by_label("Contribution claimed").select_option(label="Significant contribution")
    page.get_by_role("button", name="Save").click()
    expect(_section(page, "Outcomes")).to_contain_text(OUTCOME)
    page.get_by_role("link", name="Write a good-practice entry").click()
    page.get_by_label("Title").fill(PRACTICE)
    page.get_by_label("What worked").fill("A gain of 20 points in one day convinced commanders.")
    page.get_by_label("In what context").fill("Police leadership sceptical of training.")
    page.get_by_label("Lessons learned").fill("Measure what a training changes, and report it.")
    page.get_by_label("Communication skills").check()
    page.get_by_label("Ready to share with peers").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PRACTICE)

    # The programme report, as PDF and as Word.
    report_url = f"{base}/programmes/{programme.pk}/report/"
    page.goto(report_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Report on {TITLE}")
    page.get_by_label("PDF").check()
    text = _pdf_text(_download(page, tmp_path))
    for needle in (
        f"Programme report: {TITLE}",
        GAP,
        "Logframe progress",
        OBJECTIVE,
        INDICATOR,
        "50 % on 20 Jan",
        "50 %",
        TRAINING,
        "54.0 / 74.0 (100)",
        OUTCOME,
        PRACTICE,
    ):
        assert needle in text, needle
    page.goto(report_url)
    page.get_by_label("Word (DOCX)").check()
    word = docx.Document(str(_download(page, tmp_path)))
    table = next(t for t in word.tables if t.rows[0].cells[3].text == "Indicator")
    row = [c.text for c in table.rows[1].cells]
    assert row[2:] == [OBJECTIVE, INDICATOR, "20 %", "80 %", f"50 % on 20 Jan {year}", "50 %"]
    headings = [p.text for p in word.paragraphs if p.style and p.style.name.startswith("Heading")]
    assert {"Activities", "Outcomes", "Lessons and good practice", PRACTICE} <= set(headings)

    # The Good Practice Report for peers.
    page.goto(f"{base}/programmes/good-practice/report/")
    page.get_by_label(re.compile(TITLE)).check()
    page.get_by_label("PDF").check()
    text = _pdf_text(_download(page, tmp_path))
    assert "Good Practice Report" in text and PRACTICE in text
    assert "Public version: personal details have been removed." in text
    assert "Rizal Navarro" not in text

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
