"""Population counts of a place, and the occupancy computed from them."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.core.tests.properties import database_examples
from vigil.places.models import Band, Place, PopulationSnapshot, band_of, occupancy_rate
from vigil.places.selectors.places import PlaceFilters, place_list
from vigil.places.services import population as services
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory, SnapshotFactory


@pytest.fixture
def place(personas):
    return PlaceFactory.create(institution=personas.institution_a, capacity=200)


def _record(actor, place, **values):
    values.setdefault("source", PopulationSnapshot.Source.OFFICIAL)
    values.setdefault("counted_on", date(2025, 3, 1))
    return services.population_record(actor=actor, place=place, **values)


def test_recording_a_count_updates_the_places_latest_population(personas, place):
    _record(personas.monitor, place, counted_on=date(2025, 1, 10), total=150)
    _record(personas.monitor, place, counted_on=date(2025, 3, 10), total=230, women=12)
    _record(personas.monitor, place, counted_on=date(2024, 12, 1), total=90)  # older: not latest
    place.refresh_from_db()
    assert (place.population, place.population_on) == (230, date(2025, 3, 10))
    events = AuditEvent.objects.filter(action="population.recorded", institution=place.institution)
    assert events.count() == 3


def test_a_count_is_recorded_through_the_place_page(personas, place):
    response = client_for(personas.monitor).post(
        reverse("places:population_add", args=[place.pk]),
        {"counted_on": "2025-02-01", "source": "observed", "total": "240", "juveniles": "3"},
    )
    assert response.status_code == 302
    snapshot = PopulationSnapshot.objects.get(place=place)
    assert (snapshot.total, snapshot.juveniles, snapshot.source) == (240, 3, "observed")
    assert snapshot.recorded_by == personas.monitor.user
    place.refresh_from_db()
    assert place.population == 240


@pytest.mark.parametrize(
    "part", ["women", "juveniles", "foreign_nationals", "pre_trial", "disabilities"]
)
def test_a_part_bigger_than_the_total_is_refused_naming_the_field(personas, place, part):
    with pytest.raises(ValidationError) as error:
        _record(personas.monitor, place, total=10, **{part: 11})
    assert list(error.value.error_dict) == [part]
    assert not PopulationSnapshot.objects.exists()
    place.refresh_from_db()
    assert place.population is None


def test_a_part_equal_to_the_total_is_accepted(personas, place):
    _record(personas.monitor, place, total=10, women=10, juveniles=0)
    assert PopulationSnapshot.objects.get().women == 10


def test_the_page_shows_the_refusal_on_the_field_and_records_nothing(personas, place):
    response = client_for(personas.monitor).post(
        reverse("places:population_add", args=[place.pk]),
        {"counted_on": "2025-02-01", "source": "official", "total": "20", "pre_trial": "21"},
    )
    assert response.status_code == 400
    assert (
        "Cannot be more than the total."
        in response.context["population_form"].errors["pre_trial"][0]
    )
    assert not PopulationSnapshot.objects.exists()


def test_a_count_dated_in_the_future_is_refused(personas, place):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _record(personas.monitor, place, counted_on=tomorrow, total=10)
    assert "counted_on" in error.value.error_dict
    _record(personas.monitor, place, counted_on=timezone.localdate(), total=10)  # today is fine
    assert PopulationSnapshot.objects.count() == 1


def test_a_second_count_for_the_same_day_and_source_replaces_the_first(personas, place):
    first = _record(personas.monitor, place, counted_on=date(2025, 3, 1), total=180, women=20)
    response = client_for(personas.admin).post(
        reverse("places:population_add", args=[place.pk]),
        {"counted_on": "2025-03-01", "source": "official", "total": "185"},
    )
    assert response.status_code == 302
    snapshot = PopulationSnapshot.objects.get()
    assert snapshot.pk == first.pk
    assert (snapshot.total, snapshot.women, snapshot.recorded_by) == (
        185,
        None,
        personas.admin.user,
    )
    place.refresh_from_db()
    assert place.population == 185
    actions = list(
        AuditEvent.objects.filter(target_id=str(snapshot.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["population.recorded", "population.corrected"]


def test_another_source_on_the_same_day_is_a_separate_count(personas, place):
    _record(personas.monitor, place, total=180, source=PopulationSnapshot.Source.OFFICIAL)
    _record(personas.monitor, place, total=210, source=PopulationSnapshot.Source.OBSERVED)
    assert PopulationSnapshot.objects.count() == 2


def test_deleting_the_latest_count_falls_back_to_the_one_before(personas, place):
    _record(personas.monitor, place, counted_on=date(2025, 1, 1), total=150)
    latest = _record(personas.monitor, place, counted_on=date(2025, 2, 1), total=260)
    response = client_for(personas.monitor).post(
        reverse("places:population_delete", args=[latest.pk])
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.population, place.population_on) == (150, date(2025, 1, 1))
    assert AuditEvent.objects.filter(
        action="population.deleted", target_id=str(latest.pk), details__total=260
    ).exists()


def test_deleting_the_only_count_leaves_the_population_unknown(personas, place):
    only = _record(personas.monitor, place, total=150)
    services.population_delete(actor=personas.admin, snapshot=only)
    place.refresh_from_db()
    assert (place.population, place.population_on) == (None, None)


@pytest.mark.parametrize("who", ["viewer", "analyst", "investigator"])
def test_only_those_who_keep_the_register_record_or_delete_counts(personas, place, who):
    actor = getattr(personas, who)
    snapshot = SnapshotFactory.create(place=place)
    with pytest.raises(PermissionDenied):
        _record(actor, place, total=10)
    with pytest.raises(PermissionDenied):
        services.population_delete(actor=actor, snapshot=snapshot)
    client = client_for(actor)
    add = client.post(
        reverse("places:population_add", args=[place.pk]),
        {"counted_on": "2025-02-01", "source": "official", "total": "20"},
    )
    delete = client.post(reverse("places:population_delete", args=[snapshot.pk]))
    assert (add.status_code, delete.status_code) == (403, 403)
    assert list(PopulationSnapshot.objects.all()) == [snapshot]


def test_a_count_for_another_institutions_place_is_refused(personas, place):
    with pytest.raises(ValidationError):
        _record(personas.monitor_b, place, total=10)
    assert not PopulationSnapshot.objects.exists()


# --- occupancy ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "capacity", "rate", "band"),
    [
        (50, None, None, Band.UNKNOWN),
        (50, 0, None, Band.UNKNOWN),
        (None, 100, None, Band.UNKNOWN),
        (0, 100, Decimal("0.0"), Band.UNDER),
        (79, 100, Decimal("79.0"), Band.UNDER),
        (80, 100, Decimal("80.0"), Band.NEAR),
        (100, 100, Decimal("100.0"), Band.NEAR),
        (1001, 1000, Decimal("100.1"), Band.OVER),
        (150, 100, Decimal("150.0"), Band.OVER),
        (1501, 1000, Decimal("150.1"), Band.CRITICAL),
        (2, 3, Decimal("66.7"), Band.UNDER),
    ],
)
def test_occupancy_at_the_edges(population, capacity, rate, band):
    assert occupancy_rate(population, capacity) == rate
    assert band_of(occupancy_rate(population, capacity)) == band


def test_exactly_full_is_not_overcrowded_but_a_tenth_more_is_on_the_page(personas):
    full = PlaceFactory.create(institution=personas.institution_a, capacity=1000, population=1000)
    over = PlaceFactory.create(institution=personas.institution_a, capacity=1000, population=1001)
    client = client_for(personas.viewer)
    assert (
        "overcrowded"
        not in client.get(reverse("places:place_detail", args=[full.pk])).content.decode()
    )
    page = client.get(reverse("places:place_detail", args=[over.pk])).content.decode()
    assert "100.1%" in page and "overcrowded" in page


def test_a_place_with_zero_capacity_lists_as_unknown_without_dividing_by_zero(personas):
    place = PlaceFactory.create(institution=personas.institution_a, capacity=0, population=40)
    listed = place_list(actor=personas.viewer, filters=PlaceFilters(band=Band.UNKNOWN))
    assert [p.pk for p in listed] == [place.pk]
    assert listed[0].occupancy is None
    page = client_for(personas.viewer).get(reverse("places:place_detail", args=[place.pk]))
    assert page.status_code == 200


_counts = st.integers(min_value=0, max_value=60_000)
_capacities = st.integers(min_value=0, max_value=40_000)


@st.composite
def _near_an_edge(draw: st.DrawFn) -> tuple[int | None, int | None]:
    """A population within a few people of 80%, 100% or 150% of a capacity."""
    capacity = draw(st.integers(min_value=1, max_value=40_000))
    edge = draw(st.sampled_from([80, 100, 150]))
    return max(0, capacity * edge // 100 + draw(st.integers(-3, 3))), capacity


_places = st.lists(
    st.one_of(_near_an_edge(), st.tuples(st.none() | _counts, st.none() | _capacities)),
    min_size=1,
    max_size=10,
)


@pytest.mark.django_db
@database_examples(60)
@given(places=_places)
@example(places=[(1599, 2000), (2001, 2000), (3001, 2000), (10001, 10000), (2_000_000, 1)])
def test_the_band_filter_agrees_with_band_of(personas, places):
    with transaction.atomic():
        authority = AuthorityFactory.create(institution=personas.institution_a)
        created = Place.objects.bulk_create(
            PlaceFactory.build(
                institution=personas.institution_a,
                authority=authority,
                population=population,
                capacity=capacity,
            )
            for population, capacity in places
        )
        expected = {p.pk: band_of(occupancy_rate(p.population, p.capacity)).value for p in created}
        for band in Band:
            listed = place_list(actor=personas.viewer, filters=PlaceFilters(band=band))
            found = set(listed.values_list("pk", flat=True))
            wanted = {pk for pk, value in expected.items() if value == band}
            assert found == wanted, (band, [(p.population, p.capacity) for p in created])
        transaction.set_rollback(True)
