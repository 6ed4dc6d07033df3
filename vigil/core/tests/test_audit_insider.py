"""An insider with write access to the database cannot rewrite the audit chain unseen: the
chain is keyed with a key outside the database, and signed checkpoints of its head are kept
outside it too."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from vigil.core.audit import audit_record, audit_verify
from vigil.core.chain import GENESIS_HASH, event_content
from vigil.core.checkpoints import checkpoint_write, checkpoints_read
from vigil.core.models import AuditChainHead, AuditEvent

KEY_2 = "ta2:" + base64.b64encode(b"test-audit-chain-key-2-32-bytes!").decode()


def _record(personas, n: int) -> None:  # type: ignore[no-untyped-def]
    audit_record(
        action=f"test.event{n}",
        actor=personas.admin.user,
        institution=personas.institution_a,
        details={"n": n},
    )


@pytest.fixture
def chain(personas, django_capture_on_commit_callbacks):
    """Eight events, each committed on its own, so each left its checkpoint."""
    for n in range(8):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            _record(personas, n)
    return list(AuditEvent.objects.order_by("sequence"))


def _sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_every_commit_leaves_one_signed_checkpoint_of_the_head(chain, settings):
    marks = checkpoints_read()
    assert not marks.problems
    assert [m.sequence for m in marks.checkpoints][-8:] == [e.sequence for e in chain][-8:]
    assert marks.newest is not None and marks.newest.hash == chain[-1].hash
    report = audit_verify()
    assert report.ok and report.checkpoints == len(marks.checkpoints)


def test_many_events_in_one_transaction_leave_one_checkpoint(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(3):
            _record(personas, n)
    [mark] = checkpoints_read().checkpoints
    assert mark.sequence == AuditChainHead.objects.get(pk=1).sequence


def test_truncating_the_tail_and_moving_the_head_back_is_detected(chain):
    keep = chain[-4]
    _sql("DELETE FROM core_auditevent WHERE sequence > %s", keep.sequence)
    _sql("UPDATE core_auditchainhead SET sequence = %s, hash = %s", keep.sequence, keep.hash)
    report = audit_verify()
    assert not report.ok
    assert "newest events were removed" in report.problem


def test_deleting_the_head_row_after_truncation_is_detected_too(chain):
    _sql("DELETE FROM core_auditevent WHERE sequence > %s", chain[-3].sequence)
    _sql("DELETE FROM core_auditchainhead")
    assert not audit_verify().ok


def test_an_edited_head_row_is_detected(chain):
    _sql("UPDATE core_auditchainhead SET hash = %s", "a" * 64)
    report = audit_verify()
    assert not report.ok and "head" in report.problem


def _public_hash(event: AuditEvent, prev_hash: str) -> str:
    """What anyone can compute: SHA-256 of the event's canonical content, with no key."""
    event.prev_hash = prev_hash  # in memory only; the caller writes it with SQL
    return hashlib.sha256(event_content(event)).hexdigest()


def test_a_full_recomputation_with_the_public_algorithm_is_detected(chain):
    """The insider edits an event and recomputes every hash after it, and the head."""
    _sql("UPDATE core_auditevent SET action = %s WHERE id = %s", "test.rewritten", chain[2].pk)
    prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("sequence"):
        new = _public_hash(event, prev)
        _sql(
            "UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            prev,
            new,
            event.pk,
        )
        prev = new
    _sql("UPDATE core_auditchainhead SET hash = %s", prev)
    report = audit_verify()
    assert not report.ok and report.broken_sequence == 1
    assert "keyed hash" in report.problem


def test_a_rewrite_that_also_holds_the_key_is_caught_by_the_checkpoints(chain, settings):
    """Even with the key (a stolen one), the chain no longer reaches what was checkpointed."""
    from vigil.core.audit import event_hash

    _sql("UPDATE core_auditevent SET action = %s WHERE id = %s", "test.rewritten", chain[5].pk)
    prev = chain[4].hash
    for event in AuditEvent.objects.filter(sequence__gte=chain[5].sequence).order_by("sequence"):
        event.prev_hash = prev
        prev = event_hash(event)
        _sql(
            "UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            event.prev_hash,
            prev,
            event.pk,
        )
    _sql("UPDATE core_auditchainhead SET hash = %s", prev)
    report = audit_verify()
    assert not report.ok and report.broken_sequence == chain[5].sequence
    assert "signed checkpoint" in report.problem


def test_a_forged_or_conflicting_checkpoint_is_refused(chain, settings):
    path = settings.VIGIL_AUDIT_CHECKPOINT_FILE
    lines = path.read_text().splitlines()
    forged = json.loads(lines[-1])
    forged["sequence"] += 5
    path.write_text("\n".join([*lines, json.dumps(forged)]) + "\n")
    report = audit_verify()
    assert not report.ok and "valid signature" in report.problem
    path.write_text("\n".join(lines) + "\n")
    assert audit_verify().ok


def test_an_anchor_kept_elsewhere_must_still_be_in_the_chain(chain):
    assert audit_verify(anchor=chain[-3].hash).ok
    assert not audit_verify(anchor="b" * 64).ok
    out = io.StringIO()
    call_command("audit", "verify", "--anchor", chain[-1].hash, stdout=out)
    assert "intact" in out.getvalue() and chain[-1].hash in out.getvalue()
    with pytest.raises(CommandError, match="anchor"):
        call_command("audit", "verify", "--anchor", "c" * 64, stdout=io.StringIO())


def test_rotating_the_chain_key_keeps_old_events_verifiable(chain, personas, settings):
    settings.VIGIL_AUDIT_KEYS = f"{KEY_2},{settings.VIGIL_AUDIT_KEYS}"
    with transaction.atomic():
        _record(personas, 99)
    newest = AuditEvent.objects.order_by("-sequence").first()
    assert newest is not None and newest.key_id == "ta2"
    assert chain[0].key_id == "ta1"
    assert audit_verify().ok
    settings.VIGIL_AUDIT_KEYS = KEY_2  # the old key dropped: its events can no longer be proven
    report = audit_verify()
    assert not report.ok and "'ta1'" in report.problem


def test_the_checkpoint_command_writes_and_mails_the_head(chain, mailoutbox):
    out = io.StringIO()
    call_command("audit", "checkpoint", "--email", "vault@elsewhere.example", stdout=out)
    assert f"sequence={chain[-1].sequence}" in out.getvalue()
    [mail] = mailoutbox
    assert chain[-1].hash in mail.body and mail.to == ["vault@elsewhere.example"]
    assert checkpoint_write() is not None
