"""Panels other apps add to the place page (e.g. the place's risk score), registered in
their `AppConfig.ready()`; this app never imports them.

A provider returns None, or (template name, context) for a panel to render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vigil.core.models import Membership
    from vigil.places.models import Place

Panel = tuple[str, dict[str, Any]]
PanelProvider = Callable[["Place", "Membership"], Panel | None]
_providers: list[PanelProvider] = []


def register_place_panel(provider: PanelProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def panels_for(place: Place, actor: Membership) -> list[Panel]:
    return [panel for provider in _providers if (panel := provider(place, actor)) is not None]
