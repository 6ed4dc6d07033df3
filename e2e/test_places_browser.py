"""The register of places in a real browser: adding a place, importing a file with the
background worker (a bad row refused with its row and column, then the fixed file), finding
a place with the list's filters and seeing it on the map, with no network beyond Vigil."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, Worker, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.places.models import Place
from vigil.places.tests.factories import AuthorityFactory

pytestmark = pytest.mark.browser

HEADER = "Reference,Name,Kind,Authority,Region,Province,District,Official capacity,Latitude,Longitude,Status\n"  # noqa: E501
GOOD_ROW = "IMM-001,Harbour Immigration Holding Centre,immigration_detention,Bureau of Immigration,South,Coast,Port,60,13.55,120.61,open\n"  # noqa: E501
BAD_ROW = "POL-002,Riverside Police Lock-up,submarine base,National Police,South,Coast,Port,12,13.60,120.70,open\n"  # noqa: E501
FIXED_ROW = BAD_ROW.replace("submarine base", "police_station")


def _run_import(page: Page, base: str, path: Path) -> None:
    """Upload, keep the guessed columns, import; land on the job page."""
    page.goto(f"{base}/imports/places/")
    page.get_by_label("File (CSV or Excel .xlsx)").set_input_files(path)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="First rows of the file")).to_be_visible()
    expect(page.get_by_label("Kind")).to_have_value("Kind")
    page.get_by_role("button", name="Check and import").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))


def test_add_import_filter_and_map_places(
    live_server: LiveServer,
    page: Page,
    page_problems: PageProblems,
    background_worker: Worker,
    tmp_path: Path,
) -> None:
    membership = factories.MembershipFactory.create(role=Role.MONITOR)
    institution = membership.institution
    AuthorityFactory.create(institution=institution, name="Ministry of Health")
    base = live_server.url
    sign_in(page, base, membership.user, factories.PASSWORD)

    # Adding a place through the form.
    page.goto(f"{base}/places/")
    page.get_by_role("link", name="Add a place").click()
    page.get_by_label("Name").fill("Hillside Psychiatric Hospital")
    page.get_by_label("Kind").select_option(label="Psychiatric hospital or closed ward")
    page.get_by_label("Operating authority").select_option(label="Ministry of Health")
    page.get_by_label("Official capacity").fill("120")
    page.get_by_label("Latitude").fill("13.4")
    page.get_by_label("Longitude").fill("121.2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hillside Psychiatric Hospital")
    expect(page.get_by_role("status")).to_contain_text("The place is in the register.")

    # Importing a file with a bad row: nothing is imported, the problem names row and column.
    bad = tmp_path / "places.csv"
    bad.write_text(HEADER + GOOD_ROW + BAD_ROW)
    _run_import(page, base, bad)
    expect(page.get_by_role("heading", name="Problems to fix")).to_be_visible(timeout=20_000)
    problem = page.locator("table.problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem.locator("td").nth(0)).to_have_text("3")
    expect(problem.locator("td").nth(1)).to_have_text(re.compile("kind", re.IGNORECASE))
    expect(problem.locator("td").nth(2)).to_contain_text("submarine base")
    assert not Place.objects.filter(institution=institution, external_ref="IMM-001").exists()

    # The fixed file goes in.
    fixed = tmp_path / "places-fixed.csv"
    fixed.write_text(HEADER + GOOD_ROW + FIXED_ROW)
    page.get_by_role("link", name="Upload the corrected file").click()
    page.get_by_label("File (CSV or Excel .xlsx)").set_input_files(fixed)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible(timeout=20_000)
    facts = page.locator("dl.facts")
    expect(facts.locator("dt:has-text('Created') + dd")).to_have_text("2")

    # Finding a place with the list's filters.
    page.get_by_role("link", name="See the records").click()
    filters = page.get_by_role("search", name="Find places")
    filters.get_by_label("Kind").select_option(label="Immigration or foreigners' detention centre")
    filters.get_by_role("button", name="Find").click()
    rows = page.locator("table.table--places tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Harbour Immigration Holding Centre")
    expect(page.locator(".list-meta")).to_contain_text("1 place")

    # The map shows it (the filters carry over), drawn from vendored files only.
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_role("link", name="Map").click()
    expect(page.locator("#place-map-status")).to_have_text("Places on the map: 1")
    expect(page.locator("#place-map path.place-map__point")).to_have_count(1)
    expect(page.locator("#place-map-list li")).to_have_count(1)
    expect(page.locator("#place-map-list li")).to_contain_text("Harbour Immigration Holding Centre")
    assert requests, "the map made no request at all"
    assert all(url.startswith(base) for url in requests), requests

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
