"""Reads of the register, always scoped by the acting membership."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.access import get_for_actor, scoped
from vigil.core.models import Membership
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind, PopulationSnapshot
from vigil.places.occupancy import band_filter, rate_expression

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


def kinds_for(actor: Membership) -> QuerySet[PlaceKind]:
    return PlaceKind.objects.filter(
        Q(institution__isnull=True) | Q(institution_id=actor.institution_id)
    )


def authorities_for(actor: Membership) -> QuerySet[Authority]:
    return scoped(Authority.objects.all(), actor=actor)


def areas_for(actor: Membership) -> QuerySet[AdministrativeArea]:
    return scoped(AdministrativeArea.objects.select_related("parent__parent"), actor=actor)


def area_and_descendants(actor: Membership, area_id: int) -> list[int]:
    """One query for all areas (a few hundred at most), then a walk in memory."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in scoped(AdministrativeArea.objects.all(), actor=actor).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found, queue = [], [area_id]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found


def _months_ago(months: int) -> date:
    return timezone.localdate() - timedelta(days=round(months * 30.44))


def place_list(*, actor: Membership, filters: PlaceFilters | None = None) -> QuerySet[Place]:
    filters = filters or PlaceFilters()
    places = scoped(Place.objects.all(), actor=actor).annotate(occupancy=rate_expression())
    if filters.q:
        places = places.filter(Q(name__icontains=filters.q) | Q(external_ref__iexact=filters.q))
    if filters.kind:
        places = places.filter(kind_id=filters.kind)
    if filters.authority:
        places = places.filter(authority_id=filters.authority)
    if filters.area:
        places = places.filter(area_id__in=area_and_descendants(actor, filters.area))
    if filters.band:
        places = places.filter(band_filter(filters.band))
    if filters.status:
        places = places.filter(status=filters.status)
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
    return get_for_actor(
        Place.objects.select_related("kind", "authority", "area__parent__parent"),
        actor=actor,
        pk=pk,
    )


def snapshots_of(*, actor: Membership, place: Place) -> QuerySet[PopulationSnapshot]:
    return scoped(PopulationSnapshot.objects.filter(place=place), actor=actor).order_by(
        "counted_on", "source"
    )


def snapshots_of_places(
    *, actor: Membership, places: QuerySet[Place]
) -> QuerySet[PopulationSnapshot]:
    return scoped(PopulationSnapshot.objects.filter(place__in=places.values("pk")), actor=actor)


def snapshot_get(*, actor: Membership, pk: Any) -> PopulationSnapshot:
    return get_for_actor(PopulationSnapshot.objects.select_related("place"), actor=actor, pk=pk)


def places_on_map(
    *, actor: Membership, filters: PlaceFilters | None = None
) -> list[dict[str, Any]]:
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
