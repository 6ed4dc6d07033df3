"""Every page of the institution in the pseudo-locale (tools/pseudo_locale.py): visible text
that is not bracketed is a hard-coded string, and text cut off or overflowing its box will not
survive a longer translation. User data is recognisable (it is in the database) and allowed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import sign_in
from tools.pseudo_locale import CODE, build
from vigil.core.roles import Role
from vigil.core.tests import factories
from vigil.core.tests.test_url_walk import INSTITUTION_URLS
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.tests.factories import FindingFactory, VisitFactory, theme

pytestmark = pytest.mark.browser

# What a page may show unbracketed: the brand, and each language's own name in the menu.
ALWAYS_ALLOWED = {"Vigil", "English", "Français", "Español", "Русский", "العربية", "Монгол",
                  "Bahasa Indonesia", "ไทย", "Filipino", "한국어"}  # fmt: skip
# Pages that answer with a file, or only to a form.
SKIP = {"core:audit_export", "core:institution_switch"}

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !parent || parent.closest("script, style, noscript, template, option")) continue;
    if (parent.closest("[hidden], details:not([open]) > :not(summary)")) continue;
    // Text marked as another language on purpose (the language menu, English sources).
    const marked = parent.closest("[lang]");
    const pageLang = document.documentElement.lang;
    if (marked && marked !== document.documentElement && marked.lang !== pageLang) continue;
    out.push(text);
  }
  return out;
}"""
CUT_OFF = """() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if (!el.textContent.trim()) continue;
    if (el.closest("svg, .table-wrap, [hidden], .visually-hidden")) continue;
    if (!el.offsetParent && style.position !== "fixed") continue;
    const clips = ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
    if (clips && el.scrollWidth > el.clientWidth + 2) out.push(el.outerHTML.slice(0, 120));
  }
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 2)
    out.push("the page is wider than the window");
  return out;
}"""
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_NO_WORDS = re.compile(r"^[\W\d_]*$")


@pytest.fixture
def pseudo_locale(settings: Any, tmp_path: Path) -> None:
    build(tmp_path)
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    settings.LANGUAGES = [*settings.LANGUAGES, (CODE, "Pseudo")]


def _data_strings() -> set[str]:
    """Every text value in the database: what people wrote, not what Vigil says."""
    found: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.EmailField)
            and not f.choices
        ]  # fmt: skip
        if fields:
            for row in model._default_manager.values_list(*fields):
                found.update(str(v).strip() for v in row if v and str(v).strip())
    return found


def _unbracketed(text: str, data: set[str]) -> str:
    rest, before = text, ""
    while rest != before:  # innermost first: a translated month inside a translated sentence
        before, rest = rest, _BRACKETED.sub(" ", rest)
    for value in sorted(data | ALWAYS_ALLOWED, key=len, reverse=True):
        if value in rest:
            rest = rest.replace(value, " ")
    rest = re.sub(r"\S+@\S+", " ", rest)  # e-mail addresses
    return "" if _NO_WORDS.match(rest) else " ".join(rest.split())


def test_every_page_in_the_pseudo_locale_is_translated_and_fits(
    live_server: LiveServer, page: Page, pseudo_locale: None
) -> None:
    admin = factories.MembershipFactory.create(role=Role.ADMIN)
    place = PlaceFactory.create(institution=admin.institution, name="Qzx Remand Centre")
    visit = VisitFactory.create(place=place, created_by=admin.user)
    FindingFactory.create(visit=visit, theme=theme("solitary"), title="Qzx finding")
    base = live_server.url
    sign_in(page, base, admin.user, factories.PASSWORD)
    admin.user.language = CODE
    admin.user.save(update_fields=["language"])
    data = _data_strings()
    problems: list[str] = []
    for name, kwargs in INSTITUTION_URLS.items():
        if name in SKIP:
            continue
        url = reverse(name, kwargs=kwargs)
        if "." in url.rsplit("/", 1)[-1] or "export" in name:
            continue  # a file to download, not a page
        try:
            response = page.goto(f"{base}{url}")
        except PlaywrightError:
            continue  # a form's target (405 to GET), not a page
        if (
            response is None
            or response.status != 200
            or "text/html" not in (response.headers.get("content-type") or "")
        ):
            continue
        for text in page.evaluate(VISIBLE_TEXT):
            if left := _unbracketed(text, data):
                problems.append(f"{url}: not translated: {left!r}")
        problems += [f"{url}: cut off: {html}" for html in page.evaluate(CUT_OFF)]
    assert not problems, "\n".join(dict.fromkeys(problems))
