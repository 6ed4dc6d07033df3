"""Writes of population counts, and of each place's latest count that lists sort on."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.places.models import Place, PopulationSnapshot
from vigil.places.selectors.imports import COUNT_PARTS


def refresh_latest_populations(actor: Membership, place_ids: set[int]) -> None:
    """The newest count of each place, found with one query, written with one bulk update."""
    if not place_ids:
        return
    latest: dict[int, tuple[Any, int]] = {}
    for place_id, counted_on, total in (
        PopulationSnapshot.objects.for_institution(actor.institution_id)
        .filter(place_id__in=place_ids)
        .order_by("place_id", "counted_on", "-source")
        .values_list("place_id", "counted_on", "total")
    ):
        latest[place_id] = (counted_on, total)
    places = list(Place.objects.for_institution(actor.institution_id).filter(pk__in=place_ids))
    for place in places:
        place.population_on, place.population = latest.get(place.pk, (None, None))
    Place.objects.bulk_update(places, ["population", "population_on"], batch_size=1000)


def _check_counts(values: dict[str, Any]) -> None:
    total = values["total"]
    for part in COUNT_PARTS:
        if values.get(part) is not None and values[part] > total:
            raise ValidationError({part: _("Cannot be more than the total.")})
    if values["counted_on"] > timezone.localdate():
        raise ValidationError({"counted_on": _("The date is in the future.")})


@transaction.atomic
def population_record(*, actor: Membership, place: Place, **values: Any) -> PopulationSnapshot:
    """Record a count; a second count for the same day and source replaces the first."""
    require_capability(actor, Capability.MANAGE_PLACES)
    require_same_institution(actor, place)
    _check_counts(values)
    snapshot, created = PopulationSnapshot.objects.update_or_create(
        institution=actor.institution,
        place=place,
        counted_on=values.pop("counted_on"),
        source=values.pop("source"),
        defaults={**values, "recorded_by": actor.user},
    )
    refresh_latest_populations(actor, {place.pk})
    action = "population.recorded" if created else "population.corrected"
    audit_by(actor, action, snapshot, place=place.pk, total=snapshot.total)
    return snapshot


@transaction.atomic
def population_delete(*, actor: Membership, snapshot: PopulationSnapshot) -> None:
    require_capability(actor, Capability.MANAGE_PLACES)
    require_same_institution(actor, snapshot)
    place = snapshot.place
    audit_by(
        actor,
        "population.deleted",
        snapshot,
        place=place.pk,
        counted_on=snapshot.counted_on,
        total=snapshot.total,
    )
    snapshot.delete()
    refresh_latest_populations(actor, {place.pk})
