"""A training whose tests are answered per question, in a real browser: a programme officer
adds a question to the bank, chooses it for the training, enters one participant's pre- and
post-test answers and reads which questions improved (issue 24, point 20)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.programmes.models import RosterEntry, TrainingAnswer
from vigil.programmes.services.training import (
    training_create,
    training_question_create,
    training_roster_add,
)
from vigil.programmes.tests.factories import ProgrammeFactory
from vigil.visits.tests.factories import theme

pytestmark = pytest.mark.browser

QUESTION = "When must a detainee be told of their rights?"
OTHER = "May a detainee see a doctor of their choice?"


def test_answers_per_question_for_one_participant(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    officer = factories.MembershipFactory.create(role=Role.PROGRAMME_OFFICER)
    programme = ProgrammeFactory.create(institution=officer.institution, champion=officer.user)
    session = training_create(
        actor=officer, programme=programme, title="Rights on arrival",
        starts_on=datetime.date(2026, 3, 2), trainers="APT", topics=[theme("treatment")],
        max_score=Decimal(10),
    )  # fmt: skip
    training_question_create(
        actor=officer, topic=theme("treatment"), text=OTHER, correct_answer="Yes"
    )
    training_roster_add(
        actor=officer, session=session, name="Bayarmaa Dorj", agency="Police", gender="women"
    )
    base = live_server.url
    sign_in(page, base, officer.user, factories.PASSWORD)

    # The bank: a question with its correct answer.
    page.goto(f"{base}/programmes/trainings/{session.pk}/")
    page.get_by_role("link", name="Test question bank").click()
    page.get_by_label("Topic").select_option(str(theme("treatment").pk))
    page.get_by_role("textbox", name="Question").fill(QUESTION)
    page.get_by_label("Correct answer").fill("On arrival")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Question added to the bank.")).to_be_visible()
    expect(page.get_by_role("cell", name=QUESTION)).to_be_visible()

    # The training's tests use both questions.
    page.goto(f"{base}/programmes/trainings/{session.pk}/")
    expect(page.get_by_text("recorded as a score per participant")).to_be_visible()
    page.get_by_role("link", name="Choose test questions").click()
    page.get_by_label(QUESTION).check()
    page.get_by_label(OTHER).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Test questions saved.")).to_be_visible()

    # One participant's answers, before and after.
    page.get_by_role("link", name="Answers").click()
    page.get_by_label("Pre-test, question 1").fill("later")
    page.get_by_label("Post-test, question 1").fill("yes")
    page.get_by_label("Pre-test, question 2").fill("")
    page.get_by_label("Post-test, question 2").fill("  on ARRIVAL ")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Answers saved.")).to_be_visible()

    entry = RosterEntry.objects.get()
    assert TrainingAnswer.objects.filter(entry=entry).count() == 3
    assert (entry.pre_test, entry.post_test) == (Decimal(0), Decimal(10))
    # A programme officer does not see exact small counts: one participant is "fewer than 5".
    results = page.locator("#questions tbody tr")
    expect(results).to_have_count(2)
    expect(results.first).to_contain_text("fewer than 5")
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
    assert page_problems.csp_violations == []
