"""The map's data reads only the view: places within its bounds, clusters where too many are
in view to read one by one, and a clear refusal of a malformed view (issue 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.places.selectors import places as selectors
from vigil.places.tests.factories import PlaceFactory


@pytest.fixture
def client(personas):
    return client_for(personas.viewer)


def _at(personas, name: str, lat: str, lon: str, **values):
    return PlaceFactory.create(
        institution=personas.institution_a,
        name=name,
        latitude=Decimal(lat),
        longitude=Decimal(lon),
        **values,
    )


def _data(client, **query):
    response = client.get(reverse("places:place_map_data"), query)
    assert response.status_code == 200, response.content
    return response.json()


def test_without_a_view_the_data_covers_every_listed_place_and_gives_their_extent(personas, client):
    _at(personas, "North Prison", "18.5", "121.0")
    _at(personas, "South Prison", "6.25", "125.5")
    data = _data(client)
    assert data["total"] == 2
    assert data["extent"] == [6.25, 121.0, 18.5, 125.5]
    assert sorted(p["name"] for p in data["places"]) == ["North Prison", "South Prison"]
    assert data["clusters"] == []


def test_a_view_holds_only_the_places_within_its_bounds(personas, client):
    _at(personas, "North Prison", "18.5", "121.0")
    _at(personas, "South Prison", "6.25", "125.5")
    PlaceFactory.create(
        institution=personas.institution_b,
        name="Theirs",
        latitude=Decimal("18.5"),
        longitude=Decimal("121.0"),
    )
    data = _data(client, bbox="17,120,19,122")
    assert [p["name"] for p in data["places"]] == ["North Prison"]
    assert data["total"] == 1 and data["extent"] is None
    assert _data(client, bbox="17,120,19,122", q="south")["places"] == []


def test_a_view_across_the_antimeridian_holds_both_sides(personas, client):
    _at(personas, "East", "-17.5", "179.5")
    _at(personas, "West", "-17.5", "-179.5")
    _at(personas, "Elsewhere", "-17.5", "170")
    data = _data(client, bbox="-18,179,-17,-179")
    assert sorted(p["name"] for p in data["places"]) == ["East", "West"]


def test_a_zoomed_out_view_past_the_poles_and_around_the_world_holds_every_place(personas, client):
    _at(personas, "North Prison", "18.5", "121.0")
    assert _data(client, bbox="-120,-500,120,500")["total"] == 1


def test_too_many_places_in_view_come_as_clusters_that_count_them(personas, client, monkeypatch):
    monkeypatch.setattr(selectors, "MAP_POINTS_MAX", 2)
    for n in range(3):
        _at(personas, f"Northern {n}", f"18.{n}", "121.0", capacity=100, population=200)
    _at(personas, "Southern", "6.25", "125.5", capacity=100, population=50)
    data = _data(client, bbox="5,120,20,127")
    assert data["places"] == [] and data["total"] == 4
    clusters = sorted(data["clusters"], key=lambda c: c["lat"])
    assert [(c["count"], c["overcrowded"]) for c in clusters] == [(1, 0), (3, 3)]
    north = clusters[1]
    assert north["south"] == 18.0 and north["north"] == 18.2
    assert north["west"] == north["east"] == 121.0
    # Zoomed in on the cluster, its places come one by one.
    assert len(_data(client, bbox="17.95,120.9,18.15,121.1")["places"]) == 2


@pytest.mark.parametrize("bbox", ["x", "1,2,3", "1,2,3,4,5", "10,0,5,1", "nan,0,1,1"])
def test_a_malformed_view_is_refused_with_the_field_named(personas, client, bbox):
    response = client.get(reverse("places:place_map_data"), {"bbox": bbox})
    assert response.status_code == 400
    assert "bbox" in response.json()["errors"]
