"""The audit chain: append-only events, each hashing its content and its predecessor.

Services call `audit_record` inside their own transaction, so an event exists
exactly when its change does. `audit_verify` walks the chain and names the
first event that was edited, deleted, inserted or moved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC
from functools import partial
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from vigil.core import hooks
from vigil.core.models import AuditChainHead, AuditEvent, Institution, Membership, User

GENESIS_HASH = "0" * 64


def _canonical(
    *,
    sequence: int,
    created_at: str,
    actor_id: int | None,
    institution_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    details: dict[str, Any],
    prev_hash: str,
) -> bytes:
    content = {
        "sequence": sequence,
        "created_at": created_at,
        "actor_id": actor_id,
        "institution_id": institution_id,
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "details": details,
        "prev_hash": prev_hash,
    }
    return json.dumps(
        content, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":")
    ).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(
        _canonical(
            sequence=event.sequence,
            created_at=event.created_at.astimezone(UTC).isoformat(),
            actor_id=event.actor_id,
            institution_id=event.institution_id,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            details=event.details,
            prev_hash=event.prev_hash,
        )
    ).hexdigest()


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _created = AuditChainHead.objects.get_or_create(
            pk=1, defaults={"sequence": 0, "hash": GENESIS_HASH}
        )
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def target_of(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    return target._meta.label_lower, str(target.pk)


def audit_record(
    *,
    action: str,
    actor: User | None,
    institution: Institution | None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction."""
    with transaction.atomic():
        head = _lock_head()
        target_type, target_id = target_of(target)
        # Round-trip through JSON so the hash sees exactly what the database will return.
        clean_details = json.loads(json.dumps(details or {}, cls=DjangoJSONEncoder))
        event = AuditEvent(
            sequence=head.sequence + 1,
            created_at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            institution=institution,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=clean_details,
            prev_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.save()
        head.sequence, head.hash = event.sequence, event.hash
        head.save(update_fields=["sequence", "hash"])
    _announce(event.institution_id, {event.target_type})
    return event


# --- change listeners ------------------------------------------------------------------
# Every write is audited, so the audit trail is where derived data (risk scores) learns that
# its inputs changed. A listener runs once the writing transaction has committed, and only
# then: a rolled-back write changes nothing, so it announces nothing. Listeners register
# under hooks.AUDIT_CHANGE: `listener(institution_id, target_types)`.

ChangeListener = Callable[[int, frozenset[str]], None]


def _announce(institution_id: int | None, target_types: set[str]) -> None:
    listeners: list[ChangeListener] = hooks.get_hooks(hooks.AUDIT_CHANGE)
    if institution_id is None or not listeners:
        return
    types = frozenset(t for t in target_types if t)
    for listener in listeners:
        transaction.on_commit(partial(listener, institution_id, types))


def audit_by(actor: Membership, action: str, target: models.Model, **details: Any) -> None:
    """`audit_record` for a service acting as a membership: its user, in its institution."""
    audit_record(
        action=action,
        actor=actor.user,
        institution=actor.institution,
        target=target,
        details=details or None,
    )


@dataclass(frozen=True)
class PendingEvent:
    action: str
    target: models.Model | None = None
    details: dict[str, Any] | None = None


def audit_record_many(
    *, events: list[PendingEvent], actor: User | None, institution: Institution | None
) -> int:
    """Append many events under one lock (imports); same chain as `audit_record`."""
    if not events:
        return 0
    with transaction.atomic():
        head = _lock_head()
        sequence, prev_hash, rows = head.sequence, head.hash, []
        now = timezone.now()
        for pending in events:
            target_type, target_id = target_of(pending.target)
            sequence += 1
            event = AuditEvent(
                sequence=sequence,
                created_at=now,
                actor=actor if actor is not None and actor.pk else None,
                institution=institution,
                action=pending.action,
                target_type=target_type,
                target_id=target_id,
                details=json.loads(json.dumps(pending.details or {}, cls=DjangoJSONEncoder)),
                prev_hash=prev_hash,
            )
            event.hash = prev_hash = event_hash(event)
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=1000)
        head.sequence, head.hash = sequence, prev_hash
        head.save(update_fields=["sequence", "hash"])
    _announce(institution.pk if institution else None, {row.target_type for row in rows})
    return len(rows)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head_hash: str
    broken_sequence: int | None = None
    problem: str = ""


def _events_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000)


def audit_verify() -> ChainReport:
    """Walk the chain from the start; report the first event that does not fit."""
    expected_sequence, prev_hash, count = 1, GENESIS_HASH, 0
    for event in _events_in_order():
        problem = ""
        if event.sequence != expected_sequence:
            problem = (
                f"event {expected_sequence} is missing (next found is {event.sequence}): "
                "deleted or renumbered"
            )
        elif event.prev_hash != prev_hash:
            problem = (
                "does not follow the previous event: inserted, reordered or the one before changed"
            )
        elif event_hash(event) != event.hash:
            problem = "its content does not match its hash: edited"
        if problem:
            return ChainReport(False, count, prev_hash, expected_sequence, problem)
        expected_sequence, prev_hash, count = expected_sequence + 1, event.hash, count + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence, head.hash) != (count, prev_hash):
        return ChainReport(
            False,
            count,
            prev_hash,
            min(count, head.sequence) + 1,
            f"the chain ends at event {count}, but its head records event {head.sequence}: "
            "events were deleted from, or added to, its end",
        )
    return ChainReport(True, count, prev_hash)
