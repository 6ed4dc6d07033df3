"""How an audit event is keyed into the chain: its canonical bytes and their MAC.

Each event's `hash` is an HMAC-SHA256, under a key of `VIGIL_AUDIT_KEYS` (named by the
event's `key_id`), of its content and of the previous event's hash. The key lives outside
the database, so someone who can write to the database cannot recompute the chain after
changing it. Kept free of models, so that the migration that keyed existing chains and the
running code compute the same thing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS_HASH = "0" * 64


class UnknownAuditKey(Exception):
    """An event or checkpoint names a key that VIGIL_AUDIT_KEYS does not hold."""


def canonical(
    *,
    sequence: int,
    created_at: datetime,
    actor_id: int | None,
    institution_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    details: dict[str, Any],
    prev_hash: str,
    channel: str = "web",
) -> bytes:
    content: dict[str, Any] = {
        "sequence": sequence,
        "created_at": created_at.astimezone(UTC).isoformat(),
        "actor_id": actor_id,
        "institution_id": institution_id,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "details": details,
        "prev_hash": prev_hash,
    }
    # Events written before channels existed came from the pages; keying "web" only by its
    # absence keeps their hashes, while any other channel is part of what the key covers.
    if channel != "web":
        content["channel"] = channel
    return json.dumps(
        content, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")
    ).encode()


def keyed_hash(content: bytes, *, key_id: str) -> str:
    from vigil.core.crypto import audit_key_ring

    key = audit_key_ring().key(key_id)
    if key is None:
        raise UnknownAuditKey(key_id)
    return hmac.new(key, key_id.encode() + b"\n" + content, hashlib.sha256).hexdigest()


def event_content(event: Any) -> bytes:
    """The canonical bytes of an event (a model instance, historical or not)."""
    return canonical(
        sequence=event.sequence,
        created_at=event.created_at,
        actor_id=event.actor_id,
        institution_id=event.institution_id,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        details=event.details,
        prev_hash=event.prev_hash,
        channel=getattr(event, "channel", "web"),  # historical models may not have it
    )


def legacy_hash(content: bytes) -> str:
    """The unkeyed SHA-256 of chains written before 2026-12; only the upgrade reads it."""
    return hashlib.sha256(content).hexdigest()
