"""`vigil purge_uploads`: old import uploads go, unless a queued or running job needs them."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from vigil.core.audit import audit_verify
from vigil.core.models import AuditEvent, Job, Membership, StoredUpload
from vigil.core.services.uploads import uploads_purge
from vigil.core.tests.factories import JobFactory, Personas, StoredUploadFactory

PURGED = "upload.purged"


def _upload(
    actor: Membership, *, days_old: int, name: str = "custody-register.csv"
) -> StoredUpload:
    return StoredUploadFactory.create(
        institution=actor.institution,
        filename=name,
        uploaded_by=actor.user,
        created_at=timezone.now() - timedelta(days=days_old),
    )


def _job(actor: Membership, upload: StoredUpload, status: str) -> Job:
    return JobFactory.create(
        institution=actor.institution,
        status=status,
        params={"importer": "places", "upload": upload.pk, "mapping": {}, "dry_run": False},
        created_by=actor.user,
    )


def _purge_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=PURGED).order_by("sequence"))


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_uploads", *args, stdout=out)
    return out.getvalue().strip()


def test_old_unused_uploads_are_deleted_and_recent_ones_stay(personas: Personas):
    old = [_upload(personas.monitor, days_old=45), _upload(personas.monitor_b, days_old=31)]
    recent = [_upload(personas.monitor, days_old=29), _upload(personas.monitor_b, days_old=0)]
    assert _run() == "Deleted 2 upload(s) older than 30 day(s)."
    remaining = set(StoredUpload.objects.values_list("pk", flat=True))
    assert remaining == {u.pk for u in recent}
    assert not remaining & {u.pk for u in old}


def test_the_age_limit_can_be_changed(personas: Personas):
    _upload(personas.monitor, days_old=8)
    kept = _upload(personas.monitor, days_old=6)
    assert _run("--older-than-days", "7") == "Deleted 1 upload(s) older than 7 day(s)."
    assert list(StoredUpload.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.parametrize("status", [Job.Status.QUEUED, Job.Status.RUNNING])
def test_an_upload_a_queued_or_running_job_needs_stays(personas: Personas, status: str):
    needed = _upload(personas.monitor, days_old=90)
    _job(personas.monitor, needed, status)
    unused = _upload(personas.monitor, days_old=90)
    assert uploads_purge() == 1
    assert StoredUpload.objects.filter(pk=needed.pk).exists()
    assert not StoredUpload.objects.filter(pk=unused.pk).exists()
    assert _run("--dry-run") == "Dry run: 0 upload(s) older than 30 day(s) would be deleted."


@pytest.mark.parametrize("status", [Job.Status.SUCCEEDED, Job.Status.FAILED])
def test_an_upload_of_a_finished_job_is_deleted(personas: Personas, status: str):
    upload = _upload(personas.monitor, days_old=90)
    _job(personas.monitor, upload, status)
    assert uploads_purge() == 1
    assert not StoredUpload.objects.exists()
    assert Job.objects.count() == 1  # the job's record and report stay


def test_a_dry_run_counts_and_deletes_nothing(personas: Personas):
    for _ in range(3):
        _upload(personas.monitor, days_old=40)
    _upload(personas.monitor_b, days_old=40)
    _upload(personas.monitor, days_old=1)
    events_before = AuditEvent.objects.count()
    out = _run("--dry-run")
    assert out == "Dry run: 4 upload(s) older than 30 day(s) would be deleted."
    assert uploads_purge(dry_run=True) == 4
    assert StoredUpload.objects.count() == 5
    assert AuditEvent.objects.count() == events_before


def test_each_batch_leaves_one_audit_event_with_the_count_only(personas: Personas):
    names = [f"allegations-{n}-Jane Doe.xlsx" for n in range(5)]
    for name in names:
        _upload(personas.monitor, days_old=60, name=name)
    _upload(personas.monitor_b, days_old=60, name="B register.csv")
    assert _run("--batch-size", "2") == "Deleted 6 upload(s) older than 30 day(s)."
    events = _purge_events()
    assert [(e.institution_id, e.details) for e in events] == [
        (personas.institution_a.pk, {"count": 2}),
        (personas.institution_a.pk, {"count": 2}),
        (personas.institution_a.pk, {"count": 1}),
        (personas.institution_b.pk, {"count": 1}),
    ]
    for event in events:
        assert event.actor_id is None
        recorded = json.dumps(event.details) + event.target_type + event.target_id
        for name in [*names, "B register.csv"]:
            assert name not in recorded
        assert "Jane" not in recorded and ".xlsx" not in recorded


def test_nothing_to_delete_records_no_event(personas: Personas):
    _upload(personas.monitor, days_old=2)
    assert _run() == "Deleted 0 upload(s) older than 30 day(s)."
    assert _purge_events() == []


def test_the_audit_chain_still_verifies_after_a_purge(personas: Personas):
    for days in (35, 50, 70, 3):
        _upload(personas.monitor, days_old=days)
    _upload(personas.monitor_b, days_old=100)
    assert uploads_purge(batch_size=2) == 4
    report = audit_verify()
    assert report.ok, report.problem
    assert report.events == AuditEvent.objects.count()
    assert len(_purge_events()) == 3


def test_bad_arguments_are_refused(personas: Personas):
    _upload(personas.monitor, days_old=60)
    with pytest.raises(CommandError, match="--older-than-days"):
        _run("--older-than-days", "-1")
    with pytest.raises(CommandError, match="--batch-size"):
        _run("--batch-size", "0")
    with pytest.raises(ValueError):
        uploads_purge(older_than_days=-1)
    assert StoredUpload.objects.count() == 1
