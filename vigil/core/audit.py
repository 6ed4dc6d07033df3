"""The audit chain: append-only events, each keyed to its content and its predecessor.

Services call `audit_record` inside their own transaction, so an event exists
exactly when its change does. Each event carries an HMAC of its content and of the
previous event's hash, under a key kept outside the database (vigil.core.chain), and
every commit appends a signed checkpoint of the head to a file outside the database
(vigil.core.checkpoints). `audit_verify` walks the chain and names the first event
that was edited, deleted, inserted or moved, and any checkpoint the chain no longer
reaches (a truncated tail, or a chain recomputed from some point).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from vigil.core import checkpoints, hooks
from vigil.core.chain import GENESIS_HASH, UnknownAuditKey, event_content, keyed_hash
from vigil.core.crypto import audit_key_ring
from vigil.core.models import AuditChainHead, AuditEvent, Institution, Membership, User


def event_hash(event: AuditEvent) -> str:
    """The keyed hash the event must carry (raises UnknownAuditKey for a key not held)."""
    return keyed_hash(event_content(event), key_id=event.key_id)


def _lock_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _created = AuditChainHead.objects.get_or_create(
            pk=1, defaults={"sequence": 0, "hash": GENESIS_HASH}
        )
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


# --- channels ----------------------------------------------------------------------------
# A service does not know whether a page, the REST API or a command called it, and should
# not: the entry point says so once, and every event written inside it carries the channel.
WEB = "web"
API = "api"
_channel: ContextVar[str] = ContextVar("vigil_audit_channel", default=WEB)


@contextmanager
def audit_channel(channel: str) -> Iterator[None]:
    """Every event recorded inside the block says it came in through `channel`."""
    token = _channel.set(channel)
    try:
        yield
    finally:
        _channel.reset(token)


def current_channel() -> str:
    return _channel.get()


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
            key_id=audit_key_ring().active_id,
            channel=current_channel(),
        )
        event.hash = event_hash(event)
        event.save()
        head.sequence, head.hash = event.sequence, event.hash
        head.save(update_fields=["sequence", "hash"])
        checkpoints.write_after_commit()
        _note_targets(event.institution_id, [target])
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


TargetListener = Callable[[int, list[models.Model]], None]


def _note_targets(institution_id: int | None, targets: list[models.Model | None]) -> None:
    """Tell AUDIT_TARGETS listeners which records changed, inside the writing transaction, so
    what they write (risk's marks of places to score again) commits or rolls back with it."""
    listeners: list[TargetListener] = hooks.get_hooks(hooks.AUDIT_TARGETS)
    records = [t for t in targets if t is not None]
    if institution_id is None or not listeners or not records:
        return
    for listener in listeners:
        listener(institution_id, records)


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
        now, key_id, channel = timezone.now(), audit_key_ring().active_id, current_channel()
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
                key_id=key_id,
                channel=channel,
            )
            event.hash = prev_hash = event_hash(event)
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=1000)
        head.sequence, head.hash = sequence, prev_hash
        head.save(update_fields=["sequence", "hash"])
        checkpoints.write_after_commit()
        _note_targets(institution.pk if institution else None, [p.target for p in events])
    _announce(institution.pk if institution else None, {row.target_type for row in rows})
    return len(rows)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head_hash: str
    broken_sequence: int | None = None
    problem: str = ""
    checkpoints: int = 0  # signed checkpoints the chain was checked against
    notes: tuple[str, ...] = ()


def _events_in_order() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000)


def _event_problem(event: AuditEvent, expected_sequence: int, prev_hash: str) -> str:
    if event.sequence != expected_sequence:
        return (
            f"event {expected_sequence} is missing (next found is {event.sequence}): "
            "deleted or renumbered"
        )
    if event.prev_hash != prev_hash:
        return "does not follow the previous event: inserted, reordered or the one before changed"
    try:
        if event_hash(event) != event.hash:
            return "its content does not match its keyed hash: edited, or the chain recomputed"
    except UnknownAuditKey:
        return f"it is keyed with {event.key_id!r}, which VIGIL_AUDIT_KEYS does not hold"
    return ""


def audit_verify(*, anchor: str = "") -> ChainReport:
    """Walk the chain from the start; report the first event that does not fit, and any
    signed checkpoint (or `anchor`, a head hash kept elsewhere) the chain does not reach."""
    marks = checkpoints.checkpoints_read()
    if marks.problems:
        return ChainReport(False, 0, GENESIS_HASH, None, marks.problems[0])
    expected: dict[int, str] = {}
    for mark in marks.checkpoints:
        if expected.setdefault(mark.sequence, mark.hash) != mark.hash:
            problem = (
                f"two signed checkpoints disagree about event {mark.sequence}: the chain was "
                "rewritten after the first of them"
            )
            return ChainReport(False, 0, GENESIS_HASH, mark.sequence, problem)
    expected_sequence, prev_hash, count, anchor_seen = 1, GENESIS_HASH, 0, not anchor
    for event in _events_in_order():
        problem = _event_problem(event, expected_sequence, prev_hash)
        if not problem and expected.get(event.sequence, event.hash) != event.hash:
            problem = "it differs from a signed checkpoint: the chain was rewritten from here"
        if problem:
            return ChainReport(False, count, prev_hash, expected_sequence, problem)
        anchor_seen = anchor_seen or event.hash == anchor
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
    newest = marks.newest
    if newest is not None and newest.sequence > count:
        return ChainReport(
            False,
            count,
            prev_hash,
            count + 1,
            f"a signed checkpoint of {newest.at} records event {newest.sequence}, but the chain "
            f"ends at event {count}: its newest events were removed",
        )
    if not anchor_seen:
        return ChainReport(
            False, count, prev_hash, None, "the anchor hash given is not in the chain"
        )
    notes = () if marks.checkpoints else (marks.missing_note,)
    return ChainReport(True, count, prev_hash, checkpoints=len(marks.checkpoints), notes=notes)
