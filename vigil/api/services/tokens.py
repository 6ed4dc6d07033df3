"""Personal access tokens: made by a person for themself, revoked by them or an admin."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.api.models import ApiToken, Scope
from vigil.core.audit import audit_by, audit_record
from vigil.core.models import Membership
from vigil.core.roles import Role

TOKEN_PREFIX = "vigil_"  # noqa: S105  (marks our tokens; not a secret)
MAX_LIFETIME = timedelta(days=366)  # "at most one year", counted generously for leap years
# Using a token is audited once per this interval, not on every request: every audited
# request would queue behind the audit chain's lock, and the first use in an hour says enough.
USE_AUDITED_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_secret(secret: str) -> str | None:
    """The prefix that finds a token's row, or None for a string that is no token of ours."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    prefix, _sep, rest = secret[len(TOKEN_PREFIX) :].partition("_")
    return prefix if prefix and rest and len(prefix) <= 16 else None


def _check(expires_at: datetime, resources: Iterable[str], known: Iterable[str]) -> None:
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_on": _("Choose a day in the future.")})
    if expires_at > now + MAX_LIFETIME:
        raise ValidationError({"expires_on": _("A token lives at most one year.")})
    unknown = sorted(set(resources) - set(known))
    if unknown:
        raise ValidationError(
            {"resources": _("Unknown resources: %(names)s.") % {"names": ", ".join(unknown)}}
        )


@transaction.atomic
def token_create(
    *,
    actor: Membership,
    name: str,
    expires_at: datetime,
    scope: str,
    resources: list[str],
    known_resources: Iterable[str],
) -> NewToken:
    """A token for the actor themself; the secret leaves only in the answer."""
    if not actor.is_active:
        raise PermissionDenied
    if scope not in Scope.values:
        raise ValidationError({"scope": _("Choose read or read-write.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name.")})
    _check(expires_at, resources, known_resources)
    prefix = secrets.token_hex(6)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        institution=actor.institution,
        user=actor.user,
        name=name.strip(),
        prefix=prefix,
        digest=digest_of(secret),
        scope=scope,
        resources=sorted(set(resources)),
        expires_at=expires_at,
    )
    audit_by(
        actor,
        "api_token.created",
        token,
        scope=scope,
        resources=token.resources,
        expires_at=expires_at,
    )
    return NewToken(token, secret)


def may_revoke(actor: Membership, token: ApiToken) -> bool:
    return token.user_id == actor.user_id or actor.role == Role.ADMIN


@transaction.atomic
def token_revoke(*, actor: Membership, token: ApiToken) -> ApiToken:
    """Its owner, or an administrator of its institution, ends a token at once."""
    token = ApiToken.objects.for_actor(actor).select_for_update().get(pk=token.pk)
    if not may_revoke(actor, token):
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    token.revoked_at, token.revoked_by = timezone.now(), actor.user
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_by(actor, "api_token.revoked", token, owner=token.user_id)
    return token


def token_used(*, token: ApiToken) -> None:
    """Note that the token was used; audited at most once per USE_AUDITED_EVERY."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < USE_AUDITED_EVERY:
        return
    with transaction.atomic():
        claimed = ApiToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(
            last_used_at=now
        )
        if claimed:  # of two requests at the same moment, one records the use
            audit_record(
                action="api_token.used",
                actor=token.user,
                institution=token.institution,
                target=token,
            )
    token.last_used_at = now
