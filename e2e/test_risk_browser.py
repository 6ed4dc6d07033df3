"""Risk in a real browser: the visit priority list ranks the riskiest place first with its top
reasons; its explanation shows each contributing factor with links to the evidence; an
evidence link opens the visit at the finding behind it; one click from the list adds the place
to the current visit plan, which the list and the visit plan's page then show; and the
protection gaps page has the factor in its heat map. Institution B's place, riskier still,
never shows."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.places.tests.factories import PlaceFactory, builtin_kind
from vigil.risk.services.scores import scores_compute
from vigil.visits.models import PlannedVisit, Severity, Visit
from vigil.visits.tests.factories import FindingFactory, VisitFactory, VisitPlanFactory, theme

pytestmark = pytest.mark.browser

RISKIEST = "Hillcrest Remand Prison"
CALMER = "Riverside Police Lock-up"
CALMEST = "Northgate Juvenile Centre"
OTHER_INSTITUTION = "Elsewhere Detention Centre"
PLAN = "Visit plan for the year"
BEATING = "Detainees beaten with batons during night searches"
ILL_TREATMENT = "Findings of ill-treatment or abusive discipline"
SOLITARY = "Solitary confinement"
HEALTH_CARE = "Lack of health care"


def _section(page: Page, heading: str) -> Locator:
    return page.locator("section.panel").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )


def _open_priorities(page: Page) -> Locator:
    page.get_by_role("navigation").get_by_role("link", name="Risk", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visit priorities")
    return page.get_by_role("table", name="Places by risk score, highest first").locator("tbody tr")


def test_priority_list_reasons_evidence_and_add_to_plan(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    commissioner = factories.MembershipFactory.create(role=Role.COMMISSIONER)
    institution = commissioner.institution
    # "Today" as the institution's pages see it (they work in its time zone).
    today = timezone.localdate(timezone=ZoneInfo(institution.time_zone))

    def visited(place_name: str, days_ago: int, kind: str) -> Visit:
        on = today - timedelta(days=days_ago)
        place = PlaceFactory.create(
            institution=institution,
            name=place_name,
            kind=builtin_kind(kind),
            last_visited_on=on,
        )
        return VisitFactory.create(
            place=place,
            created_by=commissioner.user,
            starts_on=on,
            ends_on=on,
            status=Visit.Status.REPORTING,
        )

    # The riskiest place: ill-treatment, solitary confinement and health care documented.
    visit = visited(RISKIEST, 200, "prison_remand")
    riskiest = visit.place
    beating = FindingFactory.create(
        visit=visit, title=BEATING, severity=Severity.URGENT, theme=theme("treatment")
    )
    FindingFactory.create(
        visit=visit,
        title="Collective punishments after an escape attempt",
        severity=Severity.SERIOUS,
        theme=theme("discipline"),
    )
    FindingFactory.create(
        visit=visit,
        title="A man held alone for 40 days",
        severity=Severity.URGENT,
        theme=theme("solitary"),
    )
    FindingFactory.create(
        visit=visit,
        title="No doctor on site at night",
        severity=Severity.SERIOUS,
        theme=theme("health_care"),
    )
    # Two calmer places, visited recently.
    calmer = visited(CALMER, 30, "police_station")
    FindingFactory.create(
        visit=calmer,
        title="Cells without natural light",
        severity=Severity.CONCERN,
        theme=theme("conditions"),
    )
    visited(CALMEST, 60, "juvenile_detention")
    # Institution B's place is riskier than any of A's, and A never sees it.
    other = factories.MembershipFactory.create(role=Role.MONITOR)
    other_visit = VisitFactory.create(
        place=PlaceFactory.create(institution=other.institution, name=OTHER_INSTITUTION),
        created_by=other.user,
        starts_on=today - timedelta(days=100),
        ends_on=today - timedelta(days=100),
    )
    for severity in (Severity.URGENT, Severity.URGENT, Severity.URGENT):
        FindingFactory.create(visit=other_visit, severity=severity, theme=theme("treatment"))
    VisitPlanFactory.create(
        institution=institution,
        title=PLAN,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )
    for each in (institution, other.institution):
        scores_compute(institution=each, on=today)

    base = live_server.url
    sign_in(page, base, commissioner.user, factories.PASSWORD)

    # The priority list, from the navigation: the riskiest place first with its top reasons.
    rows = _open_priorities(page)
    expect(rows).to_have_count(3)
    expect(page.get_by_text(OTHER_INSTITUTION)).to_have_count(0)
    first = rows.first
    expect(first.get_by_role("cell").first).to_have_text("1")
    expect(first.get_by_role("link", name=RISKIEST)).to_be_visible()
    reasons = first.locator("ol.risk-reasons li")
    expect(reasons).to_have_count(3)
    expect(reasons.nth(0)).to_contain_text(ILL_TREATMENT)
    expect(reasons.nth(1)).to_contain_text(SOLITARY)
    expect(reasons.nth(2)).to_contain_text(HEALTH_CARE)
    expect(reasons.nth(0)).to_contain_text(re.compile(r"\d+(\.\d+)? pts"))
    coverage = _section(page, "How well the visit plan covers the riskiest places")
    expect(coverage).to_contain_text(f"Current visit plan: {PLAN}")
    expect(coverage.locator("dd").first).to_contain_text("0 of 1 in the plan")

    # The place's explanation: each contributing factor, its weight, its evidence.
    first.get_by_role("link", name=RISKIEST).click()
    expect(page).to_have_url(f"{base}/risk/places/{riskiest.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Why {RISKIEST} scores as it does")
    latest = _section(page, "Latest score")
    expect(latest).to_contain_text("version 1")
    latest.get_by_role("link", name=ILL_TREATMENT).click()
    expect(page).to_have_url(f"{base}/risk/places/{riskiest.pk}/#factor-ill_treatment_findings")
    factor = page.locator("#factor-ill_treatment_findings")
    expect(factor.get_by_role("rowheader")).to_contain_text(ILL_TREATMENT)
    expect(factor.get_by_role("cell").nth(0)).to_have_text("3")  # its weight
    expect(factor.locator("strong")).to_have_text(re.compile(r"^\d+(\.\d+)?$"))  # its points
    evidence = factor.get_by_role("listitem")
    expect(evidence).to_have_count(2)
    expect(factor.get_by_role("link", name="Finding (Serious)")).to_be_visible()

    # The evidence opens the visit at the finding behind the factor.
    factor.get_by_role("link", name="Finding (Urgent)").click()
    expect(page).to_have_url(f"{base}/visits/{visit.pk}/#finding-{beating.pk}")
    card = page.locator(f"#finding-{beating.pk}")
    expect(card.get_by_role("heading", level=3)).to_have_text(f"Urgent {BEATING}")
    expect(card).to_contain_text("Treatment, ill-treatment and use of force")
    expect(card).to_be_in_viewport()

    # Back on the priority list: one click puts the place in the current visit plan.
    rows = _open_priorities(page)
    rows.first.get_by_role("button", name=f"Add to the visit plan: {RISKIEST}").click()
    expect(page).to_have_url(f"{base}/risk/")
    expect(page.get_by_role("status").filter(has_text="is in the visit plan")).to_have_text(
        f"{RISKIEST} is in the visit plan “{PLAN}”, planned for {today:%B %Y}."
    )
    rows = page.get_by_role("table", name="Places by risk score, highest first").locator("tbody tr")
    expect(rows.first.get_by_text("In the plan", exact=True)).to_be_visible()
    expect(rows.first.get_by_role("button")).to_have_count(0)
    expect(
        rows.nth(1).get_by_role("button", name=re.compile("^Add to the visit plan: "))
    ).to_be_visible()
    coverage = _section(page, "How well the visit plan covers the riskiest places")
    expect(coverage.locator("dd").first).to_contain_text("1 of 1 in the plan")
    planned = PlannedVisit.objects.get(place=riskiest)
    assert planned.plan.title == PLAN and planned.visit_id is None
    assert ILL_TREATMENT in planned.reason

    # The place's explanation says so too, and the visit plan lists the place with the reason.
    rows.first.get_by_role("link", name=RISKIEST).click()
    expect(page.get_by_text("In the visit plan", exact=True)).to_be_visible()
    page.locator(".breadcrumb").get_by_role("link", name="Visit priorities").click()
    coverage.get_by_role("link", name="Open the visit plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN)
    plan_rows = page.get_by_role("table", name="Planned visits").locator("tbody tr")
    expect(plan_rows).to_have_count(1)
    expect(plan_rows.first.get_by_role("link", name=RISKIEST)).to_be_visible()
    expect(plan_rows.first).to_contain_text(ILL_TREATMENT)
    expect(plan_rows.first).to_contain_text(today.strftime("%b %Y"))

    # The protection gaps: the heat map has the factor's row.
    _open_priorities(page)
    page.get_by_role("link", name="Protection gaps").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Protection gaps")
    heat = page.get_by_role("table", name=re.compile("^Share of places where each factor"))
    expect(heat).to_be_visible()
    expect(heat.get_by_role("rowheader", name=ILL_TREATMENT, exact=True)).to_be_visible()
    expect(heat.get_by_role("columnheader", name=re.compile("^All places"))).to_contain_text(
        "3 places"
    )

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
