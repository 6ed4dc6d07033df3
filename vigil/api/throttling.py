"""Rate limits per token (per person for the session): 429 with Retry-After beyond them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str | None:
        # Read at each request, so that an operator's (or a test's) setting takes effect; an
        # empty setting turns the limit off.
        return str(settings.VIGIL_API_RATE) or None

    def get_cache_key(self, request: Request, view: Any) -> str:
        access = request.auth
        token = getattr(access, "token", None)
        if token is not None:
            return f"api-rate:token:{token.pk}"
        if request.user and request.user.is_authenticated:
            return f"api-rate:user:{request.user.pk}"
        return f"api-rate:ip:{self.get_ident(request)}"
