"""A damaged ciphertext is contained: it reads as a marker, is logged, and is reported."""

from __future__ import annotations

import copy
import io
import logging

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from vigil.core import crypto
from vigil.core.downloads import csv_lines, xlsx_bytes
from vigil.core.fields import DamagedJSON, DamagedValue, is_damaged
from vigil.core.keys import damaged_values, values_not_on_active_key
from vigil.core.tests.sensitive.models import Dossier
from vigil.core.tests.stored import corrupt_ciphertext
from vigil.core.tests.test_encryption import KEY_1, KEY_2

MARKER = "this value cannot be read (damaged)"
PLANTED = "Oyunaa Planted-Name"


def _dossier(personas, name: str = PLANTED) -> Dossier:
    return Dossier.objects.create(
        institution=personas.institution_a, name=name, notes={"account": "planted account"}
    )


def _raw(pk: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM sensitive_test_dossier WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def corrupt(pk: int, column: str = "name") -> str:
    return corrupt_ciphertext(Dossier, column, pk)


def test_a_damaged_text_reads_as_the_marker_and_is_logged_without_the_value(personas, caplog):
    dossier = _dossier(personas)
    damaged = corrupt(dossier.pk)
    with caplog.at_level(logging.ERROR, logger="vigil.core.damaged"):
        fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.name == MARKER and is_damaged(fresh.name)
    assert isinstance(fresh.name, DamagedValue) and fresh.name.is_damaged()
    assert fresh.notes == {"account": "planted account"}  # the other field still reads
    assert not is_damaged(fresh.notes)
    [record] = caplog.records
    message = record.getMessage()
    assert "sensitive_test.Dossier.name" in message and f"pk {dossier.pk}" in message
    assert PLANTED not in message and damaged not in message
    assert damaged.rsplit(":", 1)[1] not in message


def test_a_damaged_json_value_reads_as_the_marker_under_every_key(personas):
    dossier = _dossier(personas)
    corrupt(dossier.pk, "notes")
    notes = Dossier.objects.get(pk=dossier.pk).notes
    assert isinstance(notes, DamagedJSON) and is_damaged(notes) and notes.is_damaged()
    assert notes["account"] == MARKER and notes.get("anything") == MARKER
    assert str(notes) == MARKER and bool(notes)


def test_saving_a_record_keeps_the_damaged_ciphertext_as_it_was(personas):
    dossier = _dossier(personas)
    damaged = corrupt(dossier.pk)
    fresh = Dossier.objects.get(pk=dossier.pk)
    fresh.full_clean()
    fresh.name_index = "changed"
    fresh.save()
    # The marker never becomes data: the stored value is the same damaged ciphertext.
    assert _raw(dossier.pk, "name") == damaged
    assert is_damaged(Dossier.objects.get(pk=dossier.pk).name)
    # A new value typed over it repairs the record.
    fresh.name = "Repaired Name"
    fresh.save(update_fields=["name"])
    assert Dossier.objects.get(pk=dossier.pk).name == "Repaired Name"


def test_a_value_under_an_unknown_key_reads_as_damaged_with_its_reason(personas, settings):
    dossier = _dossier(personas)
    settings.VIGIL_DATA_KEYS = KEY_2
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert is_damaged(fresh.name) and fresh.name.reason == "unknown key"
    assert is_damaged(fresh.notes)


def test_a_damaged_value_survives_copying(personas):
    dossier = _dossier(personas)
    corrupt(dossier.pk)
    value = copy.deepcopy(Dossier.objects.get(pk=dossier.pk).name)
    assert is_damaged(value) and value == MARKER


def test_exports_and_documents_write_the_marker(personas):
    dossier = _dossier(personas)
    corrupt(dossier.pk)
    name = Dossier.objects.get(pk=dossier.pk).name
    assert MARKER in "".join(csv_lines(["name"], [[name]]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx_bytes(["name"], [[name]], title="t"))).active
    assert sheet["A2"].value == MARKER


def test_keys_check_names_every_damaged_value_and_fails(personas):
    clean, first, second = _dossier(personas), _dossier(personas), _dossier(personas)
    out = io.StringIO()
    call_command("keys", "check", stdout=out)
    assert "Every stored value can be read" in out.getvalue()
    corrupt(first.pk)
    corrupt(second.pk, "notes")
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 stored value"):
        call_command("keys", "check", stdout=out)
    assert f"sensitive_test.Dossier.name pk={first.pk}" in out.getvalue()
    assert f"sensitive_test.Dossier.notes pk={second.pk}" in out.getvalue()
    assert f"pk={clean.pk}" not in out.getvalue()
    assert PLANTED not in out.getvalue()
    assert {(d.label, d.pk) for d in damaged_values()} == {
        ("sensitive_test.Dossier.name", first.pk),
        ("sensitive_test.Dossier.notes", second.pk),
    }


def test_rotation_skips_damaged_values_and_reports_them(personas, settings):
    dossiers = [_dossier(personas, name=f"Person {n}") for n in range(5)]
    damaged = corrupt(dossiers[2].pk)
    settings.VIGIL_DATA_KEYS = f"{KEY_2},{KEY_1}"
    out = io.StringIO()
    call_command("keys", "rotate", "--batch-size", "2", stdout=out)
    text = out.getvalue()
    assert "0 left on older keys" in text
    assert "1 damaged value(s) left as they are" in text
    assert f"sensitive_test.Dossier.name pk={dossiers[2].pk}" in text
    assert _raw(dossiers[2].pk, "name") == damaged  # left as it was
    assert values_not_on_active_key() == 1
    settings.VIGIL_DATA_KEYS = KEY_2
    names = [Dossier.objects.get(pk=d.pk).name for d in dossiers]
    assert names[:2] + names[3:] == ["Person 0", "Person 1", "Person 3", "Person 4"]
    assert is_damaged(names[2])


def test_damaged_files_are_named_by_the_check_and_skipped_by_rotation(personas, settings):
    from vigil.core.models import GeneratedDocument
    from vigil.core.services.documents import document_store

    kept, broken = (
        document_store(
            actor=personas.admin,
            title="Report",
            filename="report.pdf",
            content_type="application/pdf",
            content=b"%PDF-1.7 " + bytes([n]),
            audience="internal",
        )
        for n in range(2)
    )
    content = bytes(GeneratedDocument.objects.get(pk=broken.pk).content)
    GeneratedDocument.objects.filter(pk=broken.pk).update(content=content[:-1] + b"\x00")
    assert [(d.label, d.pk) for d in damaged_values()] == [
        ("core.GeneratedDocument.content", broken.pk)
    ]
    settings.VIGIL_DATA_KEYS = f"{KEY_2},{KEY_1}"
    out = io.StringIO()
    call_command("keys", "rotate", stdout=out)
    assert f"core.GeneratedDocument.content pk={broken.pk}" in out.getvalue()
    assert GeneratedDocument.objects.get(pk=kept.pk).key_id == "t2"
    assert GeneratedDocument.objects.get(pk=broken.pk).key_id == "t1"
    assert crypto.key_ring().active_id == "t2"
