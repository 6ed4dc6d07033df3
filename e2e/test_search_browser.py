"""Search in a real browser, with the keyboard alone: the header's box, the kind and year
filters of the results page, and opening a hit (issue 26)."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.places.tests.factories import PlaceFactory
from vigil.search.services import index_rebuild
from vigil.visits.tests.factories import FindingFactory, VisitFactory

pytestmark = pytest.mark.browser

MAX_TABS = 80


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_search_filter_and_open_a_hit_with_the_keyboard(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    membership = factories.MembershipFactory.create(role=Role.MONITOR)
    place = PlaceFactory.create(institution=membership.institution, name="Bituin District Jail")
    old = VisitFactory.create(place=place, starts_on=datetime.date(2024, 4, 2))
    new = VisitFactory.create(place=place, starts_on=datetime.date(2025, 6, 9))
    FindingFactory.create(visit=old, title="Electric shocks reported in 2024")
    finding = FindingFactory.create(visit=new, title="Electric shocks in police custody")
    index_rebuild()
    base = live_server.url
    sign_in(page, base, membership.user, factories.PASSWORD)

    # The header's box, reached and used with the keyboard.
    tab_to(page, "#header-search")
    page.keyboard.type("electric shocks")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.locator("#search-summary")).to_contain_text("2 results")
    expect(page.locator(".search-hit mark").first).to_have_text(re.compile("Electric", re.I))

    # Filter by kind and year from the keyboard: a select takes the typed option.
    tab_to(page, "#id_kind")
    page.keyboard.type("Findings")
    tab_to(page, "#id_year")
    page.keyboard.type("2025")
    tab_to(page, "form.search-filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#search-summary")).to_contain_text("1 result")
    expect(page.locator(".search-hit")).to_have_count(1)
    expect(page.locator(".search-hit__title")).to_contain_text("in police custody")

    # Open the hit: the finding on its visit's page.
    tab_to(page, "a.search-hit__title")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/visits/{new.pk}/#finding-{finding.pk}$"))
    expect(page.locator(f"#finding-{finding.pk}")).to_be_visible()
    assert not page_problems.console_errors, page_problems.console_errors
