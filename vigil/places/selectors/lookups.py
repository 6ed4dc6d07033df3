"""The places that searchable choices offer (ADR 0022)."""

from __future__ import annotations

from django.db.models import QuerySet

from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.searchable import Lookup
from vigil.places.models import AdministrativeArea, Authority, Place
from vigil.places.selectors.register import area_path


def places_by_name(actor: Membership) -> QuerySet[Place]:
    """Every place of the institution, closed ones too (a past event may be in one)."""
    return Place.objects.for_actor(actor).order_by("name", "pk")


PLACE = Lookup(
    "place",
    Place,
    places_by_name,
    search=("name", "external_ref"),
    capability=Capability.VIEW_PLACES,
)


def authorities_by_name(actor: Membership) -> QuerySet[Authority]:
    return Authority.objects.for_actor(actor).order_by("name", "pk")


def areas_by_name(actor: Membership) -> QuerySet[AdministrativeArea]:
    """The institution's areas, with their parents for their paths."""
    return (
        AdministrativeArea.objects.for_actor(actor)
        .select_related("parent__parent")
        .order_by("name", "pk")
    )


def area_label(area: AdministrativeArea) -> str:
    """An area with its path: "Region › Province › District"."""
    return " › ".join(area_path(area))


def parent_areas_by_name(actor: Membership) -> QuerySet[AdministrativeArea]:
    """The areas a new area may belong to: regions and provinces (districts hold none)."""
    return areas_by_name(actor).exclude(level=AdministrativeArea.Level.DISTRICT)


AUTHORITY = Lookup(
    "authority",
    Authority,
    authorities_by_name,
    search=("name",),
    capability=Capability.VIEW_PLACES,
)
AREA = Lookup(
    "area",
    AdministrativeArea,
    areas_by_name,
    search=("name", "parent__name", "parent__parent__name"),
    label=area_label,
    capability=Capability.VIEW_PLACES,
)
PARENT_AREA = Lookup(
    "parent-area",
    AdministrativeArea,
    parent_areas_by_name,
    search=AREA.search,
    label=area_label,
    capability=Capability.VIEW_PLACES,
)
