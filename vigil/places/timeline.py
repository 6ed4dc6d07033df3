"""The place timeline. Other apps add entries by registering a provider in their
`AppConfig.ready()`; this app never imports them.

    from vigil.places.timeline import TimelineEntry, register_provider
    register_provider(visits_on_timeline)   # (place, actor) -> Iterable[TimelineEntry]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from vigil.core.models import Membership
    from vigil.places.models import Place


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str  # a short code, used for the entry's style: "visit", "population", …
    title: str | Promise
    summary: str | Promise = ""
    url: str = ""


Provider = Callable[["Place", "Membership"], Iterable[TimelineEntry]]
_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unregister_provider(provider: Provider) -> None:
    """Remove a provider (tests register their own and must not leak it)."""
    if provider in _providers:
        _providers.remove(provider)


def timeline_for(place: Place, actor: Membership, *, limit: int = 100) -> list[TimelineEntry]:
    """Newest first. Each provider applies the actor's access rules to its own entries."""
    entries = [entry for provider in _providers for entry in provider(place, actor)]
    return sorted(entries, key=lambda e: e.on, reverse=True)[:limit]
