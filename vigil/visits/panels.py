"""Panels other apps add to the visit page (e.g. recommendations to verify on a
follow-up visit), registered in their `AppConfig.ready()`; this app never imports them.

A provider returns None, or (template name, context) for a panel to render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vigil.core.models import Membership
    from vigil.visits.models import Visit

Panel = tuple[str, dict[str, Any]]
PanelProvider = Callable[["Visit", "Membership"], Panel | None]
_providers: list[PanelProvider] = []


def register_visit_panel(provider: PanelProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def panels_for(visit: Visit, actor: Membership) -> list[Panel]:
    return [panel for provider in _providers if (panel := provider(visit, actor)) is not None]
