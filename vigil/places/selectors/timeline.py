"""The place timeline. Apps add entries by registering a provider in their `hooks.py`;
this app never imports them.

    hooks.register(hooks.PLACE_TIMELINE, visits_on_timeline)  # (place, actor) -> entries
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from vigil.core import hooks

if TYPE_CHECKING:
    from vigil.core.models import Membership
    from vigil.places.models import Place


@dataclass(frozen=True)
class TimelineEntry:
    """One dated entry of a place's history."""

    on: date
    kind: str  # a short code, used for the entry's style: "visit", "population", …
    title: str | Promise
    summary: str | Promise = ""
    url: str = ""


Provider = Callable[["Place", "Membership"], Iterable[TimelineEntry]]


def timeline_for(place: Place, actor: Membership, *, limit: int = 100) -> list[TimelineEntry]:
    """Newest first. Each provider applies the actor's access rules to its own entries."""
    providers: list[Provider] = hooks.get_hooks(hooks.PLACE_TIMELINE)
    entries = [entry for provider in providers for entry in provider(place, actor)]
    return sorted(entries, key=lambda e: e.on, reverse=True)[:limit]
