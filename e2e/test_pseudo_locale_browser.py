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
from vigil.core.tests.test_url_walk import INSTITUTION_URLS, RECORD_URLS
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.tests.factories import FindingFactory, VisitFactory, theme

pytestmark = pytest.mark.browser

# What a page may show unbracketed: the brand, and each language's own name in the menu.
ALWAYS_ALLOWED = {"Vigil", "English", "Français", "Español", "Русский", "العربية", "Монгол",
                  "Bahasa Indonesia", "ไทย", "Filipino", "한국어",
                  # names of file formats and of the map library, the same in every language
                  "CSV", "XLSX", "DOCX", "PDF", "Leaflet"}  # fmt: skip
# Pages that answer with a file, or only to a form.
SKIP = {"core:audit_export", "core:institution_switch"}

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !parent || parent.closest("script, style, noscript, template, option")) continue;
    // Codes a file or an API must hold as written (column keys, resource names, versions).
    if (parent.closest("code, kbd, samp, [translate=no]")) continue;
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
    // A map pans inside its box, and a list box scrolls: neither cuts text off.
    if (el.closest("svg, .table-wrap, [hidden], .visually-hidden, .leaflet-container, select"))
      continue;
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
    if text.endswith("…") and any(value.startswith(text[:-1]) for value in data):
        return ""  # a long name shortened to fit a chart's label
    rest, before = text, ""
    while rest != before:  # innermost first: a translated month inside a translated sentence
        before, rest = rest, _BRACKETED.sub(" ", rest)
    for value in sorted(data | ALWAYS_ALLOWED, key=len, reverse=True):
        if value in rest:
            rest = rest.replace(value, " ")
    rest = re.sub(r"\S+@\S+", " ", rest)  # e-mail addresses
    return "" if _NO_WORDS.match(rest) else " ".join(rest.split())


def _problems_of_page(page: Page, address: str, data: set[str], url: str) -> list[str]:
    """What the page at `address` shows untranslated or cut off; nothing for a file, a form's
    target or a page the actor may not open."""
    if "." in url.rsplit("/", 1)[-1]:
        return []  # a file to download, not a page
    try:
        response = page.goto(address)
    except PlaywrightError:
        return []  # a form's target (405 to GET), or a download
    if (
        response is None
        or response.status != 200
        or "text/html" not in (response.headers.get("content-type") or "")
    ):
        return []
    problems = [
        f"{url}: not translated: {left!r}"
        for text in page.evaluate(VISIBLE_TEXT)
        if (left := _unbracketed(text, data))
    ]
    return problems + [f"{url}: cut off: {html}" for html in page.evaluate(CUT_OFF)]


def _signed_in_in_pseudo_locale(page: Page, base: str, member: Any) -> None:
    sign_in(page, base, member.user, factories.PASSWORD)
    member.user.language = CODE
    member.user.save(update_fields=["language"])


def test_every_page_in_the_pseudo_locale_is_translated_and_fits(
    live_server: LiveServer, page: Page, pseudo_locale: None
) -> None:
    admin = factories.MembershipFactory.create(role=Role.ADMIN)
    place = PlaceFactory.create(institution=admin.institution, name="Qzx Remand Centre")
    visit = VisitFactory.create(place=place, created_by=admin.user)
    FindingFactory.create(visit=visit, theme=theme("solitary"), title="Qzx finding")
    base = live_server.url
    _signed_in_in_pseudo_locale(page, base, admin)
    data = _data_strings()
    problems: list[str] = []
    for name, kwargs in INSTITUTION_URLS.items():
        if name in SKIP or "export" in name:
            continue
        url = reverse(name, kwargs=kwargs)
        problems += _problems_of_page(page, f"{base}{url}", data, url)
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_every_record_page_in_the_pseudo_locale_is_translated_and_fits(
    live_server: LiveServer, page: Page, pseudo_locale: None, personas: Any
) -> None:
    """The pages of one record of each kind (the records the cross-institution walk makes),
    opened by an administrator of their institution."""
    base = live_server.url
    urls = {
        name: reverse(name, kwargs=kwargs_of(personas))
        for name, kwargs_of in RECORD_URLS.items()
        if "export" not in name
    }
    _signed_in_in_pseudo_locale(page, base, personas.admin)
    data = _data_strings()
    problems: list[str] = []
    for url in urls.values():
        problems += _problems_of_page(page, f"{base}{url}", data, url)
    assert not problems, "\n".join(dict.fromkeys(problems))
