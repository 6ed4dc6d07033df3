"""Who calls the API: a personal access token (`Authorization: Bearer …`), or the browser's
session (with CSRF). Either way the caller acts as one active membership: `request.auth`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from vigil.api.models import ApiToken
from vigil.api.selectors.tokens import token_by_secret, token_membership
from vigil.api.services.tokens import token_used
from vigil.core.models import Membership


@dataclass(frozen=True)
class ApiAccess:
    """What the caller may act as: a membership, through a token or the session."""

    membership: Membership
    token: ApiToken | None = None

    @property
    def can_write(self) -> bool:
        return self.token is None or self.token.can_write

    def allows(self, resource: str) -> bool:
        return self.token is None or self.token.allows(resource)


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiAccess] | None:
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after “Bearer”."))
        token = token_by_secret(header[1])
        # One answer for a wrong, expired or revoked token: the caller needs a new one.
        refused = exceptions.AuthenticationFailed(_("This token is not valid: make a new one."))
        if token is None or not token.is_usable or not token.user.is_active:
            raise refused
        membership = token_membership(token)
        if membership is None:
            raise refused
        token_used(token=token)
        return token.user, ApiAccess(membership, token)

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser, acting as its active membership; CSRF is enforced."""

    def authenticate(self, request: Request) -> tuple[Any, ApiAccess] | None:
        found = super().authenticate(request)
        if found is None:
            return None
        membership = getattr(request._request, "membership", None)
        if membership is None:
            return None
        return found[0], ApiAccess(membership)
