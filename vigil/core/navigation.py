"""The main navigation. Each app registers its entries under `hooks.NAVIGATION` in its
`hooks.py`, so the shell never imports a domain app, and a new area appears by installing it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from vigil.core import hooks
from vigil.core.access import actor_can
from vigil.core.models import Membership
from vigil.core.roles import Capability


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    order: int
    capability: Capability | None = None


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    current: bool


def navigation_for(actor: Membership | None, path: str) -> list[NavLink]:
    if actor is None:
        return []
    links = []
    entries: list[NavEntry] = hooks.get_hooks(hooks.NAVIGATION)
    for entry in sorted(entries, key=lambda e: e.order):
        if entry.capability is not None and not actor_can(actor, entry.capability):
            continue
        url = reverse(entry.url_name)
        current = path == url if url == "/" else path.startswith(url)
        links.append(NavLink(entry.label, url, current))
    return links
