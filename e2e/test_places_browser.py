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


def test_the_map_groups_many_places_and_a_group_opens_by_keyboard(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    """More places in view than the map shows one by one come as groups (issue 14); a group
    is reached with Tab and opened with Enter, and the view then shows its places."""
    from decimal import Decimal

    from vigil.places.tests.factories import PlaceFactory

    membership = factories.MembershipFactory.create(role=Role.MONITOR)
    institution = membership.institution
    template = PlaceFactory.build(institution=institution)

    def spot(n: int, lat: str, lon: str, prefix: str) -> list[Place]:
        step = Decimal("0.00005")
        return [
            Place(
                institution=institution,
                kind=template.kind,
                authority=AuthorityFactory.create(institution=institution) if n == 0 else None,
                external_ref=f"{prefix}-{i}",
                name=f"{prefix} place {i}",
                latitude=Decimal(lat) + step * i,
                longitude=Decimal(lon) + step * i,
            )
            for i in range(n)
        ]

    authority = AuthorityFactory.create(institution=institution)
    places = [*spot(300, "13.0", "120.0", "North"), *spot(150, "8.0", "125.0", "South")]
    places.append(spot(1, "14.0", "126.0", "Far")[0])
    for place in places:
        place.authority = authority
    Place.objects.bulk_create(places)

    base = live_server.url
    sign_in(page, base, membership.user, factories.PASSWORD)
    page.goto(f"{base}/places/map/")
    status = page.locator("#place-map-status")
    expect(status).to_contain_text("451")
    groups = page.locator("#place-map .place-map__cluster")
    expect(groups).to_have_count(3)
    expect(page.locator("#place-map path.place-map__point")).to_have_count(0)

    south = page.locator('#place-map .place-map__cluster[title="Places in this group: 150"]')
    south.focus()
    expect(south).to_be_focused()
    page.keyboard.press("Enter")
    expect(status).to_have_text("Places on the map: 150")
    expect(page.locator("#place-map path.place-map__point")).to_have_count(150)
    expect(page.locator("#place-map-list li").first).to_contain_text("South place")

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
