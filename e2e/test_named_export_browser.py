"""Issue 24 point 16 in the browser: the case list exports pseudonyms; the export with
names is a form that asks why, and the reason lands in the audit log."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.models import AuditEvent
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.people.models import ConsentScope
from vigil.people.tests.factories import (
    CaseFactory,
    ConsentFactory,
    InterviewFactory,
    PersonFactory,
)

pytestmark = pytest.mark.browser

NAME = "Saran Plantedbrowser"
REASON = "Referral file for the district prosecutor."


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_the_commissioner_exports_cases_with_names_after_giving_a_reason(
    live_server: LiveServer, page: Page, page_problems: PageProblems, tmp_path: Path
) -> None:
    commissioner = factories.MembershipFactory.create(role=Role.COMMISSIONER)
    institution = commissioner.institution
    person = PersonFactory.create(institution=institution, full_name=NAME)
    interview = InterviewFactory.create(
        visit__place__institution=institution,
        visit__created_by=commissioner.user,
        person=person,
        interviewers=[commissioner.user],
    )
    ConsentFactory.create(interview=interview, scopes=[ConsentScope.INTERNAL])
    case = CaseFactory.create(
        institution=institution, team=[commissioner], received_by=commissioner.user
    )
    case.victims.set([person])
    base = live_server.url
    sign_in(page, base, commissioner.user, factories.PASSWORD)

    page.goto(f"{base}/people/cases/")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    plain = tmp_path / "plain.csv"
    info.value.save_as(plain)
    assert person.pseudonym in str(_rows(plain)) and NAME not in str(_rows(plain))

    page.get_by_role("link", name="Export with names…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export cases with names")
    page.get_by_role("button", name="Export with names").click()  # no reason yet
    expect(page.get_by_text("Give the reason for exporting names.").first).to_be_visible()
    assert not AuditEvent.objects.filter(action="case.exported", details__identity="named")

    page.get_by_label("Reason for exporting names").fill(REASON)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export with names").click()
    named = tmp_path / info.value.suggested_filename
    info.value.save_as(named)
    assert NAME in str(_rows(named))
    assert "reason" not in page.url and "Referral" not in page.url
    event = AuditEvent.objects.filter(action="case.exported").latest("sequence")
    assert event.details["identity"] == "named" and event.details["reason"] == REASON
    # The refusal without a reason is a 400 on purpose; the browser logs it, nothing else.
    unexpected = [e for e in page_problems.console_errors if "status of 400" not in e]
    assert unexpected == [] and page_problems.page_errors == []
