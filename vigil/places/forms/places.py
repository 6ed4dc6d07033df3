"""Forms of the places: a place's record, and the filters of the list, map and exports."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import (
    ActorForm,
    ActorModelForm,
    ScopedModelChoiceField,
    SearchableChoiceField,
)
from vigil.core.models import Membership
from vigil.places.models import Band, Place, PlaceKind
from vigil.places.selectors.lookups import AREA, AUTHORITY
from vigil.places.selectors.places import LAST_VISIT_CHOICES, BoundingBox, PlaceFilters


class AreaChoiceField(SearchableChoiceField):
    """An administrative area of the actor's institution, shown with its path.

    A model form's `field_classes` may name it: the queryset it passes is replaced by the
    actor's areas when the form is built.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("queryset", None)
        super().__init__(AREA, **kwargs)


class AuthorityChoiceField(SearchableChoiceField):
    """An authority of the actor's institution (a model form's `field_classes` may name it)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("queryset", None)
        super().__init__(AUTHORITY, **kwargs)


class PlaceForm(ActorModelForm):
    """A place's record; its kind, authority and area are chosen among the actor's."""

    class Meta:
        model = Place
        fields = [
            "name",
            "external_ref",
            "kind",
            "authority",
            "area",
            "status",
            "held",
            "regime",
            "capacity",
            "address",
            "latitude",
            "longitude",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"area": AreaChoiceField, "authority": AuthorityChoiceField}

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["external_ref"].required = False
        self.fields["external_ref"].help_text = _(
            "A stable code (e.g. the authority's own). Left empty, Vigil assigns one."
        )

    def _post_clean(self) -> None:
        # Validation and saving belong to the services; the form only parses input.
        pass


class PlaceFilterForm(ActorForm):
    """The filters of the list of places (and of its map and exports)."""

    q = forms.CharField(label=_("Name or reference"), required=False, max_length=100)
    kind = ScopedModelChoiceField(PlaceKind, label=_("Kind"), required=False, empty_label=_("Any"))
    authority = AuthorityChoiceField(label=_("Authority"), required=False, empty_label=_("Any"))
    area = AreaChoiceField(label=_("Area"), required=False, empty_label=_("Any"))
    band = forms.ChoiceField(
        label=_("Occupancy"), required=False, choices=[("", _("Any")), *Band.choices]
    )
    last_visit = forms.ChoiceField(
        label=_("Last visit"),
        required=False,
        choices=[("", _("Any time")), *LAST_VISIT_CHOICES],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Place.Status.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("-occupancy", _("Occupancy, highest first")),
            ("occupancy", _("Occupancy, lowest first")),
            ("-capacity", _("Capacity, largest first")),
            ("-population", _("Population, largest first")),
            ("last_visit", _("Last visit, longest ago first")),
        ],
    )

    def filters(self) -> PlaceFilters:
        if not self.is_valid():
            return PlaceFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        for name in ("kind", "authority", "area"):
            if name in data:
                data[name] = data[name].pk
        return PlaceFilters(**data)


class MapViewForm(forms.Form):
    """The part of the map in view, as the map's script sends it: `bbox=south,west,north,east`
    in degrees. Without it, the map's data covers every listed place."""

    bbox = forms.CharField(required=False, max_length=120)

    def clean_bbox(self) -> BoundingBox | None:
        raw = self.cleaned_data["bbox"].strip()
        if not raw:
            return None
        message = _("The map's view must be four numbers: south, west, north, east.")
        try:
            south, west, north, east = (float(part) for part in raw.split(","))
        except ValueError:
            raise forms.ValidationError(message) from None
        if not all(math.isfinite(v) for v in (south, west, north, east)) or south > north:
            raise forms.ValidationError(message)
        # Leaflet's view runs past the poles and the antimeridian when zoomed out.
        south, north = max(south, -90.0), min(north, 90.0)
        if east - west >= 360:
            west, east = -180.0, 180.0
        return BoundingBox(south, _longitude(west), north, _longitude(east))


def _longitude(degrees: float) -> float:
    """`degrees` brought within -180..180 (180 stays 180)."""
    return degrees if -180 <= degrees <= 180 else (degrees + 180) % 360 - 180
