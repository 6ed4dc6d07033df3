"""Reads of the register's table imports: the checks of their rows against the register,
and the records the import services match rows to.

Names are compared with case and spacing aside, so "Police  station" is police_station's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.imports import Rows
from vigil.core.models import Membership
from vigil.core.tabular import RowProblem
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind, PopulationSnapshot
from vigil.places.selectors.register import kinds_for

COUNT_PARTS = ("women", "juveniles", "foreign_nationals", "pre_trial", "disabilities")


def norm(text: str | None) -> str:
    """A name as imports compare it: case and spacing aside."""
    return " ".join((text or "").split()).casefold()


def kind_index(actor: Membership) -> dict[str, PlaceKind]:
    """The kinds the actor sees, by their code and by their name."""
    index: dict[str, PlaceKind] = {}
    for kind in kinds_for(actor):
        index[norm(kind.code)] = kind
        index[norm(kind.name)] = kind
    return index


def areas_by_path(actor: Membership) -> dict[tuple[str, ...], AdministrativeArea]:
    """The institution's areas by their compared path (region, province, district)."""
    areas = list(AdministrativeArea.objects.for_actor(actor))
    by_pk = {a.pk: a for a in areas}
    found: dict[tuple[str, ...], AdministrativeArea] = {}
    for area in areas:
        path: list[str] = []
        node: AdministrativeArea | None = area
        while node is not None:
            path.insert(0, norm(node.name))
            node = by_pk.get(node.parent_id) if node.parent_id else None
        found[tuple(path)] = area
    return found


def authorities_by_name(actor: Membership) -> dict[str, Authority]:
    return {norm(a.name): a for a in Authority.objects.for_actor(actor)}


def places_by_ref(actor: Membership) -> dict[str, Place]:
    return {p.external_ref: p for p in Place.objects.for_actor(actor)}


def place_ids_by_ref(actor: Membership) -> dict[str, int]:
    return dict(Place.objects.for_actor(actor).values_list("external_ref", "pk"))


def snapshots_by_key(actor: Membership) -> dict[tuple[int, Any, str], PopulationSnapshot]:
    """The institution's counts by place, day and source (a count's identity)."""
    return {
        (s.place_id, s.counted_on, s.source): s for s in PopulationSnapshot.objects.for_actor(actor)
    }


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


def place_import_problems(*, actor: Membership, rows: Rows) -> list[RowProblem]:
    """What is wrong with the rows of a places import: repeated references, unknown kinds,
    half coordinates, areas without their parent."""
    kinds = kind_index(actor)
    problems = _duplicate_problems(rows, lambda v: v.get("external_ref"), "external_ref")
    for number, values in rows:
        if values.get("kind") and norm(values["kind"]) not in kinds:
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


def population_import_problems(*, actor: Membership, rows: Rows) -> list[RowProblem]:
    """What is wrong with the rows of a population import: repeated counts, unknown places,
    future dates, parts larger than the total."""
    refs = place_ids_by_ref(actor)
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
        for part in COUNT_PARTS:
            if total is not None and values.get(part) is not None and values[part] > total:
                problems.append(
                    RowProblem(number, part, _("More than the total (%(t)s).") % {"t": total})
                )
    return problems
