"""Import and export of places and of population counts, in the same columns both ways.

A place is matched by its reference (`external_ref`), so re-importing a file
updates the places instead of duplicating them, and unchanged rows write nothing.
Authorities and areas named in the file are created when they do not exist yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.imports import Importer, Rows
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.tabular import (
    CellError,
    Column,
    RowProblem,
    choice_parser,
    parse_date,
    parse_decimal,
    parse_int,
)
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind, PopulationSnapshot
from vigil.places.selectors import kinds_for
from vigil.places.services import refresh_latest_populations


def _text(limit: int) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if len(raw) > limit:
            raise CellError(_("Longer than %(n)s characters.") % {"n": limit})
        return raw

    return parse


PLACE_COLUMNS = [
    Column(
        "external_ref",
        gettext_lazy("Reference"),
        _text(64),
        required=True,
        aliases=("ref", "id", "code"),
        help=gettext_lazy("Stable code; matches the place on re-import."),
    ),
    Column("name", gettext_lazy("Name"), _text(200), required=True),
    Column(
        "kind",
        gettext_lazy("Kind"),
        _text(120),
        required=True,
        help=gettext_lazy("A kind's code or name, e.g. police_station or Police station."),
    ),
    Column(
        "authority",
        gettext_lazy("Authority"),
        _text(200),
        required=True,
        aliases=("operating authority",),
        help=gettext_lazy("Created if new."),
    ),
    Column("region", gettext_lazy("Region"), _text(120)),
    Column("province", gettext_lazy("Province"), _text(120)),
    Column(
        "district",
        gettext_lazy("District"),
        _text(120),
        help=gettext_lazy("Areas are created if new."),
    ),
    Column("address", gettext_lazy("Address"), _text(300)),
    Column(
        "latitude",
        gettext_lazy("Latitude"),
        lambda raw: parse_decimal(raw, low=-90, high=90),
        aliases=("lat",),
    ),
    Column(
        "longitude",
        gettext_lazy("Longitude"),
        lambda raw: parse_decimal(raw, low=-180, high=180),
        aliases=("lon", "lng", "long"),
    ),
    Column("capacity", gettext_lazy("Official capacity"), parse_int, aliases=("capacity",)),
    Column(
        "held",
        gettext_lazy("Who is held"),
        choice_parser(Place.Held.choices),
        help=gettext_lazy("men, women, juveniles or mixed"),
    ),
    Column(
        "regime",
        gettext_lazy("Detention regime"),
        choice_parser(Place.Regime.choices),
        help=gettext_lazy("remand, sentenced, both or n/a"),
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        choice_parser(Place.Status.choices),
        help=gettext_lazy("open, temporary or closed"),
    ),
    Column("notes", gettext_lazy("Notes"), _text(5000)),
]

POPULATION_COLUMNS = [
    Column(
        "external_ref",
        gettext_lazy("Place reference"),
        _text(64),
        required=True,
        aliases=("reference", "ref", "place"),
    ),
    Column("counted_on", gettext_lazy("Date"), parse_date, required=True, aliases=("date",)),
    Column("total", gettext_lazy("Total"), parse_int, required=True, aliases=("population",)),
    Column("women", gettext_lazy("Women"), parse_int),
    Column("juveniles", gettext_lazy("Juveniles"), parse_int),
    Column("foreign_nationals", gettext_lazy("Foreign nationals"), parse_int),
    Column("pre_trial", gettext_lazy("Pre-trial"), parse_int),
    Column("disabilities", gettext_lazy("Persons with disabilities"), parse_int),
    Column(
        "source",
        gettext_lazy("Source"),
        choice_parser(PopulationSnapshot.Source.choices),
        help=gettext_lazy("official, observed or other; official when empty"),
    ),
]


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _kind_index(actor: Membership) -> dict[str, PlaceKind]:
    index: dict[str, PlaceKind] = {}
    for kind in kinds_for(actor):
        index[_norm(kind.code)] = kind
        index[_norm(kind.name)] = kind
    return index


def _duplicate_problems(
    rows: Rows, keys: Callable[[dict[str, Any]], Any], column: str
) -> list[RowProblem]:
    seen: dict[Any, int] = {}
    problems = []
    for number, values in rows:
        key = keys(values)
        if key is None:
            continue
        if key in seen:
            problems.append(
                RowProblem(
                    number,
                    column,
                    _("Same as row %(row)s: a row may appear once.") % {"row": seen[key]},
                )
            )
        else:
            seen[key] = number
    return problems


def check_places(actor: Membership, rows: Rows) -> list[RowProblem]:
    kinds = _kind_index(actor)
    problems = _duplicate_problems(rows, lambda v: v.get("external_ref"), "external_ref")
    for number, values in rows:
        if values.get("kind") and _norm(values["kind"]) not in kinds:
            problems.append(
                RowProblem(number, "kind", _("Unknown kind “%(v)s”.") % {"v": values["kind"]})
            )
        if (values.get("latitude") is None) != (values.get("longitude") is None):
            problems.append(
                RowProblem(number, "longitude", _("Give both latitude and longitude, or neither."))
            )
        if values.get("district") and not values.get("province"):
            problems.append(RowProblem(number, "province", _("A district needs its province.")))
        if values.get("province") and not values.get("region"):
            problems.append(RowProblem(number, "region", _("A province needs its region.")))
    return problems


class _Areas:
    """Finds or creates the region › province › district path of each row."""

    def __init__(self, actor: Membership) -> None:
        self.actor = actor
        self.by_path: dict[tuple[str, ...], AdministrativeArea] = {}
        areas = list(AdministrativeArea.objects.filter(institution_id=actor.institution_id))
        by_pk = {a.pk: a for a in areas}
        for area in areas:
            path: list[str] = []
            node: AdministrativeArea | None = area
            while node is not None:
                path.insert(0, _norm(node.name))
                node = by_pk.get(node.parent_id) if node.parent_id else None
            self.by_path[tuple(path)] = area
        self.created: list[AdministrativeArea] = []

    def get(self, names: list[str | None]) -> AdministrativeArea | None:
        area: AdministrativeArea | None = None
        path: tuple[str, ...] = ()
        for level, name in enumerate(names, start=1):
            if not name:
                break
            path = (*path, _norm(name))
            if path not in self.by_path:
                new = AdministrativeArea.objects.create(
                    institution=self.actor.institution, name=name, level=level, parent=area
                )
                self.by_path[path] = new
                self.created.append(new)
            area = self.by_path[path]
        return area


class _Authorities:
    def __init__(self, actor: Membership) -> None:
        self.actor = actor
        self.by_name = {
            _norm(a.name): a for a in Authority.objects.filter(institution_id=actor.institution_id)
        }
        self.created: list[Authority] = []

    def get(self, name: str) -> Authority:
        key = _norm(name)
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
        "kind": kinds[_norm(values["kind"])],
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


def apply_places(actor: Membership, rows: Rows, progress: Callable[[int], None]) -> dict[str, int]:
    kinds, areas, authorities = _kind_index(actor), _Areas(actor), _Authorities(actor)
    existing = {
        p.external_ref: p for p in Place.objects.filter(institution_id=actor.institution_id)
    }
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
        else:
            changed = _differs(place, new)
            if changed:
                for field in changed:
                    setattr(place, field, new[field])
                if "status" in changed:
                    place.closed_on = (
                        timezone.localdate() if place.status == Place.Status.CLOSED else None
                    )
                place.updated_at = now
                to_update.append(place)
                fields_changed.update(changed)
                events.append(
                    PendingEvent(
                        "place.updated", place, {"fields": sorted(changed), "import": True}
                    )
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


def _place_refs(actor: Membership) -> dict[str, int]:
    return dict(
        Place.objects.filter(institution_id=actor.institution_id).values_list("external_ref", "pk")
    )


def check_population(actor: Membership, rows: Rows) -> list[RowProblem]:
    refs = _place_refs(actor)
    today = timezone.localdate()
    problems = _duplicate_problems(
        rows,
        lambda v: (v.get("external_ref"), v.get("counted_on"), v.get("source") or "official"),
        "counted_on",
    )
    for number, values in rows:
        if values.get("external_ref") and values["external_ref"] not in refs:
            problems.append(
                RowProblem(
                    number,
                    "external_ref",
                    _("No place has the reference “%(v)s”.") % {"v": values["external_ref"]},
                )
            )
        if values.get("counted_on") and values["counted_on"] > today:
            problems.append(RowProblem(number, "counted_on", _("The date is in the future.")))
        total = values.get("total")
        for part in ("women", "juveniles", "foreign_nationals", "pre_trial", "disabilities"):
            if total is not None and values.get(part) is not None and values[part] > total:
                problems.append(
                    RowProblem(number, part, _("More than the total (%(t)s).") % {"t": total})
                )
    return problems


_COUNT_FIELDS = ("total", "women", "juveniles", "foreign_nationals", "pre_trial", "disabilities")


def apply_population(
    actor: Membership, rows: Rows, progress: Callable[[int], None]
) -> dict[str, int]:
    refs = _place_refs(actor)
    existing = {
        (s.place_id, s.counted_on, s.source): s
        for s in PopulationSnapshot.objects.filter(institution_id=actor.institution_id)
    }
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


# --- export, in the import's own columns ------------------------------------


def place_export_rows(places: Any) -> Iterator[list[Any]]:
    for place in places.select_related("kind", "authority", "area__parent__parent").iterator(
        chunk_size=2000
    ):
        path: list[str] = []
        node = place.area
        while node is not None:
            path.insert(0, node.name)
            node = node.parent
        path += [""] * (3 - len(path))
        yield [
            place.external_ref,
            place.name,
            place.kind.code,
            place.authority.name,
            *path,
            place.address,
            place.latitude,
            place.longitude,
            place.capacity,
            place.held,
            place.regime,
            place.status,
            place.notes,
        ]


def population_export_rows(snapshots: Any) -> Iterator[list[Any]]:
    for s in (
        snapshots.select_related("place")
        .order_by("place__external_ref", "counted_on")
        .iterator(chunk_size=2000)
    ):
        yield [
            s.place.external_ref,
            s.counted_on,
            s.total,
            s.women,
            s.juveniles,
            s.foreign_nationals,
            s.pre_trial,
            s.disabilities,
            s.source,
        ]


PLACES_IMPORTER = Importer(
    key="places",
    title=gettext_lazy("Import places"),
    columns=PLACE_COLUMNS,
    capability=Capability.MANAGE_PLACES,
    check=check_places,
    apply=apply_places,
    done_url_name="places:place_list",
    help=gettext_lazy("Add places to the register or update them, matched by their reference."),
)
POPULATION_IMPORTER = Importer(
    key="population",
    title=gettext_lazy("Import population counts"),
    columns=POPULATION_COLUMNS,
    capability=Capability.MANAGE_PLACES,
    check=check_population,
    apply=apply_population,
    done_url_name="places:place_list",
    help=gettext_lazy(
        "Dated counts per place. A count for the same place, date and source replaces "
        "the earlier one."
    ),
)
