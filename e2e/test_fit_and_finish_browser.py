"""What a user sees after the fit-and-finish walk (issue 24, points 3, 4, 7, 8, 9 and 10), in a
real browser, as a commissioner: one "Record opened" per opening of a photograph's page, a
consent hint that leads to the case for a complainant, a budget written with its thousands,
next year in the visits filter, and a reprisal dated before its interview refused with 400."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.people.tests.factories import CaseFactory, ExaminationFactory, PersonFactory
from vigil.people.tests.factories_evidence import evidence_in
from vigil.people.tests.factories_reprisals import interview_by
from vigil.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.browser


def test_a_commissioners_walk_over_the_fixed_screens(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    commissioner = factories.MembershipFactory.create(role=Role.COMMISSIONER)
    institution = commissioner.institution
    complainant = PersonFactory.create(institution=institution)
    case = CaseFactory.create(
        institution=institution, victims=[complainant], team=[commissioner],
        received_by=commissioner.user,
    )  # fmt: skip
    examination = ExaminationFactory.create(
        case=case, person=complainant, examiner=commissioner.user
    )
    photo = evidence_in(case)
    programme = ProgrammeFactory.create(
        institution=institution, title="Custody safeguards", budget=Decimal("12000.00"),
        currency="USD",
    )  # fmt: skip
    interview = interview_by(commissioner, held_on=datetime.date(2026, 3, 10))
    base = live_server.url
    sign_in(page, base, commissioner.user, factories.PASSWORD)

    # Point 9: each opening of the page (which shows the photograph) is one "Record opened"
    # and one "Viewed (preview)" in the chain; the preview is not a second opening.
    preview = reverse("people:evidence_view", args=[photo.pk])
    with page.expect_response(lambda r: r.url.endswith(preview)):
        page.goto(base + reverse("people:evidence_detail", args=[photo.pk]))
    expect(page.get_by_role("img", name=f"Photograph {photo.stored_name}")).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith(preview)):
        page.reload()
    custody = page.locator("#custody")
    # This opening and the one before; the preview of this one comes after the page.
    expect(custody.get_by_role("cell", name="Record opened")).to_have_count(2)
    expect(custody.get_by_role("cell", name="Viewed (preview)")).to_have_count(1)

    # Point 3: a complainant was never interviewed; the hint leads to the case's consent.
    page.goto(base + reverse("people:examination_detail", args=[examination.pk]))
    expect(page.get_by_text("on their interview")).to_have_count(0)
    page.get_by_role("link", name="Record the person's consent on the case.").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(complainant.pseudonym)

    # Point 4: the budget has its thousands separated.
    page.goto(base + reverse("programmes:prevention_detail", args=[programme.pk]))
    expect(page.locator("dd").filter(has_text="USD")).to_contain_text("12,000.00\xa0USD")

    # Point 8: next year can be chosen in the visits filter.
    page.get_by_role("navigation").get_by_role("link", name="Visits").click()
    next_year = str(timezone.localdate().year + 1)
    expect(page.get_by_label("Year").locator(f'option[value="{next_year}"]')).to_have_count(1)

    # Points 10 and 7: a reprisal dated before its interview is refused, with a 400.
    page.goto(f"{base}{reverse('people:reprisal_create')}?interview={interview.pk}")
    page.get_by_label("Date").fill("2026-03-09")
    page.get_by_label("Type of reprisal").select_option(index=1)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Save").click()
    assert answer.value.status == 400
    refusal = "The reprisal cannot be dated before the interview it follows (10 Mar 2026)."
    expect(page.get_by_text(refusal, exact=True)).to_be_visible()

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
