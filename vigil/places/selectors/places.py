"""Reads of the places in the register: the filtered list, one place, the map and the export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.core.selectors import narrowed
from vigil.places.models import OVERCROWDED_ABOVE, AdministrativeArea, Band, Place
from vigil.places.selectors.register import area_and_descendants, area_path

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "occupancy": ("occupancy", "name"),
    "-occupancy": ("-occupancy", "name"),
    "capacity": ("capacity", "name"),
    "-capacity": ("-capacity", "name"),
    "population": ("population", "name"),
    "-population": ("-population", "name"),
    "last_visit": ("last_visited_on", "name"),
    "-last_visit": ("-last_visited_on", "name"),
}

LAST_VISIT_CHOICES = [
    ("never", _("Never visited")),
    ("6", _("Not in the last 6 months")),
    ("12", _("Not in the last 12 months")),
    ("24", _("Not in the last 2 years")),
]


@dataclass
class PlaceFilters:
    q: str = ""
    kind: int | None = None
    authority: int | None = None
    area: int | None = None
    band: str = ""
    last_visit: str = ""
    status: str = ""
    sort: str = "name"


# --- occupancy, computed by the database -------------------------------------------------


def rate_expression() -> Case:
    """`occupancy_rate`, computed by the database (NULL when unknown)."""
    return Case(
        When(
            Q(capacity__gt=0) & Q(population__isnull=False),
            then=ExpressionWrapper(
                F("population") * 100.0 / F("capacity"), output_field=FloatField()
            ),
        ),
        default=Value(None, output_field=FloatField()),
        output_field=FloatField(),
    )


def _rate_reaches(percent: Decimal) -> GreaterThanOrEqual:
    """`occupancy_rate(...) >= percent`, in whole numbers, so every database agrees with Python.

    The rate is rounded half up to 0.1, so it reaches `percent` once population * 100 /
    capacity reaches percent - 0.05, that is once population * 2000 >= (percent * 20 - 1) *
    capacity. Big integers, as 2000 * population overflows a PostgreSQL integer.
    """
    factor = int(percent * 20 - 1)
    return GreaterThanOrEqual(
        Cast("population", BigIntegerField()) * 2000,
        Cast("capacity", BigIntegerField()) * factor,
    )


def band_filter(band: str) -> Q:
    """The places whose `band_of(occupancy_rate(...))` is `band`."""
    known = Q(capacity__gt=0, population__isnull=False)
    reaches_near, reaches_over, reaches_critical = (
        _rate_reaches(Decimal("80")),
        _rate_reaches(OVERCROWDED_ABOVE + Decimal("0.1")),
        _rate_reaches(Decimal("150.1")),
    )
    return {
        Band.UNKNOWN: ~known,
        Band.UNDER: known & ~Q(reaches_near),
        Band.NEAR: known & Q(reaches_near) & ~Q(reaches_over),
        Band.OVER: known & Q(reaches_over) & ~Q(reaches_critical),
        Band.CRITICAL: known & Q(reaches_critical),
    }[Band(band)]


# --- the list, one place, the map ----------------------------------------------------------


def _months_ago(months: int) -> date:
    return timezone.localdate() - timedelta(days=round(months * 30.44))


def place_list(*, actor: Membership, filters: PlaceFilters | None = None) -> QuerySet[Place]:
    """The actor's places, filtered and sorted; unknown values sort last."""
    filters = filters or PlaceFilters()
    places = Place.objects.for_actor(actor).annotate(occupancy=rate_expression())
    if filters.q:
        places = places.filter(Q(name__icontains=filters.q) | Q(external_ref__iexact=filters.q))
    places = narrowed(
        places,
        {"kind_id": filters.kind, "authority_id": filters.authority, "status": filters.status},
    )
    if filters.area:
        places = places.filter(area_id__in=area_and_descendants(actor, filters.area))
    if filters.band:
        places = places.filter(band_filter(filters.band))
    if filters.last_visit == "never":
        places = places.filter(last_visited_on__isnull=True)
    elif filters.last_visit.isdigit():
        cutoff = _months_ago(int(filters.last_visit))
        places = places.filter(Q(last_visited_on__lt=cutoff) | Q(last_visited_on__isnull=True))
    ordering = [
        F(key[1:]).desc(nulls_last=True) if key.startswith("-") else F(key).asc(nulls_last=True)
        for key in SORTS.get(filters.sort, SORTS["name"])
    ]
    return places.select_related("kind", "authority", "area").order_by(*ordering)


def place_get(*, actor: Membership, pk: Any) -> Place:
    """One place of the actor's institution, or 404."""
    places = Place.objects.select_related("kind", "authority", "area__parent__parent")
    return get_for_actor(places, actor=actor, pk=pk)


def places_on_map(
    *, actor: Membership, filters: PlaceFilters | None = None
) -> list[dict[str, Any]]:
    """The listed places that have coordinates, as the map's points need them."""
    places = place_list(actor=actor, filters=filters).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    return [
        dict(row)
        for row in places.values(
            "pk",
            "name",
            "latitude",
            "longitude",
            "kind__name",
            "status",
            "capacity",
            "population",
        )
    ]


# --- the export, in the import's own columns ----------------------------------------------


def _area_columns(area: AdministrativeArea | None) -> list[str]:
    """Region, province and district, empty where the area is less deep."""
    path = area_path(area)
    return path + [""] * (3 - len(path))


def place_export_rows(places: QuerySet[Place]) -> Iterator[list[Any]]:
    """The places as rows of the places import (PLACE_COLUMNS)."""
    for place in places.select_related("kind", "authority", "area__parent__parent").iterator(
        chunk_size=2000
    ):
        yield [
            place.external_ref,
            place.name,
            place.kind.code,
            place.authority.name,
            *_area_columns(place.area),
            place.address,
            place.latitude,
            place.longitude,
            place.capacity,
            place.held,
            place.regime,
            place.status,
            place.notes,
        ]
