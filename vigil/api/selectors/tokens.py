"""Reads of personal access tokens."""

from __future__ import annotations

import hmac
from typing import Any

from django.db.models import QuerySet

from vigil.api.models import ApiToken
from vigil.api.services.tokens import digest_of, split_secret
from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.selectors import active_memberships


def tokens_of(*, actor: Membership) -> QuerySet[ApiToken]:
    """The actor's own tokens; an administrator sees every token of the institution."""
    tokens = ApiToken.objects.for_actor(actor).select_related("user", "revoked_by")
    if actor.role != Role.ADMIN:
        tokens = tokens.filter(user_id=actor.user_id)
    return tokens.order_by("-created_at", "-pk")


def token_get(*, actor: Membership, pk: Any) -> ApiToken:
    return get_for_actor(tokens_of(actor=actor), actor=actor, pk=pk)


def token_by_secret(secret: str) -> ApiToken | None:
    """The token a secret names, whatever its state; None when it names none."""
    prefix = split_secret(secret)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user", "institution").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest_of(secret)):
        return None
    return token


def token_membership(token: ApiToken) -> Membership | None:
    """The owner's active membership of the token's institution, read afresh each request,
    so a deactivated member or a changed role takes effect at once."""
    return next(
        (
            m
            for m in active_memberships(user=token.user)
            if m.institution_id == token.institution_id
        ),
        None,
    )
