"""The register of places: who may add, edit and close places, and what the register refuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind
from vigil.places.selectors import register as register_selectors
from vigil.places.services import places as place_services
from vigil.places.services import register as register_services
from vigil.places.tests.factories import AreaFactory, AuthorityFactory, PlaceFactory, builtin_kind

READERS = ["viewer", "analyst", "investigator"]
KEEPERS = ["monitor", "admin"]


@pytest.fixture
def authority(personas):
    return AuthorityFactory.create(institution=personas.institution_a, name="National Police")


def _form(authority: Authority, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Central Police Lock-up",
        "external_ref": "POL-001",
        "kind": builtin_kind("police_station").pk,
        "authority": authority.pk,
        "area": "",
        "status": "open",
        "held": "mixed",
        "regime": "remand",
        "capacity": "40",
        "address": "1 Freedom Square",
        "latitude": "47.918",
        "longitude": "106.917",
        "notes": "",
    }
    data.update(overrides)
    return data


def _events(action: str, target: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, target_id=str(target.pk)).order_by("sequence")
    )


# --- who may do what ------------------------------------------------------------


@pytest.mark.parametrize("who", KEEPERS)
def test_monitors_and_admins_add_a_place_through_the_form(personas, authority, who):
    actor = getattr(personas, who)
    response = client_for(actor).post(reverse("places:place_create"), _form(authority))
    place = Place.objects.get(external_ref="POL-001")
    assert response.status_code == 302 and response["Location"] == reverse(
        "places:place_detail", args=[place.pk]
    )
    assert place.institution == personas.institution_a
    assert (place.name, place.capacity, place.latitude) == (
        "Central Police Lock-up",
        40,
        Decimal("47.918"),
    )
    [event] = _events("place.created", place)
    assert (event.actor, event.institution) == (actor.user, personas.institution_a)


@pytest.mark.parametrize("who", KEEPERS)
def test_monitors_and_admins_edit_a_place_and_the_event_names_the_fields(personas, authority, who):
    place = PlaceFactory.create(institution=personas.institution_a, authority=authority)
    data = _form(authority, external_ref=place.external_ref, name="Renamed lock-up", capacity="55")
    data["version"] = place.version
    response = client_for(getattr(personas, who)).post(
        reverse("places:place_edit", args=[place.pk]), data
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.name, place.capacity) == ("Renamed lock-up", 55)
    [event] = _events("place.updated", place)
    assert {"name", "capacity"} <= set(event.details["fields"])


def test_saving_a_place_unchanged_writes_no_event(personas, authority):
    place = place_services.place_create(
        actor=personas.monitor, **_values(authority, external_ref="P-7", name="Same")
    )
    place_services.place_update(
        actor=personas.monitor, place=place, **_values(authority, external_ref="P-7", name="Same")
    )
    assert _events("place.updated", place) == []


@pytest.mark.parametrize("who", KEEPERS)
def test_monitors_and_admins_close_a_place_and_its_history_stays(personas, who):
    place = PlaceFactory.create(institution=personas.institution_a)
    response = client_for(getattr(personas, who)).post(
        reverse("places:place_close", args=[place.pk])
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.status == Place.Status.CLOSED
    # "Today" where the institution is, not where the server is.
    assert place.closed_on == timezone.localdate(
        timezone=ZoneInfo(personas.institution_a.time_zone)
    )
    [event] = _events("place.updated", place)
    assert event.details["fields"] == ["closed_on", "status"]
    page = client_for(personas.viewer).get(reverse("places:place_detail", args=[place.pk]))
    assert page.status_code == 200 and "Closed" in page.content.decode()


def test_reopening_a_closed_place_clears_its_closing_date(personas, authority):
    place = PlaceFactory.create(institution=personas.institution_a, authority=authority)
    place_services.place_close(actor=personas.monitor, place=place)
    place = place_services.place_update(
        actor=personas.monitor, place=place, status=Place.Status.OPEN
    )
    place.refresh_from_db()
    assert (place.status, place.closed_on) == (Place.Status.OPEN, None)


@pytest.mark.parametrize("who", READERS)
def test_readers_see_the_register_but_may_not_change_it(personas, authority, who):
    place = PlaceFactory.create(institution=personas.institution_a, name="Eastern Prison")
    client = client_for(getattr(personas, who))
    listed = client.get(reverse("places:place_list"))
    assert listed.status_code == 200 and "Eastern Prison" in listed.content.decode()
    assert reverse("places:place_create") not in listed.content.decode()
    detail = client.get(reverse("places:place_detail", args=[place.pk]))
    assert detail.status_code == 200
    assert reverse("places:place_edit", args=[place.pk]) not in detail.content.decode()
    assert client.get(reverse("places:place_create")).status_code == 403
    assert client.post(reverse("places:place_create"), _form(authority)).status_code == 403
    assert client.get(reverse("places:place_edit", args=[place.pk])).status_code == 403
    edit = client.post(
        reverse("places:place_edit", args=[place.pk]), _form(authority, name="Hacked")
    )
    assert edit.status_code == 403
    assert client.post(reverse("places:place_close", args=[place.pk])).status_code == 403
    place.refresh_from_db()
    assert (place.name, place.status) == ("Eastern Prison", Place.Status.OPEN)
    assert Place.objects.count() == 1


@pytest.mark.parametrize("who", READERS)
def test_the_services_refuse_readers(personas, authority, who):
    actor = getattr(personas, who)
    place = PlaceFactory.create(institution=personas.institution_a)
    region = AreaFactory.create(institution=personas.institution_a)
    calls = [
        lambda: place_services.place_create(actor=actor, **_values(authority)),
        lambda: place_services.place_update(actor=actor, place=place, name="Other"),
        lambda: place_services.place_close(actor=actor, place=place),
        lambda: register_services.authority_create(actor=actor, name="Army", kind="military"),
        lambda: register_services.area_create(actor=actor, name="P", level=2, parent=region),
        lambda: register_services.kind_create(actor=actor, name="Migrant shelter"),
    ]
    events = AuditEvent.objects.count()
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", READERS)
def test_readers_cannot_add_authorities_areas_or_kinds_through_the_page(personas, who):
    client = client_for(getattr(personas, who))
    page = client.get(reverse("places:register_settings"))
    assert page.status_code == 200 and 'value="authority"' not in page.content.decode()
    response = client.post(
        reverse("places:register_settings"),
        {"action": "authority", "authority-name": "Army", "authority-kind": "military"},
    )
    assert response.status_code == 403
    assert not Authority.objects.exists()


def _values(authority: Authority, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "external_ref": "P-1",
        "name": "North Prison",
        "kind": builtin_kind("prison_sentenced"),
        "authority": authority,
    }
    values.update(overrides)
    return values


# --- what the register refuses --------------------------------------------------


def test_a_reference_used_by_another_place_is_refused_on_its_field(personas, authority):
    PlaceFactory.create(institution=personas.institution_a, external_ref="POL-001")
    response = client_for(personas.monitor).post(reverse("places:place_create"), _form(authority))
    assert response.status_code == 400
    assert response.context["form"].errors["external_ref"] == [
        "Another place already has this reference."
    ]
    assert Place.objects.filter(external_ref="POL-001").count() == 1


def test_editing_a_place_onto_anothers_reference_is_refused(personas, authority):
    PlaceFactory.create(institution=personas.institution_a, external_ref="TAKEN")
    place = PlaceFactory.create(institution=personas.institution_a, external_ref="MINE")
    with pytest.raises(ValidationError) as error:
        place_services.place_update(actor=personas.monitor, place=place, external_ref="TAKEN")
    assert list(error.value.error_dict) == ["external_ref"]
    place.refresh_from_db()
    assert place.external_ref == "MINE"


def test_another_institution_may_use_the_same_reference(personas):
    PlaceFactory.create(institution=personas.institution_a, external_ref="P-1")
    authority_b = AuthorityFactory.create(institution=personas.institution_b)
    place = place_services.place_create(actor=personas.monitor_b, **_values(authority_b))
    assert place.external_ref == "P-1"


def test_a_place_without_a_reference_is_given_the_next_free_one(personas, authority):
    PlaceFactory.create(institution=personas.institution_a, external_ref="P-00002")
    response = client_for(personas.monitor).post(
        reverse("places:place_create"), _form(authority, external_ref="")
    )
    assert response.status_code == 302
    assert Place.objects.filter(external_ref="P-00003", name="Central Police Lock-up").exists()


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("47.9", "", "longitude", "Give both latitude and longitude, or neither."),
        ("", "106.9", "longitude", "Give both latitude and longitude, or neither."),
        ("90.5", "106.9", "latitude", "Latitude must be between -90 and 90."),
        ("-91", "106.9", "latitude", "Latitude must be between -90 and 90."),
        ("47.9", "180.01", "longitude", "Longitude must be between -180 and 180."),
        ("47.9", "-181", "longitude", "Longitude must be between -180 and 180."),
    ],
)
def test_coordinates_must_be_a_real_point_or_none(
    personas, authority, latitude, longitude, field, message
):
    response = client_for(personas.monitor).post(
        reverse("places:place_create"), _form(authority, latitude=latitude, longitude=longitude)
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Place.objects.exists()


@pytest.mark.parametrize(("latitude", "longitude"), [("", ""), ("-90", "180"), ("90", "-180")])
def test_coordinates_at_the_limits_or_none_are_accepted(personas, authority, latitude, longitude):
    response = client_for(personas.monitor).post(
        reverse("places:place_create"), _form(authority, latitude=latitude, longitude=longitude)
    )
    assert response.status_code == 302


def test_an_authority_or_area_of_institution_b_is_not_offered_nor_accepted(personas, authority):
    authority_b = AuthorityFactory.create(institution=personas.institution_b, name="B police")
    area_b = AreaFactory.create(institution=personas.institution_b, name="B region")
    client = client_for(personas.monitor)
    page = client.get(reverse("places:place_create")).content.decode()
    assert "B police" not in page and "B region" not in page
    data = _form(authority) | {"authority": authority_b.pk, "area": area_b.pk}
    response = client.post(reverse("places:place_create"), data)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"authority", "area"}
    for values in ({"authority": authority_b}, {"area": area_b}):
        with pytest.raises(ValidationError, match="That choice does not exist"):
            place_services.place_create(actor=personas.monitor, **(_values(authority) | values))
    place = PlaceFactory.create(institution=personas.institution_a, authority=authority)
    with pytest.raises(ValidationError):
        place_services.place_update(actor=personas.monitor, place=place, authority=authority_b)
    assert Place.objects.get().authority == authority


def test_a_place_of_institution_b_cannot_be_edited_through_the_service(personas, authority):
    place_b = PlaceFactory.create(institution=personas.institution_b, name="B prison")
    with pytest.raises(Place.DoesNotExist):
        place_services.place_update(actor=personas.monitor, place=place_b, name="Taken over")
    place_b.refresh_from_db()
    assert place_b.name == "B prison"


# --- authorities and areas ------------------------------------------------------


def test_authorities_are_added_once_by_name_whatever_the_case_and_spacing(personas):
    client = client_for(personas.admin)
    response = client.post(
        reverse("places:register_settings"),
        {
            "action": "authority",
            "authority-name": "  Prison   Service ",
            "authority-kind": "prison_service",
        },
    )
    assert response.status_code == 302
    authority = Authority.objects.get(institution=personas.institution_a)
    assert (authority.name, authority.kind) == ("Prison Service", "prison_service")
    assert _events("authority.created", authority)
    again = client.post(
        reverse("places:register_settings"),
        {"action": "authority", "authority-name": "prison service", "authority-kind": "other"},
    )
    assert again.status_code == 400
    assert again.context["forms"]["authority"].errors["name"] == [
        "An authority with this name exists already."
    ]
    assert Authority.objects.count() == 1


def test_areas_nest_region_province_district(personas):
    actor = personas.monitor
    region = register_services.area_create(actor=actor, name="North", level=1, parent=None)
    province = register_services.area_create(actor=actor, name="Hills", level=2, parent=region)
    district = register_services.area_create(actor=actor, name="Pass", level=3, parent=province)
    assert district.parent.parent == region
    for area in (region, province, district):
        assert _events("area.created", area)


@pytest.mark.parametrize(
    ("level", "parent_level"),
    [(2, None), (3, None), (3, 1), (2, 2), (1, 1), (2, 3)],
)
def test_an_area_must_sit_one_level_below_its_parent(personas, level, parent_level):
    actor = personas.monitor
    chain: dict[int, AdministrativeArea] = {}
    chain[1] = register_services.area_create(actor=actor, name="North", level=1, parent=None)
    chain[2] = register_services.area_create(actor=actor, name="Hills", level=2, parent=chain[1])
    chain[3] = register_services.area_create(actor=actor, name="Pass", level=3, parent=chain[2])
    with pytest.raises(ValidationError) as error:
        register_services.area_create(
            actor=actor, name="New", level=level, parent=chain.get(parent_level or 0)
        )
    assert list(error.value.error_dict) == ["parent"]
    assert AdministrativeArea.objects.count() == 3


def test_the_page_names_the_parent_field_when_a_province_has_no_region(personas):
    response = client_for(personas.monitor).post(
        reverse("places:register_settings"),
        {"action": "area", "area-name": "Hills", "area-level": "2"},
    )
    assert response.status_code == 400
    assert response.context["forms"]["area"].errors["parent"] == [
        "A province belongs to a region, and a district to a province."
    ]
    assert not AdministrativeArea.objects.exists()


def test_an_area_name_is_unique_under_its_parent_only(personas):
    actor = personas.monitor
    north = register_services.area_create(actor=actor, name="North", level=1, parent=None)
    south = register_services.area_create(actor=actor, name="South", level=1, parent=None)
    register_services.area_create(actor=actor, name="Central", level=2, parent=north)
    register_services.area_create(actor=actor, name="Central", level=2, parent=south)
    with pytest.raises(ValidationError) as error:
        register_services.area_create(actor=actor, name="central", level=2, parent=north)
    assert list(error.value.error_dict) == ["name"]


def test_an_area_of_institution_b_cannot_be_a_parent(personas):
    region_b = AreaFactory.create(institution=personas.institution_b)
    with pytest.raises(ValidationError):
        register_services.area_create(
            actor=personas.monitor, name="Hills", level=2, parent=region_b
        )
    response = client_for(personas.monitor).post(
        reverse("places:register_settings"),
        {"action": "area", "area-name": "Hills", "area-level": "2", "area-parent": region_b.pk},
    )
    assert "parent" in response.context["forms"]["area"].errors
    assert not AdministrativeArea.objects.filter(institution=personas.institution_a).exists()


# --- kinds of place -------------------------------------------------------------


def test_the_builtin_kinds_of_place_are_there_for_every_institution(personas):
    codes = set(register_selectors.kinds_for(personas.monitor).values_list("code", flat=True))
    assert {
        "prison_remand",
        "prison_sentenced",
        "police_station",
        "immigration_detention",
        "psychiatric_hospital",
        "social_care_institution",
        "juvenile_detention",
        "transit_zone",
        "other",
    } <= codes
    assert codes == set(
        register_selectors.kinds_for(personas.monitor_b).values_list("code", flat=True)
    )
    page = client_for(personas.viewer).get(reverse("places:register_settings")).content.decode()
    assert "Psychiatric hospital or closed ward" in page


def test_an_institution_adds_its_own_kind_which_the_other_does_not_see(personas):
    response = client_for(personas.monitor).post(
        reverse("places:register_settings"), {"action": "kind", "kind-name": "Migrant shelter"}
    )
    assert response.status_code == 302
    kind = PlaceKind.objects.get(name="Migrant shelter")
    assert (kind.institution, kind.code) == (personas.institution_a, "migrant-shelter")
    assert _events("place_kind.created", kind)
    assert kind in register_selectors.kinds_for(personas.viewer)
    assert kind not in register_selectors.kinds_for(personas.monitor_b)
    client_b = client_for(personas.monitor_b)
    assert (
        "Migrant shelter" not in client_b.get(reverse("places:register_settings")).content.decode()
    )
    assert "Migrant shelter" not in client_b.get(reverse("places:place_create")).content.decode()
    authority_b = AuthorityFactory.create(institution=personas.institution_b)
    with pytest.raises(ValidationError):
        place_services.place_create(actor=personas.monitor_b, **_values(authority_b, kind=kind))
    # Institution B may add a kind of the same name: it is its own.
    own = register_services.kind_create(actor=personas.monitor_b, name="Migrant shelter")
    assert own.institution == personas.institution_b and own.pk != kind.pk


@pytest.mark.parametrize("name", ["Other", "police station or LOCK-UP"])
def test_a_kind_named_like_a_builtin_is_refused(personas, name):
    with pytest.raises(ValidationError) as error:
        register_services.kind_create(actor=personas.monitor, name=name)
    assert list(error.value.error_dict) == ["name"]
    assert not PlaceKind.objects.filter(institution=personas.institution_a).exists()


def test_a_kind_named_like_an_existing_own_kind_is_refused(personas):
    register_services.kind_create(actor=personas.monitor, name="Migrant shelter")
    with pytest.raises(ValidationError):
        register_services.kind_create(actor=personas.monitor, name="migrant  SHELTER")
