"""Following a recommendation up in a real browser: from an urgent finding to a recommendation
addressed to the authority that runs the place, the matrix sent to that authority and
imported back with its response (the background worker checks and applies it), a follow-up
visit that lists the recommendation to verify, the status "implemented" verified there, and
the follow-up dashboard that counts it."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, Worker, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory
from vigil.recommendations.models import Recommendation, Status
from vigil.recommendations.services import recommendations as services
from vigil.visits.models import Severity, TeamRole, Visit, VisitType
from vigil.visits.tests.factories import FindingFactory, TeamMemberFactory, VisitFactory, theme

pytestmark = pytest.mark.browser

AUTHORITY = "National Police Custody Directorate"
PLACE = "Riverside Police Lock-up"
FINDING = "Detainee with a head wound left without a doctor"
TEXT = "Have a doctor examine every detainee who is injured within four hours of arrival."
JOB_TIMEOUT_MS = 30_000


def _section(page: Page, heading: str) -> Locator:
    return page.locator("section.panel").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def _implemented(page: Page) -> tuple[int, str]:
    """The dashboard's implemented figure: how many recommendations, and the rate shown."""
    figure = page.locator(".dash-numbers > div").filter(
        has=page.locator("dt", has_text=re.compile(r"^Implemented$"))
    )
    expect(figure).to_have_count(1)
    count = figure.locator(".dash-numbers__sub").inner_text()
    found = re.fullmatch(r"(\d+) recommendations?", count.strip())
    assert found, count
    rate = figure.locator("dd").inner_text().removesuffix(count).strip()
    return int(found.group(1)), rate


def _open_dashboard(page: Page) -> tuple[int, int, str]:
    page.get_by_role("navigation").get_by_role("link", name="Recommendations").click()
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow-up dashboard")
    summary = _section(page, "Summary")
    total = summary.locator(".dash-numbers > div").filter(
        has=page.locator("dt", has_text=re.compile(r"^Recommendations$"))
    )
    return int(total.locator("dd").inner_text()), *_implemented(page)


