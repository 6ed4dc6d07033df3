"""What the risk reads share: numbers from stored explanations, and the places' vocabularies
as the filters offer them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet

from vigil.core.models import Membership
from vigil.places.models import AdministrativeArea, Authority, PlaceKind

ZERO = Decimal(0)


def decimal_or_zero(value: Any) -> Decimal:
    """A stored figure ("2.5") as a number; anything odd or infinite reads as 0."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ZERO
    return number if number.is_finite() else ZERO


def place_kinds(actor: Membership) -> QuerySet[PlaceKind]:
    """The kinds of place a filter offers, in the catalogue's order."""
    return PlaceKind.objects.visible_to(actor).order_by("order", "name")


def place_authorities(actor: Membership) -> QuerySet[Authority]:
    return Authority.objects.for_actor(actor).order_by("name")


def areas_by_name(actor: Membership) -> QuerySet[AdministrativeArea]:
    return (
        AdministrativeArea.objects.for_actor(actor)
        .select_related("parent__parent")
        .order_by("name")
    )


def areas_by_level(actor: Membership) -> QuerySet[AdministrativeArea]:
    """Regions first, then the areas inside them."""
    return (
        AdministrativeArea.objects.for_actor(actor)
        .select_related("parent")
        .order_by("level", "name")
    )
