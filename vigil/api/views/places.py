"""Places, authorities, administrative areas and population counts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vigil.api.resources import Creates, Edits, Resource
from vigil.api.schema import documented
from vigil.api.selectors.records import population_list
from vigil.api.serializers import places as s
from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.places.selectors.places import PlaceFilters, place_get, place_list
from vigil.places.selectors.population import snapshot_get
from vigil.places.selectors.register import areas_for, authorities_for
from vigil.places.services.places import place_create, place_update

NAME_ORDER = {"name": ("name", "pk"), "-name": ("-name", "-pk"), "id": ("pk",), "-id": ("-pk",)}
PLACE = {
    "id": 12,
    "external_ref": "P-00012",
    "name": "Central Prison",
    "kind": {"id": 3, "name": "Prison"},
    "authority": {"id": 2, "name": "Prison Service"},
    "area": {"id": 5, "name": "North"},
    "address": "1 Hill Road",
    "latitude": "-1.292100",
    "longitude": "36.821900",
    "capacity": 800,
    "population": 1040,
    "population_on": "2026-11-01",
    "held": "men",
    "held_label": "Men",
    "regime": "both",
    "regime_label": "Remand and sentenced",
    "status": "open",
    "status_label": "Open",
    "closed_on": None,
    "last_visited_on": "2025-10-14",
    "notes": "",
    "version": 4,
    "updated_at": "2026-11-02T09:30:00Z",
}


@documented
class PlaceResource(Creates, Edits):
    resource, tag, noun, plural = "places", "places", "place", "places"
    about = "Places of detention in the register, with their latest population and last visit."
    capability, write_capability = Capability.VIEW_PLACES, Capability.MANAGE_PLACES
    output, filters, create_input, update_input = s.PlaceOut, s.PlaceFiltersIn, s.PlaceIn, s.PlaceIn
    orderings, default_ordering = NAME_ORDER, "name"
    example = PLACE
    input_example = {"name": "Central Prison", "kind": 3, "authority": 2, "capacity": 800}

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return place_list(actor=actor, filters=PlaceFilters(**filters))

    def record(self, actor: Membership, pk: Any) -> Any:
        return place_get(actor=actor, pk=pk)

    def create_record(self, actor: Membership, data: dict[str, Any]) -> Any:
        return place_create(actor=actor, **data)

    def update_record(self, actor: Membership, record: Any, data: dict[str, Any]) -> Any:
        return place_update(actor=actor, place=record, **data)


@documented
class AuthorityResource(Resource):
    resource, tag, noun, plural = "authorities", "places", "authority", "authorities"
    about = "Who runs places and receives recommendations."
    capability = Capability.VIEW_PLACES
    output, orderings, default_ordering = s.AuthorityOut, NAME_ORDER, "name"
    example = {
        "id": 2,
        "name": "Prison Service",
        "kind": "prison_service",
        "kind_label": "Prison service",
        "notes": "",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return authorities_for(actor)

    def record(self, actor: Membership, pk: Any) -> Any:
        return get_for_actor(authorities_for(actor), actor=actor, pk=pk)


@documented
class AreaResource(Resource):
    resource, tag, noun, plural = "areas", "places", "administrative area", "administrative areas"
    about = "Regions, provinces and districts; `parent` is the id of the area above."
    capability = Capability.VIEW_PLACES
    output, orderings, default_ordering = s.AreaOut, NAME_ORDER, "name"
    example = {"id": 5, "name": "North", "level": 1, "level_label": "Region", "parent": None}

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return areas_for(actor)

    def record(self, actor: Membership, pk: Any) -> Any:
        return get_for_actor(areas_for(actor), actor=actor, pk=pk)


@documented
class PopulationResource(Resource):
    resource, tag, noun, plural = "population", "places", "population count", "population counts"
    about = "Counts of the people held in a place on a day, by group."
    capability = Capability.VIEW_PLACES
    output, filters = s.PopulationOut, s.PopulationFiltersIn
    orderings = {
        "counted_on": ("counted_on", "pk"),
        "-counted_on": ("-counted_on", "-pk"),
        "id": ("pk",),
        "-id": ("-pk",),
    }
    default_ordering = "-counted_on"
    example = {
        "id": 40,
        "place": 12,
        "counted_on": "2026-11-01",
        "total": 1040,
        "women": 0,
        "juveniles": 12,
        "foreign_nationals": 30,
        "pre_trial": 610,
        "disabilities": 9,
        "source": "official",
        "source_label": "Official figure",
        "note": "",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return population_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return snapshot_get(actor=actor, pk=pk)