def test_from_urgent_finding_to_implemented_recommendation(
    live_server: LiveServer,
    page: Page,
    page_problems: PageProblems,
    background_worker: Worker,
    tmp_path: Path,
) -> None:
    monitor = factories.MembershipFactory.create(role=Role.MONITOR)
    institution = monitor.institution
    # "Today" as the institution's pages see it (they work in its time zone).
    today = timezone.localdate(timezone=ZoneInfo(institution.time_zone))
    authority = AuthorityFactory.create(institution=institution, name=AUTHORITY)
    place = PlaceFactory.create(institution=institution, name=PLACE, authority=authority)
    visit = VisitFactory.create(
        place=place,
        created_by=monitor.user,
        starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=39),
        status=Visit.Status.REPORTING,
    )
    TeamMemberFactory.create(visit=visit, user=monitor.user, role=TeamRole.LEADER)
    finding = FindingFactory.create(
        visit=visit,
        title=FINDING,
        severity=Severity.URGENT,
        theme=theme("health_care"),
        description="A man held for two days had an open head wound; nobody called a doctor.",
    )
    # Two earlier recommendations: one implemented, one to the same authority still open
    # (it goes into the matrix too, and comes back unchanged).
    done = services.recommendation_create(
        actor=monitor,
        text="Keep a bound register of every use of force.",
        source="annual_report",
        issued_on=today - timedelta(days=300),
        addressee="ministry",
    )
    services.status_record(
        actor=monitor,
        recommendation=done,
        status=Status.IMPLEMENTED,
        on=today - timedelta(days=100),
    )
    other = services.recommendation_create(
        actor=monitor,
        text="Tell every detainee of their rights in a language they understand.",
        source="visit_report",
        issued_on=today - timedelta(days=200),
        addressee="detaining_authority",
        authority=authority,
        places=[place],
    )
    base = live_server.url
    sign_in(page, base, monitor.user, factories.PASSWORD)

    # From the urgent finding on the visit page, a recommendation to the place's authority.
    page.goto(f"{base}/visits/{visit.pk}/")
    card = page.locator(f"#finding-{finding.pk}")
    expect(card.locator(".badge")).to_have_text("Urgent")
    card.get_by_role("link", name=f"Recommend on {FINDING}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New recommendation")
    expect(page.get_by_role("combobox", name="Source", exact=True)).to_have_value("visit_report")
    expect(page.get_by_role("combobox", name="Visit", exact=True)).to_have_value(str(visit.pk))
    expect(page.get_by_role("combobox", name="Addressee", exact=True)).to_have_value(
        "detaining_authority"
    )
    expect(page.get_by_role("combobox", name="Authority", exact=True)).to_have_value(
        str(authority.pk)
    )
    expect(page.get_by_role("combobox", name="Priority", exact=True)).to_have_value("urgent")
    expect(page.get_by_label("Places concerned")).to_have_values([str(place.pk)])
    expect(page.get_by_label("Findings it answers")).to_have_values([str(finding.pk)])
    expect(page.get_by_label("Health care")).to_be_checked()
    page.get_by_role("textbox", name="Recommendation", exact=True).fill(TEXT)
    page.get_by_label("Due", exact=True).fill((today + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/recommendations/\d+/$"))
    rec = Recommendation.objects.get(institution=institution, findings=finding)
    expect(page).to_have_url(f"{base}/recommendations/{rec.pk}/")
    expect(page.get_by_role("status")).to_contain_text(f"Recommendation {rec.reference} recorded.")
    about = _section(page, "About")
    expect(about).to_contain_text(f"Detaining authority · {AUTHORITY}")
    expect(about.get_by_role("link", name=FINDING)).to_be_visible()
    expect(page.get_by_role("heading", level=1).locator(".badge")).to_have_text("Not started")
    page.goto(f"{base}/visits/{visit.pk}/")
    issued = _section(page, "Recommendations")
    expect(issued.get_by_role("link", name=rec.reference)).to_be_visible()

    # The dashboard before: one of three implemented.
    total, implemented, rate = _open_dashboard(page)
    assert (total, implemented, rate) == (3, 1, "33.3 %")

    # The matrix for the authority: both of its open recommendations, downloaded.
    page.get_by_role("navigation").get_by_role("link", name="Recommendations").click()
    page.get_by_role("link", name="Matrix for an authority").click()
    page.get_by_label("Authority", exact=True).select_option(label=AUTHORITY)
    page.get_by_role("button", name="Show what the matrix holds").click()
    expect(page.get_by_role("heading", name="2 recommendations in the matrix")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the matrix (.xlsx)").click()
    assert download.value.suggested_filename.startswith("vigil-matrix-national-police-custody")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)

    # The authority's answer: it accepts the new recommendation; the other row is left as is.
    book = openpyxl.load_workbook(exported)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    column = {name: headers.index(name) + 1 for name in ("Reference", "Response", "Response date")}
    references = {
        sheet.cell(row, column["Reference"]).value: row for row in range(2, sheet.max_row + 1)
    }
    assert set(references) == {rec.reference, other.reference}
    row = references[rec.reference]
    sheet.cell(row, column["Response"]).value = "Accepted"
    sheet.cell(row, column["Response date"]).value = today
    returned = tmp_path / "matrix-returned.xlsx"
    book.save(returned)

    # Imported back: upload, mapping, check and import, the worker's report.
    page.get_by_role("link", name="import the returned matrix").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a returned matrix")
    page.get_by_label("File (CSV or Excel .xlsx)").set_input_files(returned)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="First rows of the file")).to_be_visible()
    expect(page.get_by_role("combobox", name="Reference", exact=True)).to_have_value("Reference")
    expect(page.get_by_role("combobox", name="Response", exact=True)).to_have_value("Response")
    expect(page.get_by_role("combobox", name="Response date", exact=True)).to_have_value(
        "Response date"
    )
    page.get_by_role("button", name="Check and import").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.get_by_role("heading", name="Imported")).to_be_visible(timeout=JOB_TIMEOUT_MS)
    facts = page.locator("dl.facts")
    expect(facts.locator("dt:text-is('Rows read') + dd")).to_have_text("2")
    expect(facts.locator("dt:text-is('Responses recorded') + dd")).to_have_text("1")
    expect(facts.locator("dt:text-is('Statuses recorded') + dd")).to_have_text("0")
    expect(facts.locator("dt:text-is('Rows unchanged') + dd")).to_have_text("1")

    # The response is on the recommendation's page; the other one still awaits an answer.
    page.goto(f"{base}/recommendations/{rec.pk}/")
    responses = _section(page, "Authority's response").locator("ol.history li")
    expect(responses).to_have_count(1)
    expect(responses).to_contain_text("Accepted")
    expect(responses).to_contain_text(f"{today.day} {today:%b %Y} · from the matrix")
    page.goto(f"{base}/recommendations/{other.pk}/")
    expect(_section(page, "Authority's response")).to_contain_text("No response yet.")

    # A follow-up visit to the place lists the recommendation to verify.
    page.get_by_role("navigation").get_by_role("link", name="Visits").click()
    page.get_by_role("link", name="New visit").click()
    page.get_by_role("combobox", name="Place", exact=True).select_option(label=PLACE)
    page.get_by_label("Type of visit").select_option(label="Follow-up")
    page.get_by_label("First day").fill(today.isoformat())
    page.get_by_label("Last day").fill(today.isoformat())
    expect(page.get_by_label("I lead this visit")).to_be_checked()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Visit created.")
    follow_up = Visit.objects.get(place=place, visit_type=VisitType.FOLLOW_UP)
    expect(page).to_have_url(f"{base}/visits/{follow_up.pk}/")
    panel = _section(page, "Recommendations")
    to_verify = panel.get_by_role("heading", name="To verify on this follow-up visit")
    expect(to_verify).to_be_visible()
    items = panel.locator("h3 + ul li")
    expect(items).to_have_count(2)
    item = items.filter(has_text=rec.reference)
    expect(item).to_contain_text(TEXT[:60])
    expect(item.locator(".badge")).to_have_text("Not started")

    # Verified there: implemented.
    item.get_by_role("link", name=rec.reference).click()
    expect(page).to_have_url(f"{base}/recommendations/{rec.pk}/#status")
    status = _section(page, "Implementation")
    status.get_by_text("Record follow-up").click()
    status.get_by_role("combobox", name="Implementation status").select_option(label="Implemented")
    expect(status.get_by_role("textbox", name="As of")).to_have_value(today.isoformat())
    status.get_by_label("Evidence").fill("Doctor's register: every injured arrival seen in 2 h.")
    status.get_by_label("Verified at visit").select_option(value=str(follow_up.pk))
    status.get_by_role("button", name="Record").click()
    expect(page.get_by_role("status")).to_contain_text("Implementation status recorded.")
    expect(page.get_by_role("heading", level=1).locator(".badge")).to_have_text("Implemented")
    history = _section(page, "Implementation").locator("ol.history li")
    expect(history).to_have_count(1)
    expect(history).to_contain_text("Implemented")
    shown = f"{PLACE} ({today.day} {today:%b %Y})"  # the language's date style: "7 Dec 2026"
    expect(history).to_contain_text(f"verified at {shown}")
    expect(history.get_by_role("link", name=shown)).to_have_attribute(
        "href", f"/visits/{follow_up.pk}/"
    )
    rec.refresh_from_db()
    assert (rec.response, rec.status, rec.implemented_on) == ("accepted", "implemented", today)

    # The follow-up visit has one thing less to verify.
    page.goto(f"{base}/visits/{follow_up.pk}/")
    left = _section(page, "Recommendations").locator("h3 + ul li")
    expect(left).to_have_count(1)
    expect(left).to_contain_text(other.reference)

    # The dashboard counts it: two of three implemented.
    after = _open_dashboard(page)
    assert after == (total, implemented + 1, "66.7 %")
    time_table = page.get_by_role("table", name="Days to implementation by addressee")
    expect(time_table.locator("tfoot td").first).to_have_text("2")

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
