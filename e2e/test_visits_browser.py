"""The visit cycle in a real browser: visit plan, planned visit, the visit and its team,
statuses, a starter checklist whose questions appear as answers are given (htmx asks the
server), an urgent finding on the home page, and the visit report written by the background
worker and downloaded as PDF and Word."""

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
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import ChecklistSubmission, ChecklistVersion, Finding

pytestmark = pytest.mark.browser

URGENT_QUESTION = "Is there an urgent risk to life or of ill-treatment?"
URGENT_DETAILS = "What is the urgent risk and who was told?"
FINDING = "Detainee with a head wound left without a doctor"
JOB_TIMEOUT_MS = 30_000


def _section(page: Page, heading: str) -> Locator:
    return page.locator("section.panel").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def _move_to(page: Page, status: str) -> None:
    panel = _section(page, "Status")
    panel.get_by_label("Move to").select_option(label=status)
    panel.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status")).to_contain_text(f"The visit is now “{status}”.")
    expect(page.get_by_role("heading", level=1).locator(".badge")).to_have_text(status)


def _report(page: Page, link: str, downloads: Path) -> Path:
    """From the visit page: ask for the report, wait for the worker, download the file."""
    page.locator(".page-head").get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Report on the visit to")
    page.get_by_role("button", name="Generate").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    download_link = page.get_by_role("link", name="Download")
    expect(download_link).to_be_visible(timeout=JOB_TIMEOUT_MS)
    with page.expect_download() as info:
        download_link.click()
    target = downloads / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_plan_visit_fill_checklist_record_urgent_finding_and_download_report(
    live_server: LiveServer,
    page: Page,
    page_problems: PageProblems,
    background_worker: Worker,
    tmp_path: Path,
) -> None:
    monitor = factories.MembershipFactory.create(role=Role.MONITOR)
    institution = monitor.institution
    doctor = factories.MembershipFactory.create(
        institution=institution,
        role=Role.MEDICAL_EXPERT,
        user=factories.UserFactory.create(full_name="Dr. Ana Reyes"),
    )
    place = PlaceFactory.create(institution=institution, name="Riverside Police Lock-up")
    police_checklist = ChecklistVersion.objects.get(
        template__institution__isnull=True, template__form_id="vigil_police_custody"
    )
    base = live_server.url
    sign_in(page, base, monitor.user, factories.PASSWORD)

    # The annual visit plan, and a visit planned in it.
    today = date.today()
    page.get_by_role("navigation").get_by_role("link", name="Visit plan", exact=True).click()
    page.get_by_role("link", name="New visit plan").click()
    page.get_by_label("Title").fill(f"Visit plan {today.year}")
    page.get_by_label("From").fill(f"{today.year}-01-01")
    page.get_by_label("Until").fill(f"{today.year}-12-31")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Visit plan {today.year}")
    planning = _section(page, "Plan a visit")
    planning.get_by_role("combobox", name="Place").select_option(label=place.name)
    planning.get_by_label("Month").fill(f"{today:%Y-%m}")
    planning.get_by_label("Why this place").fill("Complaints of beatings in custody.")
    planning.get_by_role("button", name="Add to the visit plan").click()
    row = page.locator("table tbody tr").filter(has_text=place.name)
    expect(row).to_contain_text("Complaints of beatings in custody.")

    # Starting the visit from the visit plan: the planner leads it.
    row.get_by_role("link", name="Start the visit").click()
    expect(page.locator(".lead")).to_contain_text(f"From the visit plan: {place.name}")
    expect(page.get_by_label("I lead this visit")).to_be_checked()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Visit to {place.name}")
    expect(page.get_by_role("status")).to_contain_text("Visit created. Add the team next.")

    # The team, then preparing and on site.
    team = _section(page, "Team")
    team.get_by_text("Add to the team").click()
    team.get_by_label("Colleague").select_option(value=str(doctor.user_id))
    team.get_by_label("Role in the team").select_option(label="Medical doctor")
    team.get_by_role("button", name="Add", exact=True).click()
    expect(_section(page, "Team")).to_contain_text("Dr. Ana Reyes · Medical doctor")
    _move_to(page, "Preparing")
    _move_to(page, "On site")

    # A starter checklist: the question on the details appears only after "Yes".
    checklists = _section(page, "Checklists")
    checklists.get_by_label("Start a checklist").select_option(value=str(police_checklist.pk))
    checklists.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Police custody: first-hours safeguards"
    )
    page.get_by_label("Name of the police station or lock-up").fill(place.name)
    details = page.get_by_label(URGENT_DETAILS)
    expect(details).to_have_count(0)
    urgent = page.get_by_role("group", name=URGENT_QUESTION)
    urgent.get_by_label("Yes", exact=True).check()
    expect(details).to_be_visible()
    expect(page.locator("#checklist-status")).to_contain_text("Saved at")
    details.fill("Head wound, no doctor; told the duty sergeant at 15:10.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_label(URGENT_DETAILS)).to_have_value(
        "Head wound, no doctor; told the duty sergeant at 15:10."
    )
    # What Save just posted is on the server: nothing is "restored" from the device.
    expect(page.locator("#checklist-status")).to_have_text("")
    expect(
        page.get_by_role("group", name=URGENT_QUESTION).get_by_label("Yes", exact=True)
    ).to_be_checked()
    # Answering "No" hides the question again, and the server drops its answer.
    page.get_by_role("group", name=URGENT_QUESTION).get_by_label("No", exact=True).check()
    expect(page.get_by_label(URGENT_DETAILS)).to_have_count(0)
    expect(page.locator("#checklist-status")).to_contain_text("Saved at")
    submission = ChecklistSubmission.objects.get(visit__place=place)
    assert submission.answers["closing/urgent_concern"] == "no"
    assert "closing/urgent_details" not in submission.answers
    page.get_by_role("group", name=URGENT_QUESTION).get_by_label("Yes", exact=True).check()
    page.get_by_label(URGENT_DETAILS).fill("Head wound, no doctor; told the duty sergeant.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_label(URGENT_DETAILS)).to_have_value(
        "Head wound, no doctor; told the duty sergeant."
    )

    # An urgent finding.
    page.locator(".breadcrumb a").click()
    _section(page, "Findings").get_by_role("link", name="New finding").click()
    page.get_by_label("Title").fill(FINDING)
    page.get_by_label("Theme").select_option(label="Health care")
    page.get_by_label("Severity").select_option(label="Urgent")
    page.get_by_label("Description").fill(
        "A man held for two days had an open head wound; nobody had called a doctor."
    )
    page.get_by_role("button", name="Record finding").click()
    finding = Finding.objects.get(visit__place=place)
    card = page.locator(f"#finding-{finding.pk}")
    expect(card).to_contain_text(FINDING)
    expect(card.locator(".badge")).to_have_text("Urgent")

    # The home page asks for action on it.
    page.get_by_role("link", name="Vigil").first.click()
    attention = _section(page, "Needs your attention")
    expect(attention.get_by_role("link", name=f"Urgent finding: {FINDING}")).to_be_visible()
    attention.get_by_role("link", name=f"Urgent finding: {FINDING}").click()
    expect(page).to_have_url(re.compile(rf"/visits/{finding.visit_id}/#finding-{finding.pk}$"))

    # The report, written by the worker, downloaded and read.
    pdf = _report(page, "Report (PDF)", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert FINDING in " ".join(text.split())
    page.goto(f"{base}/visits/{finding.visit_id}/")
    word = _report(page, "Report (Word)", tmp_path)
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert any(FINDING in p for p in paragraphs), paragraphs

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
