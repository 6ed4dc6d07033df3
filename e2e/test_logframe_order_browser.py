"""Reordering the logframe with the keyboard alone: the move buttons are plain forms (no
script), reached with Tab and pressed with Enter; the page comes back at the moved line."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.programmes.models import LogframeItem
from vigil.programmes.services import programmes as services
from vigil.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.browser

FIRST = "Detainees are told of their rights on arrival"
SECOND = "Custody registers are complete and kept up to date"


def test_a_logframe_line_is_moved_up_with_the_keyboard(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    officer = factories.MembershipFactory.create(role=Role.PROGRAMME_OFFICER)
    programme = ProgrammeFactory.create(
        institution=officer.institution, title="Safeguards from the first hour"
    )
    for text in (FIRST, SECOND):
        services.logframe_item_add(
            actor=officer, programme=programme, level=LogframeItem.Level.OBJECTIVE, text=text
        )
    sign_in(page, live_server.url, officer.user, factories.PASSWORD)
    page.goto(f"{live_server.url}/programmes/{programme.pk}/")
    rows = page.locator("table.logframe tbody tr")
    expect(rows.nth(0)).to_contain_text(FIRST)

    # Tab from the line's last link to its "Move up" button, then press Enter.
    move_up = page.get_by_role("button", name="Move up line 2")
    rows.nth(1).get_by_role("link", name="Add an indicator").focus()
    page.keyboard.press("Tab")
    expect(move_up).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Logframe line moved.")).to_be_visible()
    expect(rows.nth(0)).to_contain_text(SECOND)
    expect(rows.nth(0).locator("td").first).to_have_text("1")
    expect(rows.nth(1)).to_contain_text(FIRST)
    assert page.url.endswith(f"#logframe-line-{LogframeItem.objects.get(text=SECOND).pk}")
    # Now first, it offers no "Move up"; Tab then Enter on "Move down" puts it back.
    expect(rows.nth(0).get_by_role("button", name="Move up line 1")).to_have_count(0)
    rows.nth(0).get_by_role("link", name="Add an indicator").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Move down line 1")).to_be_focused()
    page.keyboard.press("Enter")
    expect(rows.nth(0)).to_contain_text(FIRST)
    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
