"""People and evidence in a real browser: an interview on a visit with the interviewee's
identity, consent and a fear of reprisal; an allegation raised from it, moved through the
assessment to a referral to prosecution; an Istanbul Protocol examination with two marks placed
by clicking on the body chart and a photograph in the vault; the medico-legal report written by
the background worker and read back from the PDF; and the overdue reprisal check-back on the
home page."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, Worker, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import Visit
from vigil.visits.tests.factories import VisitFactory

pytestmark = pytest.mark.browser

PLACE = "Riverside Police Lock-up"
NAME = "Tomasz Wiśniewski-Oyelaran"
IDENTITY_NUMBER = "ID-7731-4402"
PROSECUTOR = "Office of the Public Prosecutor, Riverside"
MARK_FRONT = "Linear bruise 8 x 2 cm across the left chest, purple and blue, tender"
MARK_BACK = "Two parallel tramline bruises 12 cm long over the right shoulder blade"
JOB_TIMEOUT_MS = 30_000


def _section(page: Page, heading: str) -> Locator:
    return page.locator("section.panel").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def _jpeg_with_location(path: Path) -> Path:
    """A small photograph carrying the camera's make and a GPS position, as phones write."""
    image = Image.new("RGB", (64, 48), (180, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.0)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 40.0)
    image.save(path, "JPEG", exif=exif.tobytes())
    return path


def _place_mark(page: Page, side: str, at: tuple[float, float], finding: str) -> None:
    """Click on the drawing where the finding is, then describe it in the add-mark form."""
    chart = page.get_by_role("img", name=f"Body chart, {side.lower()}")
    box = chart.bounding_box()
    assert box is not None
    chart.click(position={"x": box["width"] * at[0], "y": box["height"] * at[1]})
    form = page.get_by_role("form", name="Add a mark")
    # The click filled in the side and the position, for the form to send.
    expect(form.get_by_role("radio", name=side)).to_be_checked()
    across = float(
        form.get_by_label("Across, as a percentage from the left of the drawing").input_value()
    )
    down = float(
        form.get_by_label("Down, as a percentage from the top of the drawing").input_value()
    )
    assert abs(across - at[0] * 100) < 2 and abs(down - at[1] * 100) < 2, (across, down)
    # The description field has the focus, ready for the examiner to type.
    expect(form.get_by_label("Finding")).to_be_focused()
    page.keyboard.type(finding)
    form.get_by_label("Consistency with the allegation").select_option(label="Highly consistent")
    form.get_by_role("button", name="Place the mark").click()


def _move_case(page: Page, to: str, reason: str, **referral: str) -> None:
    page.locator(".page-head").get_by_role("link", name="Move the case").click()
    page.get_by_label("Move to").select_option(label=to)
    if referral:
        page.get_by_label("Outcome", exact=True).select_option(label=referral["outcome"])
        page.get_by_label("Referred to").fill(referral["body"])
        page.get_by_label("Their reference").fill(referral["reference"])
        page.get_by_label("Follow up on").fill(referral["follow_up_on"])
    page.get_by_label("Reason").fill(reason)
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"The case moved to “{to}”.")


