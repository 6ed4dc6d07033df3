"""Reads of the register's own lists: authorities, administrative areas and kinds of place."""

from __future__ import annotations

from django.db.models import QuerySet

from vigil.core.models import Membership
from vigil.places.models import AdministrativeArea, Authority, PlaceKind


def kinds_for(actor: Membership) -> QuerySet[PlaceKind]:
    """The shipped kinds of place and the institution's own."""
    return PlaceKind.objects.visible_to(actor)


def authorities_for(actor: Membership) -> QuerySet[Authority]:
    return Authority.objects.for_actor(actor)


def areas_for(actor: Membership) -> QuerySet[AdministrativeArea]:
    """The institution's areas, with their parents (for their paths)."""
    return AdministrativeArea.objects.for_actor(actor).select_related("parent__parent")


def areas_by_level(actor: Membership) -> QuerySet[AdministrativeArea]:
    return areas_for(actor).order_by("level", "name")


def area_path(area: AdministrativeArea | None) -> list[str]:
    """The names from the region down to `area` (its parents are read if not selected)."""
    path: list[str] = []
    while area is not None:
        path.insert(0, area.name)
        area = area.parent
    return path


def area_and_descendants(actor: Membership, area_id: int) -> list[int]:
    """One query for all areas (a few hundred at most), then a walk in memory."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in AdministrativeArea.objects.for_actor(actor).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, queue = [], [area_id]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(children.get(current, []))
    return found
