"""Upgrading keys an existing (unkeyed SHA-256) audit chain, and refuses a broken one."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vigil.core.audit import audit_verify
from vigil.core.chain import GENESIS_HASH, canonical
from vigil.core.models import AuditEvent

BEFORE = [("core", "0003_generated_documents")]
AFTER = [("core", "0004_keyed_audit_chain")]


def _migrate(target: list[tuple[str, str]] | None = None) -> None:
    """Migrate to `target`; without one, to the latest state of every app, so that the
    migrations after AFTER (undone by going back to BEFORE) are there for the next tests."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema() -> Iterator[None]:
    """Leave the database as every other test expects it: with the migrations after AFTER."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _legacy_chain(count: int, *, break_at: int | None = None) -> None:
    prev = GENESIS_HASH
    with connection.cursor() as cursor:
        for sequence in range(1, count + 1):
            at = datetime(2026, 1, sequence, 9, 0, tzinfo=UTC)
            content = canonical(
                sequence=sequence,
                created_at=at,
                actor_id=None,
                institution_id=None,
                action=f"legacy.{sequence}",
                target_type="",
                target_id="",
                details={"n": sequence},
                prev_hash=prev,
            )
            digest = hashlib.sha256(content).hexdigest()
            action = "legacy.tampered" if sequence == break_at else f"legacy.{sequence}"
            cursor.execute(
                "INSERT INTO core_auditevent (sequence, created_at, action, target_type,"
                " target_id, details, prev_hash, hash) VALUES (%s, %s, %s, '', '', %s, %s, %s)",
                [sequence, at, action, f'{{"n": {sequence}}}', prev, digest],
            )
            prev = digest
        cursor.execute("DELETE FROM core_auditchainhead")
        cursor.execute(
            "INSERT INTO core_auditchainhead (id, sequence, hash) VALUES (1, %s, %s)",
            [count, prev],
        )


@pytest.mark.django_db(transaction=True)
def test_upgrading_keys_an_intact_legacy_chain():
    AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)  # type: ignore[attr-defined]
    _migrate(BEFORE)
    try:
        _legacy_chain(6)
    finally:
        _migrate()
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {"ta1"}
    report = audit_verify()
    assert report.ok and report.events == 6


@pytest.mark.django_db(transaction=True)
def test_upgrading_refuses_a_legacy_chain_that_was_already_broken():
    AuditEvent.objects.all()._raw_delete(AuditEvent.objects.db)  # type: ignore[attr-defined]
    _migrate(BEFORE)
    try:
        _legacy_chain(5, break_at=3)
        with pytest.raises(RuntimeError, match="broken at event 3"):
            _migrate(AFTER)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent")
            cursor.execute("DELETE FROM core_auditchainhead")
        _migrate()
