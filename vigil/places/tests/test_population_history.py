"""A place's population history at any length: the table comes a page at a time, newest
first, and the chart draws a sample that keeps each period's peak (issue 14)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.places.models import PopulationSnapshot
from vigil.places.selectors.population import CHART_POINTS, chart_snapshots
from vigil.places.tests.factories import PlaceFactory
from vigil.places.views.places import COUNTS_PER_PAGE


@pytest.fixture
def place(personas):
    return PlaceFactory.create(institution=personas.institution_a, capacity=200)


def _daily(place, days: int, start: date = date(2020, 1, 1)) -> list[PopulationSnapshot]:
    """One official count a day; every 50th day a peak of 500."""
    return PopulationSnapshot.objects.bulk_create(
        PopulationSnapshot(
            institution=place.institution,
            place=place,
            counted_on=start + timedelta(days=n),
            total=500 if n % 50 == 25 else 100 + n % 7,
            source=PopulationSnapshot.Source.OFFICIAL,
        )
        for n in range(days)
    )


def _page(personas, place, **query):
    response = client_for(personas.viewer).get(
        reverse("places:place_detail", args=[place.pk]), query
    )
    assert response.status_code == 200
    return response


def test_the_table_shows_one_page_of_counts_newest_first_with_links_to_the_others(personas, place):
    _daily(place, COUNTS_PER_PAGE * 2 + 5)
    first = _page(personas, place).context["snapshots"]
    assert len(first) == COUNTS_PER_PAGE
    assert first[0].counted_on == date(2020, 1, 1) + timedelta(days=COUNTS_PER_PAGE * 2 + 4)
    assert [s.counted_on for s in first] == sorted((s.counted_on for s in first), reverse=True)
    last = _page(personas, place, page=3)
    assert [s.counted_on for s in last.context["snapshots"]][-1] == date(2020, 1, 1)
    assert b"page=2#population" in last.content


def test_the_chart_keeps_every_count_while_there_are_few(personas, place):
    _daily(place, CHART_POINTS)
    assert len(chart_snapshots(actor=personas.viewer, place=place)) == CHART_POINTS


def test_a_long_history_is_charted_as_a_sample_that_keeps_the_peaks_and_both_ends(personas, place):
    counts = _daily(place, 3650)
    charted = chart_snapshots(actor=personas.viewer, place=place)
    assert len(charted) <= CHART_POINTS
    assert [c.counted_on for c in charted] == sorted(c.counted_on for c in charted)
    assert charted[0].counted_on.year == 2020 and charted[-1].counted_on.year == 2029
    peaks = {c.counted_on for c in counts if c.total == 500}
    assert peaks <= {c.counted_on for c in charted}
    page = _page(personas, place)
    assert page.content.count(b"<circle") <= CHART_POINTS


def test_the_page_reads_the_same_number_of_queries_for_ten_counts_and_for_ten_years(
    personas, place
):
    _daily(place, 10)
    _page(personas, place)
    with CaptureQueriesContext(connection) as few:
        _page(personas, place)
    _daily(place, 3650, start=date(2010, 1, 1))
    with CaptureQueriesContext(connection) as many:
        _page(personas, place)
    assert len(many) == len(few)
