"""Encryption at rest: nothing planted in an encrypted field reaches the database in clear."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from vigil.core import crypto
from vigil.core.fields import is_damaged
from vigil.core.keys import values_not_on_active_key
from vigil.core.models import AuditEvent
from vigil.core.tests.sensitive.models import Dossier
from vigil.core.tests.stored import stored_bytes

PLANTED_NAME = "Batbayar Ganzorig-Planted"
PLANTED_NOTE = "beaten in cell 4 on arrival (planted note)"
KEY_1 = "t1:" + base64.b64encode(b"test-data-key-1-thirty-two-bytes").decode()
KEY_2 = "t2:" + base64.b64encode(b"test-data-key-2-thirty-two-bytes").decode()


def _dossier(personas, name: str = PLANTED_NAME) -> Dossier:
    return Dossier.objects.create(
        institution=personas.institution_a,
        name=name,
        notes={"account": PLANTED_NOTE, "injuries": ["left wrist"]},
        name_index=crypto.blind_index(name, purpose="dossier.name"),
    )


def _raw(pk: int, column: str = "name") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM sensitive_test_dossier WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_values_round_trip_and_are_stored_as_ciphertext(personas):
    dossier = _dossier(personas)
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.name == PLANTED_NAME
    assert fresh.notes == {"account": PLANTED_NOTE, "injuries": ["left wrist"]}
    raw = _raw(dossier.pk)
    assert raw.startswith("v1:t1:") and PLANTED_NAME not in raw


def test_each_encryption_uses_a_fresh_nonce(personas):
    first, second = _dossier(personas), _dossier(personas)
    assert _raw(first.pk) != _raw(second.pk)


@pytest.mark.django_db(transaction=True)
def test_planted_values_are_not_in_the_database_at_rest(personas):
    """SQLite: the database file and its WAL; PostgreSQL: a pg_dump of the test database."""
    _dossier(personas)
    stored = stored_bytes()
    # The check is real: the institution's name is stored in clear, and is found.
    assert personas.institution_a.name.encode() in stored
    for secret in (PLANTED_NAME, PLANTED_NOTE, "left wrist"):
        assert secret.encode() not in stored
        assert secret.encode("utf-16-le") not in stored


def test_tampered_ciphertext_reads_as_damaged_never_as_wrong_text(personas):
    dossier = _dossier(personas)
    raw = _raw(dossier.pk)
    prefix, payload = raw.rsplit(":", 1)
    flipped = bytearray(base64.b64decode(payload))
    flipped[-1] ^= 0x01
    tampered = f"{prefix}:{base64.b64encode(bytes(flipped)).decode()}"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sensitive_test_dossier SET name = %s WHERE id = %s", [tampered, dossier.pk]
        )
    with pytest.raises(crypto.DecryptionError, match="altered"):
        crypto.decrypt(tampered, context="sensitive_test.Dossier.name")
    assert is_damaged(Dossier.objects.get(pk=dossier.pk).name)


def test_a_value_moved_to_another_field_does_not_decrypt(personas):
    dossier = _dossier(personas)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sensitive_test_dossier SET notes = name WHERE id = %s", [dossier.pk])
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(_raw(dossier.pk, "notes"), context="sensitive_test.Dossier.notes")
    assert is_damaged(Dossier.objects.get(pk=dossier.pk).notes)


def test_encrypted_fields_refuse_lookups_that_cannot_work(personas):
    with pytest.raises(TypeError, match="blind index"):
        list(Dossier.objects.filter(name=PLANTED_NAME))
    assert Dossier.objects.filter(notes__isnull=True).count() == 0


def test_blind_index_finds_exact_matches_whatever_the_case_and_spacing(personas):
    _dossier(personas)
    _dossier(personas, name="Someone Else")
    digest = crypto.blind_index("  batbayar   GANZORIG-planted ", purpose="dossier.name")
    assert [d.name for d in Dossier.objects.filter(name_index=digest)] == [PLANTED_NAME]
    other_purpose = crypto.blind_index(PLANTED_NAME, purpose="dossier.id_number")
    assert other_purpose != digest
    assert PLANTED_NAME.lower() not in digest


def test_key_ring_errors_name_the_problem():
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        crypto.parse_key_ring("k1:" + base64.b64encode(b"short").decode())
    with pytest.raises(ImproperlyConfigured, match="twice"):
        crypto.parse_key_ring(f"{KEY_1},{KEY_1}")
    with pytest.raises(ImproperlyConfigured, match="id:base64key"):
        crypto.parse_key_ring("no-separator")


def test_values_under_an_unknown_key_fail_clearly(personas, settings):
    dossier = _dossier(personas)
    settings.VIGIL_DATA_KEYS = KEY_2
    with pytest.raises(crypto.DecryptionError, match="No key with id 't1'"):
        crypto.decrypt(_raw(dossier.pk), context="sensitive_test.Dossier.name")
    assert Dossier.objects.get(pk=dossier.pk).name.reason == "unknown key"  # type: ignore[attr-defined]


def test_rotation_re_encrypts_everything_with_the_new_key(personas, settings):
    dossiers = [_dossier(personas, name=f"Person {n}") for n in range(7)]
    settings.VIGIL_DATA_KEYS = f"{KEY_2},{KEY_1}"
    assert values_not_on_active_key() == 14  # name and notes of seven dossiers
    out = io.StringIO()
    call_command("keys", "rotate", "--batch-size", "3", stdout=out)
    assert "0 left on older keys" in out.getvalue()
    assert values_not_on_active_key() == 0
    assert all(_raw(d.pk).startswith("v1:t2:") for d in dossiers)
    assert all(_raw(d.pk, "notes").startswith("v1:t2:") for d in dossiers)
    # The old key can now go: every value still decrypts with the new key alone.
    settings.VIGIL_DATA_KEYS = KEY_2
    assert sorted(d.name for d in Dossier.objects.all()) == sorted(d.name for d in dossiers)
    assert AuditEvent.objects.filter(action="keys.rotated").exists()


def test_an_interrupted_rotation_finishes_when_run_again(personas, settings):
    for n in range(5):
        _dossier(personas, name=f"Person {n}")
    settings.VIGIL_DATA_KEYS = f"{KEY_2},{KEY_1}"
    from vigil.core.keys import keys_rotate

    progress = keys_rotate(batch_size=2)
    next(progress)  # one batch commits, then the run "dies"
    progress.close()
    assert 0 < values_not_on_active_key() < 10
    call_command("keys", "rotate", stdout=io.StringIO())
    assert values_not_on_active_key() == 0
    settings.VIGIL_DATA_KEYS = KEY_2
    assert Dossier.objects.count() == 5 and all(d.name for d in Dossier.objects.all())


def test_reading_a_sensitive_record_leaves_an_audit_event(personas):
    from vigil.core.access import get_for_actor

    dossier = _dossier(personas)
    before = AuditEvent.objects.filter(action="record.read").count()
    get_for_actor(Dossier.objects.all(), actor=personas.investigator, pk=dossier.pk)
    event = AuditEvent.objects.filter(action="record.read").latest("sequence")
    assert AuditEvent.objects.filter(action="record.read").count() == before + 1
    assert event.actor == personas.investigator.user
    assert (event.target_type, event.target_id) == ("sensitive_test.dossier", str(dossier.pk))
    assert PLANTED_NAME not in str(event.details)


def test_rotation_covers_the_two_factor_secrets(personas, settings):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(personas.monitor.user, secret)
    settings.VIGIL_DATA_KEYS = f"{KEY_2},{KEY_1}"
    assert values_not_on_active_key() == 1  # counted, so "0 left" can be trusted
    call_command("keys", "rotate", stdout=io.StringIO())
    assert values_not_on_active_key() == 0
    settings.VIGIL_DATA_KEYS = KEY_2
    stored = Authenticator.objects.get(user=personas.monitor.user).data["secret"]
    assert stored.startswith("v1:t2:")
    assert crypto.decrypt(stored, context="allauth.mfa.secret") == secret
