"""The audit chain finds any edited, deleted, inserted or reordered event."""

from __future__ import annotations

import io
import itertools
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from vigil.core.audit import GENESIS_HASH, audit_record, audit_verify
from vigil.core.models import AppendOnlyError, AuditChainHead, AuditEvent


@pytest.fixture
def chain(personas):
    """Five events on top of those the personas' creation may have written."""
    with transaction.atomic():
        for n in range(5):
            audit_record(
                action=f"test.event{n}",
                actor=personas.admin.user,
                institution=personas.institution_a,
                target=personas.monitor,
                details={"n": n},
            )
    return list(AuditEvent.objects.order_by("sequence"))


def _sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify_command() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_an_untouched_chain_verifies_and_prints_its_head_hash(chain):
    output = _verify_command()
    assert "intact" in output
    assert chain[-1].hash in output
    assert chain[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(chain))


def test_an_edited_event_is_named(chain):
    victim = chain[2]
    _sql("UPDATE core_auditevent SET action = %s WHERE id = %s", "test.tampered", victim.pk)
    report = audit_verify()
    assert not report.ok and report.broken_sequence == victim.sequence
    assert "edited" in report.problem
    with pytest.raises(CommandError, match=f"BROKEN at event {victim.sequence}"):
        _verify_command()


def test_edited_details_are_caught_too(chain):
    _sql("UPDATE core_auditevent SET details = %s WHERE id = %s", '{"n": 99}', chain[1].pk)
    assert audit_verify().broken_sequence == chain[1].sequence


def test_a_deleted_event_is_named(chain):
    victim = chain[3]
    _sql("DELETE FROM core_auditevent WHERE id = %s", victim.pk)
    report = audit_verify()
    assert not report.ok and report.broken_sequence == victim.sequence
    assert "missing" in report.problem


def test_deleting_the_last_events_is_caught_by_the_head(chain):
    _sql("DELETE FROM core_auditevent WHERE sequence >= %s", chain[-2].sequence)
    report = audit_verify()
    assert not report.ok and report.broken_sequence == chain[-2].sequence


def test_reordered_events_are_caught(chain):
    first, second = chain[1], chain[2]
    # Swap the two events' positions in the chain.
    _sql("UPDATE core_auditevent SET sequence = %s WHERE id = %s", 10**9, first.pk)
    _sql("UPDATE core_auditevent SET sequence = %s WHERE id = %s", first.sequence, second.pk)
    _sql("UPDATE core_auditevent SET sequence = %s WHERE id = %s", second.sequence, first.pk)
    report = audit_verify()
    assert not report.ok and report.broken_sequence == first.sequence


def test_an_inserted_event_is_caught(chain):
    # Make room after event 2 and insert a forged event whose hashes look plausible.
    _sql(
        "UPDATE core_auditevent SET sequence = sequence + 1000 WHERE sequence > %s",
        chain[2].sequence,
    )
    _sql(
        "INSERT INTO core_auditevent (sequence, created_at, action, target_type, target_id,"
        " details, prev_hash, hash, key_id) VALUES (%s, %s, %s, '', '', '{}', %s, %s, 'ta1')",
        chain[2].sequence + 1,
        chain[2].created_at,
        "test.forged",
        chain[2].hash,
        "f" * 64,
    )
    report = audit_verify()
    assert not report.ok and report.broken_sequence == chain[2].sequence + 1


def test_the_model_refuses_updates_and_deletes(chain):
    event = chain[0]
    event.action = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_an_event_is_rolled_back_with_the_change_it_records(chain, personas):
    before = AuditEvent.objects.count()
    head_before = AuditChainHead.objects.get(pk=1).hash
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="test.doomed", actor=None, institution=personas.institution_a)
        raise RuntimeError("the change fails")
    assert AuditEvent.objects.count() == before
    assert AuditChainHead.objects.get(pk=1).hash == head_before
    assert audit_verify().ok
