"""Dates are written one way on a page, in the reader's language, with the institution's
calendar."""

from __future__ import annotations

import datetime

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from vigil.core.dates import calendar_of, day

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