def test_interview_to_referred_case_with_examination_report_and_overdue_check_back(
    live_server: LiveServer,
    page: Page,
    page_problems: PageProblems,
    background_worker: Worker,
    tmp_path: Path,
) -> None:
    # A commissioner sees every case, and may interview, examine and refer.
    commissioner = factories.MembershipFactory.create(
        role=Role.COMMISSIONER, user=factories.UserFactory.create(full_name="Dr. Lena Okafor")
    )
    institution = commissioner.institution
    today = timezone.localdate(timezone=ZoneInfo(institution.time_zone))
    # The interview took place a month ago: its first check-back (14 days later) is overdue.
    held_on = today - timedelta(days=30)
    place = PlaceFactory.create(institution=institution, name=PLACE)
    VisitFactory.create(
        place=place,
        starts_on=held_on - timedelta(days=1),
        ends_on=held_on,
        status=Visit.Status.ON_SITE,
        created_by=commissioner.user,
    )
    base = live_server.url
    sign_in(page, base, commissioner.user, factories.PASSWORD)

    # The visit, and an individual interview recorded on it.
    page.get_by_role("navigation").get_by_role("link", name="Visits").click()
    page.get_by_role("link", name=PLACE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Visit to {PLACE}")
    _section(page, "Interviews").get_by_role("link", name="Record an interview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an interview")
    expect(
        page.get_by_role("group", name="Kind of interview").get_by_label("Individual")
    ).to_be_checked()
    page.get_by_label("Date of the interview").fill(held_on.isoformat())
    expect(page.get_by_role("checkbox", name="Dr. Lena Okafor")).to_be_checked()
    page.get_by_label("Interpreter").fill("Maria Kowalczyk")
    page.get_by_label("Where it was held").fill("The library, out of sight of staff")
    page.get_by_label("Full name").fill(NAME)
    page.get_by_label("Identity number").fill(IDENTITY_NUMBER)
    page.get_by_label("Date of birth").fill("1991-04-17")
    page.get_by_label("Nationality").fill("Polish")
    page.get_by_label("Language").fill("Polish")
    page.get_by_role("group", name="Vulnerabilities").get_by_label(
        "Migrant or asylum seeker"
    ).check()
    page.get_by_label("Notes", exact=True).fill(
        "Says two officers beat him with batons in the van on the night of his arrest."
    )
    page.get_by_label("Summary for reports").fill("Alleges beatings with batons during transfer.")
    page.get_by_label("Fears reprisal").check()
    page.get_by_label("Consent given by").select_option(label="The person themself")
    page.get_by_label("Consent given on").fill(f"{held_on.isoformat()}T10:30")
    scopes = page.get_by_role("group", name="The person agreed to")
    scopes.get_by_label("Internal use by the institution").check()
    scopes.get_by_label("Anonymous use in reports").check()
    page.get_by_role("button", name="Save").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"Interview with P-\w+"))
    expect(heading).to_contain_text("fears reprisal")
    found = re.search(r"P-\w+", heading.inner_text())
    assert found, heading.inner_text()
    pseudonym = found.group(0)
    expect(page.get_by_role("status")).to_contain_text(f"Interview with {pseudonym} recorded.")
    identity = _section(page, "Identity")
    expect(identity).to_contain_text(NAME)
    expect(identity).to_contain_text(IDENTITY_NUMBER)
    consent = _section(page, "Consent")
    expect(consent).to_contain_text("Internal use by the institution")
    expect(consent).to_contain_text("Anonymous use in reports")
    check_backs = _section(page, "Check-backs")
    expect(check_backs).to_contain_text(f"due {(held_on + timedelta(days=14)):%-d %b %Y}")
    expect(check_backs).to_contain_text("overdue")

    # An allegation raised from the interview: the case form starts from what it says.
    _section(page, "Cases raised from this interview").get_by_role(
        "link", name="Raise an allegation"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New case")
    expect(page.get_by_label("Source")).to_have_value("visit_interview")
    expect(page.get_by_label("Interview it came from").locator("option:checked")).to_have_text(
        f"{held_on:%Y-%m-%d} · {PLACE} · {pseudonym}"
    )
    expect(page.get_by_label("Date received")).to_have_value(held_on.isoformat())
    expect(page.get_by_label("Alleged victims").locator("option:checked")).to_have_text(pseudonym)
    expect(
        page.get_by_label("Place of the incident", exact=True).locator("option:checked")
    ).to_have_text(PLACE)
    page.get_by_label("Date of the incident").fill((held_on - timedelta(days=2)).isoformat())
    page.get_by_role("group", name="Types of ill-treatment").get_by_label(
        "Beating", exact=True
    ).check()
    page.get_by_label("Account", exact=True).fill(
        "Beaten with batons by two officers in the transfer van."
    )
    page.get_by_label("Injuries").fill("Bruises on the chest and the back.")
    page.get_by_role("button", name="Open the case").click()
    case_heading = page.get_by_role("heading", level=1)
    expect(case_heading).to_contain_text("Received")
    reference = case_heading.inner_text().split()[0]
    expect(page.get_by_role("status")).to_contain_text(f"Case {reference} opened.")
    expect(_section(page, "Alleged victims")).to_contain_text(NAME)

    # Assessed, then referred to the prosecutor.
    _move_case(page, "Preliminary assessment", "The account is detailed and injuries were seen.")
    _move_case(
        page,
        "Outcome",
        "Criminal offence alleged: for the prosecutor to investigate.",
        outcome="Referred to prosecution or disciplinary authority",
        body=PROSECUTOR,
        reference="PP-2026-118",
        follow_up_on=(today + timedelta(days=30)).isoformat(),
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Referred to prosecution or disciplinary authority"
    )
    expect(_section(page, "Referrals")).to_contain_text(PROSECUTOR)
    history = _section(page, "History")
    expect(history).to_contain_text("Preliminary assessment")
    expect(history).to_contain_text("Referred to prosecution or disciplinary authority")

    # An Istanbul Protocol examination of the alleged victim.
    _section(page, "Medical examinations").get_by_role("link", name="Record an examination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New medical examination")
    expect(page.get_by_label("Examined person").locator("option:checked")).to_have_text(pseudonym)
    page.get_by_label("Qualifications").fill("MD, forensic physician")
    page.get_by_label("The person gave informed consent to the examination").check()
    page.get_by_label("Interpreter").fill("Maria Kowalczyk")
    page.get_by_label("History", exact=True).fill("Beaten with batons in a van, 32 days ago.")
    page.get_by_label("Physical findings").fill("Healing bruises on the chest and the back.")
    page.get_by_label("Overall opinion").fill(
        "The findings are highly consistent with the account."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Examination of {pseudonym}")

    # Two marks placed by clicking on the front and the back of the body chart.
    _place_mark(page, "Front", (0.58, 0.28), MARK_FRONT)
    expect(page.get_by_role("status")).to_contain_text("Mark 1 placed on the chart.")
    _place_mark(page, "Back", (0.38, 0.26), MARK_BACK)
    expect(page.get_by_role("status")).to_contain_text("Mark 2 placed on the chart.")
    marks = _section(page, "Body chart")
    expect(marks.locator("#mark-1")).to_contain_text(MARK_FRONT)
    expect(marks.locator("#mark-1")).to_contain_text("Front")
    expect(marks.locator("#mark-2")).to_contain_text(MARK_BACK)
    expect(marks.locator("#mark-2")).to_contain_text("Highly consistent")
    front = page.get_by_role("img", name="Body chart, front")
    back = page.get_by_role("img", name="Body chart, back")
    expect(front.locator(".body-chart__mark text")).to_have_text(["1"])
    expect(back.locator(".body-chart__mark text")).to_have_text(["2"])

    # A photograph of the injuries into the vault: the location comes off at intake.
    _section(page, "Evidence").get_by_role("link", name="Add a file").click()
    page.get_by_label("File").set_input_files(
        _jpeg_with_location(tmp_path / "IMG_20260310_bruise.jpg")
    )
    page.get_by_label("Description").fill("Bruise on the chest, with a ruler.")
    page.get_by_role("button", name="Add the file").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("its SHA-256 at intake is recorded")
    expect(status).to_contain_text("Location and camera details were removed.")
    file_facts = _section(page, "The file")
    expect(file_facts).to_contain_text("IMG_20260310_bruise.jpg")
    expect(file_facts).to_contain_text("Photograph")
    expect(file_facts).to_contain_text("Yes: location, camera and other details were removed")
    stored_name = page.get_by_role("heading", level=1).inner_text().split()[0]
    assert re.fullmatch(r"E-\d+\.jpg", stored_name), stored_name
    expect(page.get_by_role("img", name=re.compile(r"^Photograph "))).to_be_visible()
    page.locator(".breadcrumb").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Examination of {pseudonym}")
    expect(_section(page, "Evidence").get_by_role("row")).to_have_count(2)

    # The medico-legal report, written by the worker, downloaded and read.
    report = _section(page, "Medico-legal report (PDF)")
    expect(report.get_by_label("Internal")).to_be_checked()
    report.get_by_role("button", name="Write the report").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    download_link = page.get_by_role("link", name="Download")
    expect(download_link).to_be_visible(timeout=JOB_TIMEOUT_MS)
    with page.expect_download() as info:
        download_link.click()
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    # Table cells wrap their lines anywhere: compare without the spaces.
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    letters = "".join(text.split())
    # Internal, with consent to internal use: the name, the marks and the photograph.
    expected_texts = (NAME, f"Case {reference}", MARK_FRONT, MARK_BACK, stored_name)
    for expected in expected_texts:
        assert "".join(expected.split()) in letters, (expected, text)

    # Home: the check-back with the frightened interviewee is overdue.
    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    attention = _section(page, "Needs your attention")
    overdue = attention.get_by_role("link", name=f"Check-back overdue: {pseudonym}")
    expect(overdue).to_be_visible()
    expect(attention).to_contain_text(f"due {(held_on + timedelta(days=14)):%-d %b %Y}")
    overdue.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Check-back on {pseudonym}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("overdue")

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
