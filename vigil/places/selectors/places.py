"""Reads of the places in the register: the filtered list, one place, the map and the export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    BigIntegerField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Floor, Mod
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.core.overview import Step
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


def places_listed(*, actor: Membership, filters: PlaceFilters | None = None) -> QuerySet[Place]:
    """The actor's places, filtered and sorted (unknown values last), without their related
    rows: what the list counts and pages."""
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
    return places.order_by(*ordering)


def place_list_rows(places: QuerySet[Place]) -> QuerySet[Place]:
    """`places` with what a row of the list shows beside its own columns."""
    return places.select_related("kind", "authority", "area")


def place_list(*, actor: Membership, filters: PlaceFilters | None = None) -> QuerySet[Place]:
    """The listed places with their related rows (exports and the map read them all)."""
    return place_list_rows(places_listed(actor=actor, filters=filters))


def place_get(*, actor: Membership, pk: Any) -> Place:
    """One place of the actor's institution, or 404."""
    places = Place.objects.select_related("kind", "authority", "area__parent__parent")
    return get_for_actor(places, actor=actor, pk=pk)


def _mapped(actor: Membership, filters: PlaceFilters | None) -> QuerySet[Place]:
    return place_list(actor=actor, filters=filters).filter(
        latitude__isnull=False, longitude__isnull=False
    )


def places_on_map(
    *, actor: Membership, filters: PlaceFilters | None = None, bbox: BoundingBox | None = None
) -> list[dict[str, Any]]:
    """The listed places that have coordinates (within `bbox` when given), as the map's
    points need them."""
    places = _mapped(actor, filters)
    if bbox is not None:
        places = places.filter(bbox.q())
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


@dataclass(frozen=True)
class BoundingBox:
    """A part of the map: south, west, north and east edges, in degrees."""

    south: float
    west: float
    north: float
    east: float

    def q(self) -> Q:
        latitude = Q(latitude__gte=self.south, latitude__lte=self.north)
        if self.west <= self.east:
            return latitude & Q(longitude__gte=self.west, longitude__lte=self.east)
        # Across the antimeridian: the two sides of it.
        return latitude & (Q(longitude__gte=self.west) | Q(longitude__lte=self.east))


@dataclass
class MapView:
    """What the map draws for a view: the places themselves while they are few enough to
    draw and read one by one, else clusters of them on a grid over the view."""

    total: int
    extent: BoundingBox | None  # of every listed place, for the first view
    places: list[dict[str, Any]]
    clusters: list[dict[str, Any]]


MAP_POINTS_MAX = 400  # beyond this many places in view, the map shows clusters
MAP_GRID = 12  # clusters on a grid of MAP_GRID × MAP_GRID cells over the view


def _extent(places: QuerySet[Place]) -> BoundingBox | None:
    ends = places.order_by().aggregate(
        south=Min("latitude"), west=Min("longitude"), north=Max("latitude"), east=Max("longitude")
    )
    if ends["south"] is None:
        return None
    return BoundingBox(*(float(ends[k]) for k in ("south", "west", "north", "east")))


def _clusters(places: QuerySet[Place], view: BoundingBox) -> list[dict[str, Any]]:
    """The places grouped by grid cell over `view`, counted in the database."""
    height = max(view.north - view.south, 1e-6) / MAP_GRID
    width = (view.east - view.west) % 360 or 360.0
    width = width / MAP_GRID
    overcrowded = band_filter(Band.OVER) | band_filter(Band.CRITICAL)
    rows = (
        places.order_by()
        .annotate(
            row=Floor((Cast("latitude", FloatField()) - view.south) / height),
            col=Floor(Mod(Cast("longitude", FloatField()) - view.west + 360.0, 360.0) / width),
        )
        .values("row", "col")
        .annotate(
            count=Count("pk"),
            overcrowded=Count("pk", filter=overcrowded),
            lat=Avg("latitude"),
            lon=Avg("longitude"),
            south=Min("latitude"),
            west=Min("longitude"),
            north=Max("latitude"),
            east=Max("longitude"),
        )
        .order_by("row", "col")
    )
    keys = ("lat", "lon", "south", "west", "north", "east")
    return [
        {
            "count": r["count"],
            "overcrowded": r["overcrowded"],
            **{k: round(float(r[k]), 5) for k in keys},
        }
        for r in rows
    ]


def map_view(
    *, actor: Membership, filters: PlaceFilters | None = None, bbox: BoundingBox | None = None
) -> MapView:
    """The map's content for the view `bbox` (or, with none, for every listed place)."""
    places = _mapped(actor, filters)
    extent = _extent(places) if bbox is None else None
    view = bbox or extent
    if view is None:
        return MapView(total=0, extent=None, places=[], clusters=[])
    in_view = places.filter(view.q())
    total = in_view.count()
    if total <= MAP_POINTS_MAX:
        points = places_on_map(actor=actor, filters=filters, bbox=view)
        return MapView(total=total, extent=extent, places=points, clusters=[])
    return MapView(total=total, extent=extent, places=[], clusters=_clusters(in_view, view))


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


def places_steps(actor: Membership) -> Iterable[Step]:
    """Getting started: the register of places comes first (issue 24)."""
    yield Step(
        "places",
        _("Import your places"),
        _("The places of detention under your mandate, from a spreadsheet."),
        reverse("core:import_upload", args=["places"]),
        Place.objects.for_actor(actor).exists(),
        order=10,
    )
