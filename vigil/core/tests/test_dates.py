"""Dates are written one way on a page, in the reader's language, with the institution's
calendar."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import date_format

from vigil.core.dates import (
    _DATE_STYLES,
    _DATETIME_STYLES,
    _SECONDS_STYLES,
    calendar_of,
    day,
    long_day,
)

DAY = datetime.date(2026, 11, 11)
PAGE = Template('{{ d|date:"j M Y" }} | {{ d|date }} | {{ d|date:"j F Y" }} | {{ d|date:"Y-m-d" }}')


def _page() -> str:
    return PAGE.render(Context({"d": DAY}))


def test_every_date_style_of_a_page_comes_out_alike():
    with translation.override("en"):
        assert _page() == "11 Nov 2026 | 11 Nov 2026 | 11 Nov 2026 | 2026-11-11"
        assert date_format(DAY) == day(DAY) == "11 Nov 2026"  # what Python code writes
    with translation.override("fr"):
        first, second, third, iso = _page().split(" | ")
        assert first == second == third == "11 novembre 2026" and iso == "2026-11-11"


def test_the_thai_buddhist_era_where_the_institution_chooses_it():
    with translation.override("th"), calendar_of("buddhist"):
        first, _second, _third, iso = _page().split(" | ")
        assert "2569" in first and "2026" not in first and iso == "2569-11-11"
    with translation.override("th"), calendar_of("gregorian"):
        assert "2026" in _page()


def test_numbers_never_reach_svg_coordinates_localized():
    with translation.override("fr"):
        chart = Template("{% load l10n %}{% localize off %}{{ x }}{% endlocalize %} {{ x }}")
        assert chart.render(Context({"x": 12.5})) == "12.5 12,5"


# --- one style everywhere (issue 24, point 1) ----------------------------------------------

VIGIL = Path(__file__).resolve().parents[2]
# What a template may still ask of `date` besides the date styles: a month, a machine-readable
# stamp (`<time datetime>`), the time zone's abbreviation, the time to the second.
OTHER_TEMPLATE_FORMATS = {"M Y", "F Y", "c", "U", "T", "Y-m-d", "Y-m", "H:i", *_SECONDS_STYLES}
# Python modules that may format a date or a time themselves, and why.
OWN_FORMATTING = {
    "core/dates.py": "the one place that writes dates",
    "core/jobs.py": "a time of day only (H:i), no date",
}


def _sources(pattern: str) -> list[Path]:
    return [path for path in VIGIL.rglob(pattern) if "tests" not in path.parts]


def test_python_code_writes_dates_only_through_vigil_core_dates():
    bypassing = [
        str(path.relative_to(VIGIL))
        for path in _sources("*.py")
        if str(path.relative_to(VIGIL)) not in OWN_FORMATTING
        and re.search(r"\bdate_format\(", path.read_text())
    ]
    assert bypassing == [], f"use vigil.core.dates (day, long_day, date_filter): {bypassing}"


def test_templates_ask_only_for_the_shared_date_styles():
    asked = {
        (str(path.relative_to(VIGIL)), style)
        for path in _sources("*.html")
        for style in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text())
    }
    allowed = _DATE_STYLES | _DATETIME_STYLES | OTHER_TEMPLATE_FORMATS
    assert {(path, style) for path, style in asked if style not in allowed} == set()


@pytest.mark.django_db
def test_the_home_page_items_write_their_dates_as_the_pages_do(personas):
    from vigil.people.hooks import overdue_check_backs_attention
    from vigil.people.tests.factories import CheckBackFactory
    from vigil.people.tests.factories_reprisals import interview_by

    interview = interview_by(personas.monitor, held_on=datetime.date(2026, 3, 10))
    CheckBackFactory.create(interview=interview, due_on=datetime.date(2026, 11, 10))
    with translation.override("fr"):
        (item,) = overdue_check_backs_attention(personas.monitor)
        assert "10 novembre 2026" in str(item.detail), item.detail  # not "10 nov. 2026"


def test_a_time_to_the_second_keeps_the_pages_date_style():
    moment = datetime.datetime(2026, 11, 11, 9, 5, 7, tzinfo=datetime.UTC)
    template = Template('{{ t|date:"j M Y H:i" }} | {{ t|date:"j M Y H:i:s" }}')
    with translation.override("fr"), timezone.override(datetime.UTC):
        minutes, seconds = template.render(Context({"t": moment})).split(" | ")
    assert minutes.startswith("11 novembre 2026") and seconds == "11 novembre 2026 09:05:07"


def test_documents_write_the_month_in_full_in_the_language_order_and_calendar():
    with translation.override("en"):
        assert long_day(DAY) == "11 November 2026"
    with translation.override("ko"):
        assert long_day(DAY) == "2026년 11월 11일"
    with translation.override("th"), calendar_of("buddhist"):
        assert "2569" in long_day(DAY) and "2026" not in long_day(DAY)
