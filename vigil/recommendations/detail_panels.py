"""Panels other apps add to the recommendation page (e.g. the outcomes of prevention programmes
that claim to implement it), registered in their `AppConfig.ready()`; this app never imports them.

A provider returns None, or (template name, context) for a panel to render. It must cost a
fixed number of queries, so that the page's count does not grow with the data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vigil.core.models import Membership
    from vigil.recommendations.models import Recommendation

Panel = tuple[str, dict[str, Any]]
PanelProvider = Callable[["Recommendation", "Membership"], Panel | None]
_providers: list[PanelProvider] = []


def register_recommendation_panel(provider: PanelProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def panels_for(recommendation: Recommendation, actor: Membership) -> list[Panel]:
    return [
        panel for provider in _providers if (panel := provider(recommendation, actor)) is not None
    ]
