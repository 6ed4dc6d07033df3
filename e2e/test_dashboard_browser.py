"""The commissioner's overview on the home page and the visits and findings dashboard in a
real browser (issue 20); a new institution's getting-started steps (issue 24)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.people.tests.factories import InterviewFactory
from vigil.places.tests.factories import PlaceFactory, builtin_kind
from vigil.risk.services.scores import scores_refresh
from vigil.visits.models import Severity
from vigil.visits.tests.factories import FindingFactory, VisitFactory

pytestmark = pytest.mark.browser


def test_from_the_overview_to_the_dashboard_and_its_filters(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    commissioner = factories.MembershipFactory.create(role=Role.COMMISSIONER)
    institution = commissioner.institution
    today = timezone.localdate(timezone=ZoneInfo(institution.time_zone))
    lockup = PlaceFactory.create(institution=institution, name="Harbour lock-up")
    prison = PlaceFactory.create(
        institution=institution, name="Hill prison", kind=builtin_kind("prison_sentenced")
    )
    PlaceFactory.create(institution=institution, name="Far lock-up")  # never visited
    visit = VisitFactory.create(place=lockup, starts_on=today - timedelta(days=3))
    VisitFactory.create(place=prison, starts_on=today - timedelta(days=2))
    FindingFactory.create(visit=visit, severity=Severity.URGENT, title="No doctor")
    for _ in range(2):
        InterviewFactory.create(visit=visit)
    analyst = factories.MembershipFactory.create(institution=institution, role=Role.ANALYST)
    scores_refresh(institution=institution)

    base = live_server.url
    sign_in(page, base, commissioner.user, factories.PASSWORD)
    overview = page.locator("#overview-heading")
    expect(overview).to_have_text("Overview")
    figures = page.locator(".overview__figure")
    expect(figures).to_have_count(5)
    expect(page.locator("#overview-urgent-open .overview__value")).to_have_text("1")
    expect(page.locator("#overview-visits-done .overview__value")).to_have_text("2")
    expect(page.get_by_role("heading", name="Shortcuts")).to_have_count(0)

    page.locator("#overview-visits-done a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visits and findings dashboard")
    expect(page.locator("#chart-months-title")).to_have_count(1)
    expect(page.locator("#chart-kind .bars__seg, figure.bars rect.bars__seg").first).to_be_visible()
    expect(page.locator("#table-urgent tbody tr")).to_have_count(1)
    lockups = page.locator("#table-interviews tbody tr", has_text="Police station")
    expect(lockups.locator("td").nth(1)).to_have_text("2")  # casework sees the exact count
    expect(page.get_by_role("link", name="Export figures (CSV)")).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()

    page.get_by_label("Kind of place", exact=True).select_option(
        label=str(builtin_kind("prison_sentenced"))
    )
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#table-urgent tbody tr")).to_contain_text("No urgent finding recorded.")
    page.emulate_media(media="print")
    expect(page.locator("form.filters")).to_be_hidden()  # the filters are said in words
    expect(page.locator(".dash-filters")).to_contain_text("Kind of place: Prison (sentenced)")
    page.emulate_media(media="screen")
    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []

    # The analyst is outside casework: two interviews show as "fewer than 5".
    page.context.clear_cookies()
    sign_in(page, base, analyst.user, factories.PASSWORD)
    page.goto(f"{base}/visits/dashboard/")
    lockups = page.locator("#table-interviews tbody tr", has_text="Police station")
    expect(lockups.locator("td").nth(1)).to_have_text("fewer than 5")
    expect(page.locator("#dash-suppression")).to_be_visible()
    expect(page.locator("#overview-heading")).to_have_count(0)


def test_a_new_institution_shows_its_administrator_the_first_steps(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    admin = factories.MembershipFactory.create(role=Role.ADMIN)
    sign_in(page, live_server.url, admin.user, factories.PASSWORD)
    expect(page.get_by_role("heading", name="Getting started")).to_be_visible()
    expect(page.get_by_text("Nothing needs your attention right now.")).to_have_count(0)
    steps = page.locator("ol.steps > li")
    expect(steps).to_have_count(5)
    expect(page.locator("#step-places a")).to_have_text("Import your places")
    expect(page.locator("#step-mail")).to_have_class("step step--done")
    assert page_problems.page_errors == []
