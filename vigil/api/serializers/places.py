"""Places, authorities, areas and population counts."""

from __future__ import annotations

from rest_framework import serializers

from vigil.api.fields import ScopedRecord
from vigil.api.serializers.common import choice, label, named
from vigil.places.models import AdministrativeArea, Authority, Band, Place, PopulationSnapshot
from vigil.places.selectors.places import LAST_VISIT_CHOICES
from vigil.places.selectors.register import areas_for, authorities_for, kinds_for


class AuthorityOut(serializers.ModelSerializer):
    kind_label = label("kind")

    class Meta:
        model = Authority
        fields = ("id", "name", "kind", "kind_label", "notes")


class AreaOut(serializers.ModelSerializer):
    level_label = label("level")

    class Meta:
        model = AdministrativeArea
        fields = ("id", "name", "level", "level_label", "parent")


class PlaceOut(serializers.ModelSerializer):
    kind = named()
    authority = named()
    area = named(allow_null=True)
    status_label = label("status")
    held_label = label("held")
    regime_label = label("regime")

    class Meta:
        model = Place
        fields = (
            "id",
            "external_ref",
            "name",
            "kind",
            "authority",
            "area",
            "address",
            "latitude",
            "longitude",
            "capacity",
            "population",
            "population_on",
            "held",
            "held_label",
            "regime",
            "regime_label",
            "status",
            "status_label",
            "closed_on",
            "last_visited_on",
            "notes",
            "version",
            "updated_at",
        )


class PlaceFiltersIn(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200, help_text="Name or reference.")
    kind = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    authority = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    area = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    band = choice(Band.choices, required=False, help_text="Occupancy band.")
    last_visit = choice(
        LAST_VISIT_CHOICES,
        required=False,
        help_text="Never visited, or not in the last 6, 12 or 24 months.",
    )
    status = choice(Place.Status.choices, required=False)


class PlaceIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    external_ref = serializers.CharField(max_length=64, required=False, allow_blank=True)
    kind = ScopedRecord(kinds_for)
    authority = ScopedRecord(authorities_for)
    area = ScopedRecord(areas_for, required=False, allow_null=True)
    status = choice(Place.Status.choices, required=False)
    held = choice(Place.Held.choices, required=False)
    regime = choice(Place.Regime.choices, required=False)
    capacity = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, required=False, allow_null=True
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=20_000)


class PopulationOut(serializers.ModelSerializer):
    source_label = label("source")

    class Meta:
        model = PopulationSnapshot
        fields = (
            "id",
            "place",
            "counted_on",
            "total",
            "women",
            "juveniles",
            "foreign_nationals",
            "pre_trial",
            "disabilities",
            "source",
            "source_label",
            "note",
        )


class PopulationFiltersIn(serializers.Serializer):
    place = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
