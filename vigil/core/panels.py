"""Panels that apps add to another app's detail page (the place's risk score on the place
page, the recommendations to verify on a visit page), through the page's hook
(`hooks.PLACE_PANEL`, `hooks.VISIT_PANEL`, `hooks.RECOMMENDATION_PANEL`).

A provider takes (record, actor) and returns None, or (template name, context) for a panel
to render; it applies the actor's access rules itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vigil.core import hooks

if TYPE_CHECKING:
    from django.db import models

    from vigil.core.models import Membership

Panel = tuple[str, dict[str, Any]]


def panels_for(hook: str, record: models.Model, actor: Membership) -> list[Panel]:
    return hooks.call_each(hook, record, actor)
