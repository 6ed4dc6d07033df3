"""Writes of the register's table imports: places and population counts, all or nothing.

A place is matched by its reference (`external_ref`), so re-importing a file updates the
places instead of duplicating them, and unchanged rows write nothing. Authorities and areas
named in the file are created when they do not exist yet. Rows are written in bulk, with
their audit events in one `audit_record_many` call.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from vigil.core.access import require_capability
from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.imports import Rows
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind, PopulationSnapshot
from vigil.places.selectors import imports as selectors
from vigil.places.services.places import closed_on_for
from vigil.places.services.population import refresh_latest_populations

_COUNT_FIELDS = ("total", *selectors.COUNT_PARTS)


class _Areas:
    """Finds or creates the region › province › district path of each row."""

    def __init__(self, actor: Membership) -> None:
        self.actor = actor
        self.by_path = selectors.areas_by_path(actor)
        self.created: list[AdministrativeArea] = []

    def get(self, names: list[str | None]) -> AdministrativeArea | None:
        area: AdministrativeArea | None = None
        path: tuple[str, ...] = ()
        for level, name in enumerate(names, start=1):
            if not name:
                break
            path = (*path, selectors.norm(name))
            if path not in self.by_path:
                new = AdministrativeArea.objects.create(
                    institution=self.actor.institution, name=name, level=level, parent=area
                )
                self.by_path[path] = new
                self.created.append(new)
            area = self.by_path[path]
        return area


class _Authorities:
    """Finds or creates the authority named in each row."""

    def __init__(self, actor: Membership) -> None:
        self.actor = actor
        self.by_name = selectors.authorities_by_name(actor)
        self.created: list[Authority] = []

    def get(self, name: str) -> Authority:
        key = selectors.norm(name)
        if key not in self.by_name:
            new = Authority.objects.create(
                institution=self.actor.institution, name=" ".join(name.split())
            )
            self.by_name[key] = new
            self.created.append(new)
        return self.by_name[key]


def _place_values(
    values: dict[str, Any], kinds: dict[str, PlaceKind], areas: _Areas, authorities: _Authorities
) -> dict[str, Any]:
    return {
        "name": values["name"],
        "kind": kinds[selectors.norm(values["kind"])],
        "authority": authorities.get(values["authority"]),
        "area": areas.get([values.get("region"), values.get("province"), values.get("district")]),
        "address": values.get("address") or "",
        "latitude": values.get("latitude"),
        "longitude": values.get("longitude"),
        "capacity": values.get("capacity"),
        "held": values.get("held") or Place.Held.MIXED,
        "regime": values.get("regime") or Place.Regime.BOTH,
        "status": values.get("status") or Place.Status.OPEN,
        "notes": values.get("notes") or "",
    }


def _differs(place: Place, new: dict[str, Any]) -> list[str]:
    changed = []
    for field, value in new.items():
        current = getattr(place, field)
        if isinstance(value, Decimal) and current is not None:
            if Decimal(current) != value:
                changed.append(field)
        elif current != value:
            changed.append(field)
    return changed


@transaction.atomic
def places_import(
    *, actor: Membership, rows: Rows, progress: Callable[[int], None]
) -> dict[str, int]:
    """Create and update the places of checked rows (in the import job's transaction)."""
    require_capability(actor, Capability.MANAGE_PLACES)
    kinds, areas, authorities = selectors.kind_index(actor), _Areas(actor), _Authorities(actor)
    existing = selectors.places_by_ref(actor)
    to_create, to_update, events, fields_changed = [], [], [], set()
    now = timezone.now()
    for done, (_number, values) in enumerate(rows, start=1):
        new = _place_values(values, kinds, areas, authorities)
        place = existing.get(values["external_ref"])
        if place is None:
            to_create.append(
                Place(
                    institution=actor.institution,
                    external_ref=values["external_ref"],
                    created_at=now,
                    updated_at=now,
                    **new,
                )
            )
        elif changed := _differs(place, new):
            for field in changed:
                setattr(place, field, new[field])
            if "status" in changed:
                place.closed_on = closed_on_for(place.status)
            place.updated_at = now
            to_update.append(place)
            fields_changed.update(changed)
            events.append(
                PendingEvent("place.updated", place, {"fields": sorted(changed), "import": True})
            )
        if done % 1000 == 0:
            progress(done)
    Place.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        Place.objects.bulk_update(
            to_update, [*sorted(fields_changed), "closed_on", "updated_at"], batch_size=1000
        )
    events += [PendingEvent("place.created", p, {"import": True}) for p in to_create]
    events += [PendingEvent("authority.created", a, {"import": True}) for a in authorities.created]
    events += [PendingEvent("area.created", a, {"import": True}) for a in areas.created]
    audit_record_many(events=events, actor=actor.user, institution=actor.institution)
    progress(len(rows))
    return {
        "created": len(to_create),
        "updated": len(to_update),
        "unchanged": len(rows) - len(to_create) - len(to_update),
        "authorities_created": len(authorities.created),
        "areas_created": len(areas.created),
    }


@transaction.atomic
def population_import(
    *, actor: Membership, rows: Rows, progress: Callable[[int], None]
) -> dict[str, int]:
    """Record the counts of checked rows; a count for the same place, day and source replaces
    the earlier one (in the import job's transaction)."""
    require_capability(actor, Capability.MANAGE_PLACES)
    refs = selectors.place_ids_by_ref(actor)
    existing = selectors.snapshots_by_key(actor)
    to_create, to_update, events = [], [], []
    for done, (_number, values) in enumerate(rows, start=1):
        key = (
            refs[values["external_ref"]],
            values["counted_on"],
            values.get("source") or "official",
        )
        counts = {f: values.get(f) for f in _COUNT_FIELDS}
        snapshot = existing.get(key)
        if snapshot is None:
            to_create.append(
                PopulationSnapshot(
                    institution=actor.institution,
                    place_id=key[0],
                    counted_on=key[1],
                    source=key[2],
                    recorded_by=actor.user,
                    **counts,
                )
            )
        elif any(getattr(snapshot, f) != v for f, v in counts.items()):
            for field, value in counts.items():
                setattr(snapshot, field, value)
            to_update.append(snapshot)
            events.append(PendingEvent("population.corrected", snapshot, {"import": True}))
        if done % 1000 == 0:
            progress(done)
    PopulationSnapshot.objects.bulk_create(to_create, batch_size=1000)
    PopulationSnapshot.objects.bulk_update(to_update, list(_COUNT_FIELDS), batch_size=1000)
    events += [PendingEvent("population.recorded", s, {"import": True}) for s in to_create]
    audit_record_many(events=events, actor=actor.user, institution=actor.institution)
    touched = {s.place_id for s in to_create} | {s.place_id for s in to_update}
    refresh_latest_populations(actor, touched)
    progress(len(rows))
    return {
        "created": len(to_create),
        "updated": len(to_update),
        "unchanged": len(rows) - len(to_create) - len(to_update),
    }
