"""No form offers an unbounded list of records (issue 14, ADR 0022).

Two walks, so that a new form is covered without anyone listing it:
- every page of the project (the URL walk's list, as the page bench requests them) is
  rendered over an institution with a few hundred of each record, and no <select> on it may
  carry more than 200 options;
- every form class of the project is read, and a choice of a kind of record that grows
  without bound (places, visits, findings, people, cases…) must be a searchable one.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.db import transaction
from django.urls import NoReverseMatch, reverse

import vigil
from bench.national_data import national_add
from bench.pages import _readers, bench_admin, page_arguments, page_names
from vigil.core.demo.builder import demo_load
from vigil.core.forms import SearchableChoiceField, SearchableMultipleChoiceField
from vigil.core.models import Membership

pytestmark = pytest.mark.django_db

MAX_OPTIONS = 200
MANY = 250  # of each kind of record: more than any select may hold
COUNTS = {
    "places": MANY,
    "visits": MANY,
    "findings": MANY,
    "recommendations": MANY,
    "interviews": MANY,
    "cases": MANY,
    "population_counts": MANY,
    "audit_events": 10,
    "authorities": MANY,
    "areas": MANY,
}

# Kinds of record an institution gathers by the thousand (model labels).
UNBOUNDED = {
    "places.Place",
    "places.Authority",
    "places.AdministrativeArea",
    "visits.Visit",
    "visits.Finding",
    "people.Person",
    "people.Interview",
    "people.Case",
    "recommendations.Recommendation",
    "programmes.Programme",
}
# Plain choices of such records that the form always narrows to a handful, and why.
NARROWED = {
    "ExaminationForm.person": "narrowed to the victims of the case being examined",
    "GoodPracticeReportForm.programmes": "checkboxes: an institution runs tens of programmes",
}
# Long lists that are fixed vocabularies, not records: they never grow with the data.
FIXED_VOCABULARIES = {
    "time_zone": "the IANA time zones of the institution's settings (about 600 names)",
}


class _Selects(HTMLParser):
    """The number of options of each <select> of a page, by its name."""

    def __init__(self) -> None:
        super().__init__()
        self.options: dict[str, int] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "select":
            self._open = dict(attrs).get("name") or dict(attrs).get("id") or "?"
            self.options.setdefault(self._open, 0)
        elif tag == "option" and self._open is not None:
            self.options[self._open] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._open = None


def _selects(html: str) -> dict[str, int]:
    parser = _Selects()
    parser.feed(html)
    return parser.options


@pytest.fixture(scope="module")
def many(django_db_setup: None, django_db_blocker: Any) -> Iterator[Membership]:
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        admin = bench_admin()
        national_add(admin, scale=0.001, counts=COUNTS)
        yield admin
        transaction.set_rollback(True)


def test_no_page_renders_a_select_of_more_than_200_options(many):
    readers = _readers(many)
    too_long, rendered = [], 0
    for name, arguments in sorted(page_names().items()):
        kwargs = page_arguments(name, arguments, many)
        if kwargs is None:
            continue
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        for membership, client in readers:  # the first reader the page lets in (need to know)
            response = client.get(url)
            if response.status_code in {403, 404}:
                continue
            if "html" in response.get("Content-Type", "") and not response.streaming:
                rendered += 1
                for select, options in _selects(response.content.decode()).items():
                    if options > MAX_OPTIONS and select not in FIXED_VOCABULARIES:
                        too_long.append(f"{name} ({membership.role}): {select} has {options}")
            break
    assert rendered > 100
    assert not too_long, too_long


def _form_classes() -> Iterator[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(vigil.__path__, "vigil."):
        if ".forms" in module.name and ".tests" not in module.name:
            importlib.import_module(module.name)
    seen: set[type] = set()
    waiting: list[type] = [forms.BaseForm]
    while waiting:
        cls = waiting.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                waiting.append(sub)
                if sub.__module__.startswith("vigil.") and ".tests" not in sub.__module__:
                    yield sub


def test_every_choice_of_an_unbounded_kind_of_record_is_searchable():
    plain = []
    checked = 0
    for form in _form_classes():
        for name, field in getattr(form, "base_fields", {}).items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            checked += 1
            label = field.queryset.model._meta.label  # type: ignore[union-attr]
            searchable = isinstance(field, SearchableChoiceField | SearchableMultipleChoiceField)
            if label in UNBOUNDED and not searchable and f"{form.__name__}.{name}" not in NARROWED:
                plain.append(f"{form.__module__}.{form.__name__}.{name} ({label})")
    assert checked > 20
    assert not plain, plain
