from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from vigil.core.access import actor_can
from vigil.core.languages import is_rtl, local_choices, script_stylesheet
from vigil.core.mail import mail_is_sent
from vigil.core.navigation import navigation_for
from vigil.core.roles import Capability


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs: the active membership, the others, and the navigation."""
    actor = getattr(request, "membership", None)
    return {
        "actor": actor,
        "memberships": getattr(request, "memberships", []),
        "navigation": navigation_for(actor, request.path),
        "demo_mode": settings.DEMO_MODE,
        "mail_is_sent": mail_is_sent(),
        "can_view_audit": actor_can(actor, Capability.VIEW_AUDIT),
        "can_manage_members": actor_can(actor, Capability.MANAGE_MEMBERS),
        "can_manage_institution": actor_can(actor, Capability.MANAGE_INSTITUTION),
        "script_stylesheet": script_stylesheet(get_language() or ""),
        "interface_languages": [
            {"code": code, "name": name, "rtl": is_rtl(code)} for code, name in local_choices()
        ],
    }
