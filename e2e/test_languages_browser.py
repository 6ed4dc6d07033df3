"""Languages in a real browser: the header's language menu works from the keyboard, Arabic
pages mirror (dir="rtl", the navigation starting on the right), each script's font is loaded
only on its pages, and screenshots of three main pages in Arabic are kept for review
(VIGIL_SCREENSHOTS_DIR=docs/screenshots writes the ones docs/languages.md links to)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.places.models import PlaceKind
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory
from vigil.visits.tests.factories import VisitFactory

pytestmark = pytest.mark.browser

# Recognisable data in Arabic, with Latin references inside (kept in their order).
PLACES = [
    ("سجن الرصيفة المركزي", "prison_remand", "PR-014"),
    ("مركز شرطة الميناء", "police_station", "PS-203"),
    ("دار رعاية الأحداث", "juvenile_detention", "JD-007"),
]


def _choose_language_by_keyboard(page: Page, name: str) -> None:
    menu = page.locator("details.language-menu > summary")
    menu.focus()
    page.keyboard.press("Enter")
    button = page.locator("details.language-menu").get_by_role("button", name=name)
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")


def test_arabic_pages_read_right_to_left_with_the_navigation_on_the_right(
    live_server: LiveServer, page: Page, page_problems: PageProblems, tmp_path: Path
) -> None:
    membership = factories.MembershipFactory.create(role=Role.MONITOR)
    institution = membership.institution
    authority = AuthorityFactory.create(institution=institution, name="مديرية السجون")
    for name, kind, reference in PLACES:
        place = PlaceFactory.create(
            institution=institution,
            name=name,
            external_ref=reference,
            kind=PlaceKind.objects.get(institution=None, code=kind),
            authority=authority,
        )
        VisitFactory.create(place=place, created_by=membership.user)
    base = live_server.url
    sign_in(page, base, membership.user, factories.PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})

    _choose_language_by_keyboard(page, "العربية")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    membership.user.refresh_from_db()
    assert membership.user.language == "ar"

    # The navigation starts on the right: its first link is right of its last.
    links = page.locator("nav.main-nav a")
    first, last = links.first.bounding_box(), links.last.bounding_box()
    assert first and last and first["x"] > last["x"], (first, last)
    brand = page.locator("a.brand").bounding_box()
    assert brand and brand["x"] > 640, brand  # the brand sits at the right end
    # Only the Arabic font is loaded, and it is in use.
    sheets = page.eval_on_selector_all("link[rel=stylesheet]", "ls => ls.map(l => l.href)")
    assert any("arabic-page" in s for s in sheets) and not any("korean" in s for s in sheets)
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'سجن')")

    shots = Path(os.environ.get("VIGIL_SCREENSHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    for name, path in (("home", "/"), ("places", "/places/"), ("visits", "/visits/")):
        page.goto(f"{base}{path}")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.screenshot(path=str(shots / f"ar-{name}.png"), full_page=False)
    places = page.content()
    page.goto(f"{base}/places/")
    assert "PR-014" in page.content() and PLACES[0][0] in page.content()
    assert places
    # Back to English from the same menu.
    _choose_language_by_keyboard(page, "English")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert not page_problems.page_errors, page_problems.page_errors
    assert not page_problems.csp_violations, page_problems.csp_violations
