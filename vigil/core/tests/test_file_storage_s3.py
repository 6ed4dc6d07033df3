"""Evidence files and generated documents in an S3-compatible bucket (VIGIL_FILE_STORAGE=s3,
ADR 0019), against a real S3 server on loopback: moto's server mode, in a process of its own.

The bucket holds only ciphertext bound to its record; the rows hold the object's name; each
file reads back through the same services; key rotation and retention reach the objects.
"""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta

import boto3
import pytest
from botocore.config import Config
from django.core.files.storage import storages
from django.utils import timezone

from vigil.core import crypto, filestore
from vigil.core.keys import damaged_values, keys_rotate
from vigil.core.models import GeneratedDocument
from vigil.core.services.documents import document_read, document_store
from vigil.core.services.retention import retention_apply, retention_periods_set
from vigil.people.models import Evidence
from vigil.people.services import evidence as evidence_services
from vigil.people.tests.factories import CaseFactory, InterviewFactory
from vigil.people.tests.factories_evidence import pdf_bytes
from vigil.people.tests.factories_interviews import visit_of_a

BUCKET = "vigil-test"
KEY_1 = "t1:" + base64.b64encode(b"test-data-key-1-thirty-two-bytes").decode()
KEY_2 = "t2:" + base64.b64encode(b"test-data-key-2-thirty-two-bytes").decode()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server (`moto[s3]` and flask, from the lock file) on a free loopback port."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the S3 server did not start")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=30)


def _client(endpoint: str):  # type: ignore[no-untyped-def]
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
        aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}),
    )  # fmt: skip


@pytest.fixture
def bucket(settings, s3_endpoint: str):  # type: ignore[no-untyped-def]
    """The settings VIGIL_FILE_STORAGE=s3 makes, on an empty bucket; the bucket's client."""
    client = _client(s3_endpoint)
    if BUCKET in {b["Name"] for b in client.list_buckets()["Buckets"]}:
        for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    else:
        client.create_bucket(Bucket=BUCKET)
    settings.VIGIL_FILE_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        filestore.STORAGE_ALIAS: {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": "us-east-1",
                "access_key": "test", "secret_key": "test", "location": "vigil",
                "default_acl": "private", "file_overwrite": False,
            },
        },
    }  # fmt: skip
    return client


def _objects(client) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    return CaseFactory.create(
        institution=personas.institution_a,
        received_by=personas.investigator.user,
        team=[personas.investigator],
    )


def test_evidence_and_a_document_are_kept_encrypted_in_the_bucket_and_read_back(
    personas, case, bucket
):
    secret = pdf_bytes("Statement of witness Planted-Oyunchimeg")
    evidence = evidence_services.evidence_add(actor=personas.investigator, holder=case, data=secret)
    report = b"%PDF-1.7 Visit report naming Planted-Batbayar"
    document = document_store(
        actor=personas.admin, title="Visit report", filename="report.pdf",
        content_type="application/pdf", content=report, audience="internal",
    )  # fmt: skip

    # The rows hold names, not bytes; the bucket holds ciphertext alone.
    evidence_row = Evidence.objects.get(pk=evidence.pk)
    document_row = GeneratedDocument.objects.get(pk=document.pk)
    assert bytes(evidence_row.content) == b"" and bytes(document_row.content) == b""
    assert evidence_row.stored_at.startswith(f"evidence/{personas.institution_a.pk}/")
    assert document_row.stored_at.startswith(f"documents/{personas.institution_a.pk}/")
    stored = _objects(bucket)
    assert set(stored) == {f"vigil/{evidence_row.stored_at}", f"vigil/{document_row.stored_at}"}
    for blob in stored.values():
        assert blob.startswith(b"v1:t1:")
        assert b"Planted-" not in blob and secret not in blob and report not in blob

    # They read back through the services, each read audited as before.
    assert evidence_services.evidence_read(actor=personas.investigator, evidence=evidence) == secret
    assert document_read(actor=personas.admin, document=document_row) == report

    # An object copied onto another record's name does not open (bound to its record).
    storage = storages[filestore.STORAGE_ALIAS]
    storage.delete(document_row.stored_at)
    storage.save(document_row.stored_at, storage.open(evidence_row.stored_at))
    with pytest.raises(crypto.DecryptionError):
        document_read(actor=personas.admin, document=document_row)

    # An object missing from the bucket (restored to another time) is damage the key check
    # names, and a refused read, never a crash.
    storage.delete(document_row.stored_at)
    assert [(d.label, d.pk, d.reason) for d in damaged_values()] == [
        ("core.GeneratedDocument.content", document.pk, "missing from the file storage")
    ]
    with pytest.raises(crypto.DecryptionError):
        document_read(actor=personas.admin, document=document_row)


def test_key_rotation_rewrites_the_objects_and_retention_deletes_them(
    personas, bucket, settings, django_capture_on_commit_callbacks
):
    settings.VIGIL_DATA_KEYS = KEY_1
    secret = pdf_bytes("Medical photograph Planted-Oyun")
    # Evidence of an interview that no case holds: retention may take it.
    interview = InterviewFactory.create(
        visit=visit_of_a(personas), created_by=personas.monitor.user
    )
    with django_capture_on_commit_callbacks(execute=True):
        evidence = evidence_services.evidence_add(
            actor=personas.monitor, holder=interview, data=secret
        )
    first_name = Evidence.objects.get(pk=evidence.pk).stored_at

    settings.VIGIL_DATA_KEYS = f"{KEY_2},{KEY_1}"
    with django_capture_on_commit_callbacks(execute=True):
        list(keys_rotate())
    rotated = Evidence.objects.get(pk=evidence.pk)
    assert rotated.key_id == "t2" and rotated.stored_at != first_name
    assert set(_objects(bucket)) == {f"vigil/{rotated.stored_at}"}  # the old object is gone
    assert next(iter(_objects(bucket).values())).startswith(b"v1:t2:")
    settings.VIGIL_DATA_KEYS = KEY_2
    assert evidence_services.evidence_read(actor=personas.monitor, evidence=rotated) == secret

    # Past its retention period, the file leaves the bucket with its row.
    retention_periods_set(actor=personas.admin, periods={"evidence": 30})
    with django_capture_on_commit_callbacks(execute=True):
        summary = retention_apply(
            institution=personas.institution_a, now=timezone.now() + timedelta(days=31)
        )
    assert summary["evidence"]["removed"] == 1
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert _objects(bucket) == {}
