"""The list of places: search, filters, sorting, pages, exports and the map's data."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from vigil.core.tests.factories import client_for
from vigil.places.models import AdministrativeArea, Place
from vigil.places.tests.factories import AreaFactory, AuthorityFactory, PlaceFactory, builtin_kind


def _listed(client, **query) -> list[str]:
    response = client.get(reverse("places:place_list"), query)
    assert response.status_code == 200
    return [place.name for place in response.context["page"].object_list]


@pytest.fixture
def client(personas):
    return client_for(personas.viewer)


def _place(personas, name: str, **values) -> Place:
    return PlaceFactory.create(institution=personas.institution_a, name=name, **values)


# --- search and filters -----------------------------------------------------------


def test_search_finds_a_place_by_part_of_its_name_or_by_its_whole_reference(personas, client):
    _place(personas, "Central Police Lock-up", external_ref="POL-001")
    _place(personas, "North Prison", external_ref="PRI-017")
    _place(personas, "Women's Prison", external_ref="PRI-018")
    assert _listed(client, q="prison") == ["North Prison", "Women's Prison"]
    assert _listed(client, q="pri-017") == ["North Prison"]
    assert _listed(client, q="PRI-01") == []  # references match whole, names in part
    assert _listed(client, q="lock") == ["Central Police Lock-up"]


def test_filters_by_kind_authority_and_status(personas, client):
    police = AuthorityFactory.create(institution=personas.institution_a, name="Police")
    prisons = AuthorityFactory.create(institution=personas.institution_a, name="Prisons")
    _place(personas, "Lock-up", kind=builtin_kind("police_station"), authority=police)
    _place(personas, "Jail", kind=builtin_kind("prison_remand"), authority=prisons)
    _place(personas, "Old jail", kind=builtin_kind("prison_remand"), authority=prisons,
           status=Place.Status.CLOSED)  # fmt: skip
    assert _listed(client, kind=builtin_kind("prison_remand").pk) == ["Jail", "Old jail"]
    assert _listed(client, authority=police.pk) == ["Lock-up"]
    assert _listed(client, authority=prisons.pk, status="open") == ["Jail"]
    assert _listed(client, status="closed") == ["Old jail"]


def test_an_area_filter_includes_the_areas_within_it(personas, client):
    north = AreaFactory.create(institution=personas.institution_a, name="North")
    hills = AreaFactory.create(
        institution=personas.institution_a, name="Hills", level=2, parent=north
    )
    pass_ = AreaFactory.create(
        institution=personas.institution_a, name="Pass", level=3, parent=hills
    )
    south = AreaFactory.create(institution=personas.institution_a, name="South")
    _place(personas, "In North", area=north)
    _place(personas, "In Hills", area=hills)
    _place(personas, "In Pass", area=pass_)
    _place(personas, "In South", area=south)
    _place(personas, "Nowhere", area=None)
    assert _listed(client, area=north.pk) == ["In Hills", "In North", "In Pass"]
    assert _listed(client, area=hills.pk) == ["In Hills", "In Pass"]
    assert _listed(client, area=pass_.pk) == ["In Pass"]
    assert AdministrativeArea.objects.count() == 4


def test_filters_by_occupancy_band(personas, client):
    _place(personas, "Empty-ish", capacity=100, population=10)
    _place(personas, "Full", capacity=100, population=100)
    _place(personas, "Over", capacity=1000, population=1001)
    _place(personas, "Critical", capacity=100, population=151)
    _place(personas, "No capacity", capacity=None, population=30)
    _place(personas, "No count", capacity=100, population=None)
    assert _listed(client, band="under") == ["Empty-ish"]
    assert _listed(client, band="near") == ["Full"]
    assert _listed(client, band="over") == ["Over"]
    assert _listed(client, band="critical") == ["Critical"]
    assert _listed(client, band="unknown") == ["No capacity", "No count"]


def test_filters_by_last_visit_never_or_longer_ago_than_some_months(personas, client):
    today = timezone.localdate()
    _place(personas, "Never visited", last_visited_on=None)
    _place(personas, "Visited last month", last_visited_on=today - timedelta(days=30))
    _place(personas, "Visited 8 months ago", last_visited_on=today - timedelta(days=245))
    _place(personas, "Visited 3 years ago", last_visited_on=today - timedelta(days=1100))
    assert _listed(client, last_visit="never") == ["Never visited"]
    assert _listed(client, last_visit="6") == [
        "Never visited",
        "Visited 3 years ago",
        "Visited 8 months ago",
    ]
    assert _listed(client, last_visit="12") == ["Never visited", "Visited 3 years ago"]
    assert _listed(client, last_visit="24") == ["Never visited", "Visited 3 years ago"]


def test_an_unknown_filter_value_shows_every_place_rather_than_failing(personas, client):
    _place(personas, "One")
    assert _listed(client, band="bursting", kind="abc") == ["One"]


# --- sorting and pages ------------------------------------------------------------


def test_sorting_by_occupancy_puts_places_of_unknown_occupancy_last(personas, client):
    _place(personas, "Half", capacity=100, population=50)
    _place(personas, "Unknown capacity", capacity=None, population=500)
    _place(personas, "Double", capacity=100, population=200)
    _place(personas, "Zero capacity", capacity=0, population=5)
    _place(personas, "Full", capacity=100, population=100)
    unknown = ["Unknown capacity", "Zero capacity"]
    assert _listed(client, sort="-occupancy") == ["Double", "Full", "Half", *unknown]
    assert _listed(client, sort="occupancy") == ["Half", "Full", "Double", *unknown]


def test_other_sorts(personas, client):
    today = timezone.localdate()
    _place(personas, "B", capacity=300, population=10, last_visited_on=today)
    _place(personas, "A", capacity=None, population=90, last_visited_on=None)
    _place(personas, "C", capacity=50, population=None,
           last_visited_on=today - timedelta(days=400))  # fmt: skip
    assert _listed(client) == ["A", "B", "C"]
    assert _listed(client, sort="-capacity") == ["B", "C", "A"]
    assert _listed(client, sort="-population") == ["A", "B", "C"]
    assert _listed(client, sort="last_visit") == ["C", "B", "A"]


def test_the_list_comes_in_pages_of_fifty_that_keep_the_filters(personas, client):
    for number in range(1, 56):
        _place(personas, f"Prison {number:02d}", external_ref=f"P-{number:02d}")
    _place(personas, "Lock-up")
    first = client.get(reverse("places:place_list"), {"q": "prison"})
    assert first.context["page"].paginator.count == 55
    assert len(first.context["page"].object_list) == 50
    assert "55 places" in first.content.decode()
    assert 'href="?q=prison&amp;page=2"' in first.content.decode()
    assert _listed(client, q="prison", page=2) == [f"Prison {n}" for n in range(51, 56)]
    assert _listed(client, q="prison", page=99) == [f"Prison {n}" for n in range(51, 56)]


def test_overcrowded_places_say_so_in_words_in_the_list(personas, client):
    _place(personas, "Packed", capacity=100, population=130)
    _place(personas, "Full", capacity=1000, population=1000)
    body = client.get(reverse("places:place_list")).content.decode()
    assert body.count('<span class="occupancy__word">overcrowded</span>') == 1
    assert '130% <span class="occupancy__word">overcrowded' in body
    assert 'occupancy--near">100%</span>' in body


def test_the_list_costs_as_many_queries_for_sixty_places_as_for_five(
    personas, client, django_assert_num_queries
):
    def add(count: int) -> None:
        for _ in range(count):
            region = AreaFactory.create(institution=personas.institution_a)
            _place(personas, f"Place of {region.name}", area=region, population=120,
                   last_visited_on=timezone.localdate())  # fmt: skip

    url = reverse("places:place_list")
    add(5)
    client.get(url)  # the session settles on the first request
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url, {"sort": "-occupancy"}).context["page"].object_list) == 5
    add(55)
    with django_assert_num_queries(len(five.captured_queries)):
        assert len(client.get(url, {"sort": "-occupancy"}).context["page"].object_list) == 50


# --- other institutions -----------------------------------------------------------


def test_places_of_institution_b_never_appear(personas, client):
    _place(personas, "Ours")
    PlaceFactory.create(
        institution=personas.institution_b,
        name="Theirs",
        external_ref="B-1",
        latitude=Decimal("1.5"),
        longitude=Decimal("2.5"),
    )
    assert _listed(client) == ["Ours"]
    assert _listed(client, q="Theirs") == [] and _listed(client, q="B-1") == []
    assert [row[1] for row in _csv_rows(client)[1:]] == ["Ours"]
    assert client.get(reverse("places:place_map_data")).json() == {
        "total": 0,
        "extent": None,
        "places": [],
        "clusters": [],
    }


def test_an_area_of_institution_b_is_no_filter_in_institution_a(personas, client):
    area_b = AreaFactory.create(institution=personas.institution_b)
    PlaceFactory.create(institution=personas.institution_b, area=area_b, name="Theirs")
    _place(personas, "Ours")
    assert _listed(client, area=area_b.pk) == ["Ours"]  # not a choice: the filter is ignored


# --- exports and the map ------------------------------------------------------------


def _csv_rows(client, **query) -> list[list[str]]:
    response = client.get(reverse("places:place_export", args=["csv"]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_csv_export_holds_the_filtered_places_in_the_import_columns(personas, client):
    north = AreaFactory.create(institution=personas.institution_a, name="North")
    hills = AreaFactory.create(
        institution=personas.institution_a, name="Hills", level=2, parent=north
    )
    _place(personas, "Hill Prison", external_ref="PRI-1", area=hills, capacity=80,
           latitude=Decimal("47.918"), longitude=Decimal("106.917"), notes="Two wings")  # fmt: skip
    _place(personas, "Lock-up", external_ref="POL-1")
    rows = _csv_rows(client, q="prison")
    assert rows[0][:7] == [
        "external_ref", "name", "kind", "authority", "region", "province", "district",
    ]  # fmt: skip
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["external_ref"] == "PRI-1"
    assert (record["region"], record["province"], record["district"]) == ("North", "Hills", "")
    assert (record["capacity"], record["latitude"], record["notes"]) == (
        "80",
        "47.918000",
        "Two wings",
    )
    assert sorted(r[0] for r in _csv_rows(client)[1:]) == ["POL-1", "PRI-1"]


def test_the_xlsx_export_holds_the_same_filtered_places(personas, client):
    _place(personas, "Hill Prison", external_ref="PRI-1", capacity=80)
    _place(personas, "Lock-up", external_ref="POL-1", capacity=None)
    _place(personas, "River Prison", external_ref="PRI-2", status=Place.Status.CLOSED)
    response = client.get(
        reverse("places:place_export", args=["xlsx"]), {"q": "prison", "status": "open"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="vigil-places.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("external_ref", "name")
    assert [(r[0], r[1]) for r in rows[1:]] == [("PRI-1", "Hill Prison")]
    assert client.get(reverse("places:place_export", args=["pdf"])).status_code == 404


def test_the_map_data_holds_only_places_with_coordinates_and_follows_the_filters(personas, client):
    coordinates = {"latitude": Decimal("47.9"), "longitude": Decimal("106.9")}
    over = _place(personas, "Mapped prison", capacity=100, population=130, **coordinates)
    _place(personas, "Mapped lock-up", capacity=None, kind=builtin_kind("police_station"),
           **coordinates)  # fmt: skip
    _place(personas, "Unmapped prison", capacity=100, population=130)
    data = client.get(reverse("places:place_map_data")).json()["places"]
    assert sorted(p["name"] for p in data) == ["Mapped lock-up", "Mapped prison"]
    filtered = client.get(reverse("places:place_map_data"), {"band": "critical"}).json()["places"]
    assert filtered == []
    [point] = client.get(reverse("places:place_map_data"), {"q": "prison"}).json()["places"]
    assert point == {
        "name": "Mapped prison",
        "lat": 47.9,
        "lon": 106.9,
        "kind": "Police station or lock-up",
        "occupancy": 130.0,
        "band": "over",
        "url": reverse("places:place_detail", args=[over.pk]),
    }
