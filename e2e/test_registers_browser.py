"""Custody registers in a real browser: an extract uploaded, its columns matched, the
background job's progress bar watched, and a violation followed from the place page to the
register entries behind it (under pseudonyms)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, Worker, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory
from vigil.registers.tests.helpers import IDENTIFIERS, MAPPING, REGISTER_CSV

pytestmark = pytest.mark.browser

LABELS = {
    "entry_number": "Entry number",
    "person": "Person",
    "id_number": "Identity number",
    "birth_date": "Date of birth",
    "sex": "Sex",
    "arrested_at": "Arrest time",
    "registered_at": "Registration time",
    "lawyer_informed_at": "Lawyer informed",
    "family_informed_at": "Family informed",
    "doctor_seen_at": "Doctor seen",
    "judge_at": "Brought before a judge",
    "released_at": "Release or transfer time",
    "release_kind": "Released or transferred",
    "injuries": "Injuries noted",
}


def test_upload_map_watch_and_follow_a_violation_to_its_rows(
    live_server: LiveServer,
    page: Page,
    page_problems: PageProblems,
    background_worker: Worker,
    tmp_path: Path,
) -> None:
    membership = factories.MembershipFactory.create(role=Role.MONITOR)
    institution = membership.institution
    institution.time_zone = "Asia/Ulaanbaatar"
    institution.save(update_fields=["time_zone"])
    authority = AuthorityFactory.create(institution=institution, name="National Police")
    place = PlaceFactory.create(institution=institution, authority=authority, name="Lock-up 1")
    base = live_server.url
    sign_in(page, base, membership.user, factories.PASSWORD)

    extract = tmp_path / "register.csv"
    extract.write_text(REGISTER_CSV)
    page.goto(f"{base}/places/{place.pk}/")
    page.locator("#custody-registers").get_by_role("link", name="Upload a register extract").click()
    page.get_by_label("Register extract (CSV, Excel .xlsx or Parquet)").set_input_files(extract)
    page.get_by_label("Authority").select_option(label="National Police")
    expect(page.get_by_label("Place")).to_have_value(str(place.pk))
    page.get_by_role("button", name="Continue").click()

    # The columns, matched by hand; the preview never shows a name.
    expect(page.get_by_role("heading", name="Match the register's columns")).to_be_visible()
    for key, header in MAPPING.items():
        page.get_by_label(LABELS[key], exact=True).select_option(header)
    page.get_by_role("button", name="Preview with this matching").click()
    expect(page.get_by_label("Brought before a judge", exact=True)).to_have_value("Judge")
    assert not any(identifier in page.content() for identifier in IDENTIFIERS)
    page.get_by_role("button", name="Read and check the register").click()

    # The job's page shows its progress bar until the worker is done.
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.locator("#job-progress")).to_be_visible()
    page.get_by_role("link", name="See the result").click(timeout=30_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register extract")

    # From the place page to the entries behind "Held past the legal limit without a judge".
    page.goto(f"{base}/places/{place.pk}/")
    panel = page.locator("#custody-registers")
    expect(panel).to_contain_text("Held past the legal limit without a judge")
    panel.get_by_role("listitem").filter(
        has_text="Held past the legal limit without a judge"
    ).get_by_role("link").click()
    section = page.locator(f"#place-{place.pk}")
    section.locator(f"#place-{place.pk}-no_judge").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Held past the legal limit without a judge"
    )
    rows = page.locator("tr.register-row")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text("4")
    expect(rows.first.locator("code")).to_have_text(re.compile(r"^P-[0-9A-F]{12}$"))
    assert not any(identifier in page.content() for identifier in IDENTIFIERS)

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
