"""Writes of the places in the register: add, edit, close."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.services.records import model_update, next_code
from vigil.places.models import Place

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
    clash = Place.objects.for_actor(actor).filter(external_ref=external_ref)
    if place is not None:
        clash = clash.exclude(pk=place.pk)
    if clash.exists():
        raise ValidationError({"external_ref": _("Another place already has this reference.")})


def next_reference(actor: Membership) -> str:
    return next_code(
        institution_id=actor.institution_id, model=Place, field="external_ref", prefix="P-", width=5
    )


def closed_on_for(status: str) -> date | None:
    """A place closed today when its status becomes closed; reopened, it has no closing day."""
    return timezone.localdate() if status == Place.Status.CLOSED else None


@transaction.atomic
def place_create(*, actor: Membership, **values: Any) -> Place:
    require_capability(actor, Capability.MANAGE_PLACES)
    values["external_ref"] = (values.get("external_ref") or "").strip() or next_reference(actor)
    require_same_institution(actor, values.get("kind"), values.get("authority"), values.get("area"))
    _check_coordinates(values.get("latitude"), values.get("longitude"))
    _check_ref(actor, values["external_ref"])
    place = Place.objects.create(institution=actor.institution, **values)
    audit_by(actor, "place.created", place)
    return place


@transaction.atomic
def place_update(*, actor: Membership, place: Place, **values: Any) -> Place:
    require_capability(actor, Capability.MANAGE_PLACES)
    place = Place.objects.for_actor(actor).select_for_update().get(pk=place.pk)
    require_same_institution(actor, values.get("kind"), values.get("authority"), values.get("area"))
    _check_coordinates(
        values.get("latitude", place.latitude), values.get("longitude", place.longitude)
    )
    if "external_ref" in values:
        _check_ref(actor, values["external_ref"], place)
    if "status" in values and values["status"] != place.status:
        values["closed_on"] = closed_on_for(values["status"])
    changed = model_update(place, values, [*PLACE_FIELDS, "closed_on"], touch="updated_at")
    if changed:
        audit_by(actor, "place.updated", place, fields=changed)
    return place


@transaction.atomic
def place_close(*, actor: Membership, place: Place, closed_on: date | None = None) -> Place:
    place = place_update(actor=actor, place=place, status=Place.Status.CLOSED)
    if closed_on:
        model_update(place, {"closed_on": closed_on})
    return place
