"""Tokens and clients for the API's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from vigil.api.models import Scope
from vigil.api.services.tokens import token_create
from vigil.api.views.registry import resource_choices
from vigil.core.models import Membership


def token_for(
    membership: Membership,
    *,
    scope: str = Scope.READ_WRITE,
    resources: list[str] | None = None,
    days: int = 30,
) -> str:
    """A token's secret, made by the membership's person, as the token page makes it."""
    new = token_create(
        actor=membership,
        name="test token",
        expires_at=timezone.now() + timedelta(days=days),
        scope=scope,
        resources=resources or [],
        known_resources=[name for name, _label in resource_choices()],
    )
    return new.secret


class Api:
    """A client that sends a token with every request, and JSON bodies."""

    def __init__(self, secret: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(path, body, content_type="application/json")

    def patch(self, path: str, body: dict[str, Any], *, if_match: str | None = None) -> Any:
        headers = {} if if_match is None else {"If-Match": if_match}
        return self.client.patch(path, body, content_type="application/json", headers=headers)


def api_for(membership: Membership, **kwargs: Any) -> Api:
    return Api(token_for(membership, **kwargs))
