"""Places through the API: the list as the register page filters it, one place with its ETag,
adding and changing a place through the same services, and their audit events."""

from __future__ import annotations

import pytest

from vigil.api.tests.support import api_for
from vigil.core.models import AuditEvent
from vigil.places.models import Place
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory, builtin_kind

pytestmark = pytest.mark.django_db


def test_monitor_lists_the_places_of_their_institution_only(personas):
    PlaceFactory.create(institution=personas.institution_a, name="Lock-up A")
    PlaceFactory.create(institution=personas.institution_b, name="Lock-up B")
    answer = api_for(personas.monitor).get("/api/v1/places/")
    assert answer.status_code == 200
    assert [p["name"] for p in answer.json()["results"]] == ["Lock-up A"]


def test_place_list_filters_as_the_register_page(personas):
    PlaceFactory.create(institution=personas.institution_a, name="Never seen")
    PlaceFactory.create(
        institution=personas.institution_a, name="Seen", last_visited_on="2099-01-01"
    )
    answer = api_for(personas.viewer).get("/api/v1/places/", last_visit="12")
    assert [p["name"] for p in answer.json()["results"]] == ["Never seen"]


def test_a_bad_filter_is_a_problem_naming_the_field(personas):
    answer = api_for(personas.viewer).get("/api/v1/places/", band="enormous")
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["errors"][0]["field"] == "band"


def test_monitor_adds_a_place_through_the_service_audited_as_api(personas):
    authority = AuthorityFactory.create(institution=personas.institution_a)
    body = {"name": "New lock-up", "kind": builtin_kind().pk, "authority": authority.pk}
    answer = api_for(personas.monitor).post("/api/v1/places/", body)
    assert answer.status_code == 201, answer.json()
    place = Place.objects.get(name="New lock-up")
    assert answer["ETag"] == f'"{place.version}"'
    event = AuditEvent.objects.get(action="place.created")
    assert (event.channel, event.target_id) == ("api", str(place.pk))


def test_another_institutions_authority_is_refused_by_name(personas):
    theirs = AuthorityFactory.create(institution=personas.institution_b)
    body = {"name": "X", "kind": builtin_kind().pk, "authority": theirs.pk}
    answer = api_for(personas.monitor).post("/api/v1/places/", body)
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"field": "authority", "detail": "That choice does not exist."}
    ]
    assert not Place.objects.filter(name="X").exists()


def test_an_update_with_the_current_etag_is_saved(personas):
    place = PlaceFactory.create(institution=personas.institution_a, capacity=10)
    api = api_for(personas.monitor)
    etag = api.get(f"/api/v1/places/{place.pk}/")["ETag"]
    answer = api.patch(f"/api/v1/places/{place.pk}/", {"capacity": 12}, if_match=etag)
    assert answer.status_code == 200, answer.json()
    place.refresh_from_db()
    assert place.capacity == 12
    assert answer["ETag"] == f'"{place.version}"' != etag


def test_a_stale_if_match_is_412_and_changes_nothing(personas):
    place = PlaceFactory.create(institution=personas.institution_a, capacity=10)
    api = api_for(personas.monitor)
    etag = api.get(f"/api/v1/places/{place.pk}/")["ETag"]
    assert (
        api.patch(f"/api/v1/places/{place.pk}/", {"capacity": 11}, if_match=etag).status_code == 200
    )
    stale = api.patch(f"/api/v1/places/{place.pk}/", {"capacity": 99}, if_match=etag)
    assert stale.status_code == 412
    assert stale.json()["changes"][0]["field"] == "capacity"
    place.refresh_from_db()
    assert place.capacity == 11


def test_an_update_without_if_match_is_428(personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    answer = api_for(personas.monitor).patch(f"/api/v1/places/{place.pk}/", {"capacity": 3})
    assert answer.status_code == 428


def test_bad_input_names_the_field_and_changes_nothing(personas):
    place = PlaceFactory.create(institution=personas.institution_a, capacity=10)
    api = api_for(personas.monitor)
    answer = api.patch(
        f"/api/v1/places/{place.pk}/", {"latitude": "12.5"}, if_match=f'"{place.version}"'
    )
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "longitude"
    place.refresh_from_db()
    assert place.version == 1


def test_the_place_list_costs_the_same_queries_for_few_and_many_places(personas, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.VIGIL_API_RATE = ""
    api = api_for(personas.viewer)
    counts = []
    for many in (2, 30):
        PlaceFactory.create_batch(many, institution=personas.institution_a)
        api.get("/api/v1/places/")
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/places/", page_size=100).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
