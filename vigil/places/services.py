"""Writes to the register of places. Each runs in one transaction with its audit event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_record
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.services.records import next_code
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind, PopulationSnapshot

PLACE_FIELDS = (
    "external_ref",
    "name",
    "kind",
    "authority",
    "area",
    "address",
    "latitude",
    "longitude",
    "capacity",
    "held",
    "regime",
    "status",
    "notes",
)


def _check_coordinates(latitude: Decimal | None, longitude: Decimal | None) -> None:
    if (latitude is None) != (longitude is None):
        raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
    if latitude is not None and not -90 <= latitude <= 90:
        raise ValidationError({"latitude": _("Latitude must be between -90 and 90.")})
    if longitude is not None and not -180 <= longitude <= 180:
        raise ValidationError({"longitude": _("Longitude must be between -180 and 180.")})


def _check_ref(actor: Membership, external_ref: str, place: Place | None = None) -> None:
    clash = Place.objects.filter(institution_id=actor.institution_id, external_ref=external_ref)
    if place is not None:
        clash = clash.exclude(pk=place.pk)
    if clash.exists():
        raise ValidationError({"external_ref": _("Another place already has this reference.")})


def next_reference(actor: Membership) -> str:
    return next_code(
        institution_id=actor.institution_id, model=Place, field="external_ref", prefix="P-", width=5
    )


@transaction.atomic
def place_create(*, actor: Membership, **values: Any) -> Place:
    require_capability(actor, Capability.MANAGE_PLACES)
    values["external_ref"] = (values.get("external_ref") or "").strip() or next_reference(actor)
    require_same_institution(actor, values.get("kind"), values.get("authority"), values.get("area"))
    _check_coordinates(values.get("latitude"), values.get("longitude"))
    _check_ref(actor, values["external_ref"])
    place = Place.objects.create(institution=actor.institution, **values)
    audit_record(
        action="place.created", actor=actor.user, institution=actor.institution, target=place
    )
    return place


@transaction.atomic
def place_update(*, actor: Membership, place: Place, **values: Any) -> Place:
    require_capability(actor, Capability.MANAGE_PLACES)
    place = Place.objects.select_for_update().get(pk=place.pk, institution_id=actor.institution_id)
    require_same_institution(actor, values.get("kind"), values.get("authority"), values.get("area"))
    _check_coordinates(
        values.get("latitude", place.latitude), values.get("longitude", place.longitude)
    )
    if "external_ref" in values:
        _check_ref(actor, values["external_ref"], place)
    changed = [f for f, v in values.items() if getattr(place, f) != v]
    if not changed:
        return place
    for field in changed:
        setattr(place, field, values[field])
    if "status" in changed:
        place.closed_on = timezone.localdate() if place.status == Place.Status.CLOSED else None
        changed.append("closed_on")
    place.updated_at = timezone.now()
    place.save(update_fields=[*changed, "updated_at"])
    audit_record(
        action="place.updated",
        actor=actor.user,
        institution=actor.institution,
        target=place,
        details={"fields": sorted(set(changed))},
    )
    return place


def place_close(*, actor: Membership, place: Place, closed_on: date | None = None) -> Place:
    with transaction.atomic():
        place = place_update(actor=actor, place=place, status=Place.Status.CLOSED)
        if closed_on and place.closed_on != closed_on:
            place.closed_on = closed_on
            place.save(update_fields=["closed_on"])
    return place


def refresh_latest_populations(actor: Membership, place_ids: set[int]) -> None:
    """The newest count of each place, found with one query, written with one bulk update."""
    if not place_ids:
        return
    latest: dict[int, tuple[Any, int]] = {}
    for place_id, counted_on, total in (
        PopulationSnapshot.objects.filter(
            institution_id=actor.institution_id, place_id__in=place_ids
        )
        .order_by("place_id", "counted_on", "-source")
        .values_list("place_id", "counted_on", "total")
    ):
        latest[place_id] = (counted_on, total)
    places = list(Place.objects.filter(pk__in=place_ids))
    for place in places:
        place.population_on, place.population = latest.get(place.pk, (None, None))
    Place.objects.bulk_update(places, ["population", "population_on"], batch_size=1000)


def _check_counts(values: dict[str, Any]) -> None:
    total = values["total"]
    for part in ("women", "juveniles", "foreign_nationals", "pre_trial", "disabilities"):
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
    audit_record(
        action="population.recorded" if created else "population.corrected",
        actor=actor.user,
        institution=actor.institution,
        target=snapshot,
        details={"place": place.pk, "total": snapshot.total},
    )
    return snapshot


@transaction.atomic
def population_delete(*, actor: Membership, snapshot: PopulationSnapshot) -> None:
    require_capability(actor, Capability.MANAGE_PLACES)
    require_same_institution(actor, snapshot)
    place = snapshot.place
    audit_record(
        action="population.deleted",
        actor=actor.user,
        institution=actor.institution,
        target=snapshot,
        details={"place": place.pk, "counted_on": snapshot.counted_on, "total": snapshot.total},
    )
    snapshot.delete()
    refresh_latest_populations(actor, {place.pk})


@transaction.atomic
def authority_create(*, actor: Membership, name: str, kind: str, notes: str = "") -> Authority:
    require_capability(actor, Capability.MANAGE_PLACES)
    name = " ".join(name.split())
    if Authority.objects.filter(institution_id=actor.institution_id, name__iexact=name).exists():
        raise ValidationError({"name": _("An authority with this name exists already.")})
    authority = Authority.objects.create(
        institution=actor.institution, name=name, kind=kind, notes=notes
    )
    audit_record(
        action="authority.created",
        actor=actor.user,
        institution=actor.institution,
        target=authority,
    )
    return authority


@transaction.atomic
def area_create(
    *, actor: Membership, name: str, level: int, parent: AdministrativeArea | None
) -> AdministrativeArea:
    require_capability(actor, Capability.MANAGE_PLACES)
    require_same_institution(actor, parent)
    expected_parent_level = level - 1
    if (parent is None and level != AdministrativeArea.Level.REGION) or (
        parent is not None and parent.level != expected_parent_level
    ):
        raise ValidationError(
            {"parent": _("A province belongs to a region, and a district to a province.")}
        )
    name = " ".join(name.split())
    if AdministrativeArea.objects.filter(
        institution_id=actor.institution_id, parent=parent, name__iexact=name
    ).exists():
        raise ValidationError({"name": _("This area exists already.")})
    area = AdministrativeArea.objects.create(
        institution=actor.institution, name=name, level=level, parent=parent
    )
    audit_record(
        action="area.created", actor=actor.user, institution=actor.institution, target=area
    )
    return area


@transaction.atomic
def kind_create(*, actor: Membership, name: str) -> PlaceKind:
    require_capability(actor, Capability.MANAGE_PLACES)
    name = " ".join(name.split())
    code = slugify(name)[:40] or "kind"
    # Built-in kinds are shared; a kind's name must not repeat one the institution sees.
    visible = PlaceKind.objects.filter(
        Q(institution__isnull=True) | Q(institution_id=actor.institution_id)
    )
    if visible.filter(Q(code=code) | Q(name__iexact=name)).exists():
        raise ValidationError({"name": _("This kind exists already.")})
    kind = PlaceKind.objects.create(institution=actor.institution, code=code, name=name, order=500)
    audit_record(
        action="place_kind.created", actor=actor.user, institution=actor.institution, target=kind
    )
    return kind
