"""What the search box finds of the register of places (vigil.core.fulltext, docs/search.md)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vigil.core.fulltext import Entry, SearchKind, clip
from vigil.core.roles import Capability
from vigil.places.models import Place


def _place_entry(place: Place) -> Entry:
    return Entry(
        title=place.name,
        body=clip(
            place.external_ref,
            place.address,
            place.authority.name if place.authority_id else "",
            place.area.name if place.area else "",
            place.notes,
        ),
        place_id=place.pk,
        place_kind_id=place.kind_id,
        area_id=place.area_id,
    )


PLACE = SearchKind(
    key="place",
    label=_("Places"),
    group="places",
    model=Place,
    capability=Capability.VIEW_PLACES,
    entry=_place_entry,
    visible=lambda actor: Place.objects.for_actor(actor).select_related("kind", "area"),
    url=lambda place: reverse("places:place_detail", args=[place.pk]),
    context=lambda place: [
        place.kind.label,
        place.area.name if place.area else "",
        place.get_status_display(),
    ],
    rows=lambda qs: qs.select_related("authority", "area"),
    order=10,
)
