"""The page of one place: its summary, the population chart, every count and the timeline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from vigil.core import hooks
from vigil.core.tests.factories import client_for
from vigil.places.models import PopulationSnapshot
from vigil.places.selectors.timeline import TimelineEntry
from vigil.places.tests.factories import AreaFactory, PlaceFactory, SnapshotFactory


@pytest.fixture
def place(personas):
    north = AreaFactory.create(institution=personas.institution_a, name="North")
    hills = AreaFactory.create(
        institution=personas.institution_a, name="Hills", level=2, parent=north
    )
    return PlaceFactory.create(
        institution=personas.institution_a,
        name="Hill Prison",
        external_ref="PRI-17",
        area=hills,
        address="3 Quarry Road",
        capacity=200,
        latitude=Decimal("47.9"),
        longitude=Decimal("106.9"),
    )


def _count(place, counted_on: date, total: int, **values) -> PopulationSnapshot:
    snapshot = SnapshotFactory.create(place=place, counted_on=counted_on, total=total, **values)
    place.population, place.population_on = total, counted_on
    place.save(update_fields=["population", "population_on"])
    return snapshot


def _page(personas, place) -> str:
    response = client_for(personas.viewer).get(reverse("places:place_detail", args=[place.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_summary_names_the_place_its_authority_area_and_occupancy(personas, place):
    _count(place, date(2024, 11, 5), 150)
    _count(place, date(2025, 2, 10), 260, women=30)
    page = _page(personas, place)
    assert "<h1>Hill Prison" in page
    assert "PRI-17" in page and place.authority.name in page and "3 Quarry Road" in page
    assert "North › Hills" in page
    assert "Police station or lock-up" in page
    assert '260 <span class="muted">(10 Feb 2025)</span>' in page
    assert '130% <span class="occupancy__word">overcrowded</span>' in page
    assert "never visited" in page


def test_the_chart_draws_each_count_and_the_capacity_line(personas, place):
    _count(place, date(2024, 11, 5), 150)
    _count(place, date(2025, 2, 10), 260)
    page = _page(personas, place)
    assert '<svg viewBox="0 0 640 240"' in page
    assert page.count('<circle class="chart__dot"') == 2
    assert "<title>2024-11-05: 150 (Official figure)</title>" in page
    assert "<title>2025-02-10: 260 (Official figure)</title>" in page
    capacity = re.search(r'<line class="chart__capacity"[^>]*y1="([\d.]+)"', page)
    assert capacity is not None
    points = re.search(r'<polyline class="chart__line" points="([^"]+)"', page).group(1)
    (x1, y1), (x2, y2) = (tuple(map(float, p.split(","))) for p in points.split())
    assert x1 < x2 and y2 < float(capacity.group(1)) < y1  # 150 below capacity, 260 above
    assert "Official capacity" in page


def test_without_a_capacity_the_chart_has_no_capacity_line_and_says_so(personas, place):
    place.capacity = None
    place.save(update_fields=["capacity"])
    _count(place, date(2025, 2, 10), 260)
    page = _page(personas, place)
    assert '<circle class="chart__dot"' in page
    assert "chart__capacity" not in page
    assert "No official capacity recorded" in page


def test_without_counts_there_is_no_chart(personas, place):
    page = _page(personas, place)
    assert "<svg" not in page.split('id="chart-heading"')[1].split("</section>")[0]
    assert "No population count yet." in page


def test_the_table_lists_every_count_newest_first_with_its_occupancy(personas, place):
    _count(place, date(2024, 11, 5), 150, source=PopulationSnapshot.Source.OBSERVED)
    _count(place, date(2025, 2, 10), 260, women=30, pre_trial=200)
    page = _page(personas, place)
    table = page.split('id="population-heading"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td class=\"num\">(.*?)</td>", table)
    assert rows == [
        ("10 Feb 2025", "Official figure", "260"),
        ("5 Nov 2024", "Observed on visit", "150"),
    ]
    assert "75%" in table and "130%" in table


def test_the_timeline_shows_the_counts_newest_first(personas, place):
    _count(place, date(2024, 11, 5), 150)
    _count(place, date(2025, 2, 10), 260)
    page = _page(personas, place)
    timeline = page.split('id="timeline-heading"')[1]
    assert timeline.index('datetime="2025-02-10"') < timeline.index('datetime="2024-11-05"')
    assert "260 people, 130.0% of capacity" in timeline


def test_a_registered_provider_adds_its_entries_to_the_timeline(personas, place):
    calls: list[tuple[int, int]] = []

    def inspections(place_, actor) -> Iterator[TimelineEntry]:
        calls.append((place_.pk, actor.pk))
        yield TimelineEntry(
            on=date(2025, 1, 20),
            kind="inspection",
            title="Unannounced visit",
            summary="Three cells inspected",
            url="/visits/7/",
        )

    _count(place, date(2025, 2, 10), 260)
    with hooks.temporarily(hooks.PLACE_TIMELINE, inspections):
        page = _page(personas, place)
    assert calls == [(place.pk, personas.viewer.pk)]
    timeline = page.split('id="timeline-heading"')[1]
    assert "timeline__entry--inspection" in timeline
    assert '<a href="/visits/7/">Unannounced visit</a>' in timeline
    assert "Three cells inspected" in timeline
    # Newest first, whoever provides the entry.
    assert timeline.index('datetime="2025-02-10"') < timeline.index('datetime="2025-01-20"')
    assert "Unannounced visit" not in _page(personas, place)  # unregistered: gone


def test_only_those_who_keep_the_register_see_the_edit_and_record_buttons(personas, place):
    viewer = _page(personas, place)
    assert reverse("places:place_edit", args=[place.pk]) not in viewer
    assert reverse("places:population_add", args=[place.pk]) not in viewer
    monitor = client_for(personas.monitor).get(reverse("places:place_detail", args=[place.pk]))
    body = monitor.content.decode()
    assert reverse("places:place_edit", args=[place.pk]) in body
    assert reverse("places:population_add", args=[place.pk]) in body


def test_counts_observed_on_visits_are_points_beside_the_official_line(personas, place):
    _count(place, date(2024, 11, 5), 150)
    _count(place, date(2025, 2, 10), 260)
    SnapshotFactory.create(
        place=place,
        counted_on=date(2025, 1, 1),
        total=400,
        source=PopulationSnapshot.Source.OBSERVED,
    )
    page = _page(personas, place)
    assert page.count('<circle class="chart__dot"') == 3
    assert "<title>2025-01-01: 400 (Observed on visit)</title>" in page
    points = re.search(r'<polyline class="chart__line" points="([^"]+)"', page).group(1)
    assert len(points.split()) == 2  # the line joins the official figures only
