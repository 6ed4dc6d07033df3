"""The places that searchable choices offer (ADR 0017)."""

from __future__ import annotations

from django.db.models import QuerySet

from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.searchable import Lookup
from vigil.places.models import Place


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
