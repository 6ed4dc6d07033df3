"""Searchable choices in a real browser, with the keyboard alone (ADR 0017).

An institution with more places and visits than a select may carry: the new-visit form's
place (one record), and the new-recommendation form's visit, its findings (narrowed to the
chosen visit) and its places (several records) are each found by typing, picked with the
arrow keys and Enter, and saved. The combobox is labelled, announces its state, shows its
focus, reads at WCAG AA contrast and fits a 390-pixel-wide phone.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core import searchable
from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.places.models import Place
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory
from vigil.recommendations.models import Recommendation
from vigil.visits.models import Visit
from vigil.visits.selectors.lookups import VISIT
from vigil.visits.tests.factories import FindingFactory, VisitFactory

pytestmark = pytest.mark.browser

MANY = searchable.PRELOAD + 10  # more than a plain select is rendered for
# Places found by a word of their name (digits would also match references and dates).
NAMED = {
    5: "Eastfield Lock-up",
    12: "Hillside Remand Centre",
    37: "Seaview Youth Centre",
    40: "Northgate Prison",
}

# The contrast ratio of an element's text on its background, as WCAG 2 defines it.
CONTRAST = """
(element) => {
  const channel = (c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const style = getComputedStyle(element);
  let back = element, background = style.backgroundColor;
  while (background === "rgba(0, 0, 0, 0)" && back.parentElement) {
    back = back.parentElement;
    background = getComputedStyle(back).backgroundColor;
  }
  const [light, dark] = [luminance(style.color), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
"""


def _institution_with_many_places(role: Role = Role.MONITOR) -> tuple[Membership, list[Place]]:
    monitor = factories.MembershipFactory.create(role=role)
    authority = AuthorityFactory.create(institution=monitor.institution)
    places = [
        PlaceFactory.create(
            institution=monitor.institution,
            authority=authority,
            name=NAMED.get(i, f"District Jail {i:03d}"),
        )
        for i in range(MANY)
    ]
    return monitor, places


def _choose(page: Page, combobox: Locator, typed: str, option: str) -> None:
    """Type into the combobox, arrow to the one option offered, and take it with Enter."""
    page.keyboard.type(typed)
    listbox = page.locator(f"#{combobox.get_attribute('aria-controls')}")
    expect(listbox).to_have_attribute("role", "listbox")
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(listbox.get_by_role("option", name=option)).to_be_visible()
    page.keyboard.press("ArrowDown")
    active = combobox.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").inner_text() == option
    page.keyboard.press("Enter")


def _submit(page: Page) -> None:
    page.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")


def test_a_place_among_many_is_chosen_with_the_keyboard_on_a_phone(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    monitor, places = _institution_with_many_places()
    wanted = places[37]
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server.url, monitor.user, factories.PASSWORD)
    page.goto(f"{live_server.url}/visits/new/")

    # Only the empty choice is in the page; the rest is asked for.
    assert page.locator("select[name=place] option").count() == 1
    combobox = page.get_by_role("combobox", name="Place", exact=True)
    expect(combobox).to_have_attribute("aria-expanded", "false")
    combobox.focus()
    wrapper = page.locator(".ts-wrapper").filter(has=combobox)
    control = wrapper.locator(".ts-control")
    expect(wrapper).to_have_class(re.compile(r"\bfocus\b"))
    assert control.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    assert control.evaluate("e => getComputedStyle(e).outlineWidth") == "3px"

    _choose(page, combobox, "Eastfield", places[5].name)
    expect(wrapper.locator(".item")).to_have_text(places[5].name)
    page.keyboard.press("Backspace")  # a change of mind: the choice is cleared
    expect(wrapper.locator(".item")).to_have_count(0)
    _choose(page, combobox, "Seaview", wanted.name)
    expect(wrapper.locator(".item")).to_have_text(wanted.name)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Type of visit")).to_be_focused()

    # It fits the phone: nothing scrolls sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    box = control.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390

    _submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(wanted.name)
    visit = Visit.objects.get(institution=monitor.institution)
    assert visit.place == wanted

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []


def test_a_recommendation_names_its_visit_its_findings_and_places_with_the_keyboard(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    monitor, places = _institution_with_many_places(Role.COMMISSIONER)
    visits = [VisitFactory.create(place=place) for place in places]
    visited = visits[12]
    answered = FindingFactory.create(visit=visited, title="Cells overcrowded")
    FindingFactory.create(visit=visits[13], title="Cells without light")
    for visit in visits:  # more findings than a plain select is rendered for
        FindingFactory.create(visit=visit, title="Registers incomplete")
    sign_in(page, live_server.url, monitor.user, factories.PASSWORD)
    page.goto(f"{live_server.url}/recommendations/new/")

    page.get_by_label("Recommendation").fill("Reduce the number of people per cell.")
    page.get_by_label("Date").fill("2026-04-01")

    visit_box = page.get_by_role("combobox", name="Visit", exact=True)
    visit_box.focus()
    _choose(page, visit_box, "Hillside", VISIT.label(visited))

    # The findings offered are the chosen visit's only.
    findings_box = page.get_by_role("combobox", name="Findings it answers")
    findings_box.focus()
    expect(findings_box).to_have_attribute("aria-expanded", "true")
    _choose(page, findings_box, "Cells", f"{answered.title} · {visited}")
    expect(page.get_by_text("Cells without light")).to_have_count(0)
    page.keyboard.press("Escape")

    places_box = page.get_by_role("combobox", name="Places concerned")
    places_box.focus()
    _choose(page, places_box, "Hillside", places[12].name)
    _choose(page, places_box, "Northgate", places[40].name)
    page.keyboard.press("Escape")
    chosen = page.locator(".ts-wrapper").filter(has=places_box).locator(".item")
    expect(chosen).to_have_count(2)

    # An option in the list is read at AA contrast, and the active one too.
    places_box.focus()
    page.keyboard.type("Jail 00")
    option = page.locator(".ts-dropdown").get_by_role("option").first
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    for element in (option, page.locator(".ts-dropdown .active").first):
        assert element.evaluate(CONTRAST) >= 4.5
    page.keyboard.press("Escape")

    _submit(page)
    expect(page.get_by_role("status")).to_be_visible()
    saved = Recommendation.objects.get(institution=monitor.institution)
    assert saved.visit == visited
    assert list(saved.findings.all()) == [answered]
    assert set(saved.places.all()) == {places[12], places[40]}

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
