"""Jobs whose worker dies: a real `vigil db_worker` process is killed (SIGKILL) in the middle of
an import and of a report; the job is then marked failed with a reason, its owner starts it
again with one click, and the retry does the work once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vigil.core import hooks, jobs
from vigil.core.imports import JOB_KIND, importer_get
from vigil.core.models import AuditEvent, GeneratedDocument, Job, Membership, StoredUpload
from vigil.core.roles import Role
from vigil.core.services.uploads import upload_create
from vigil.core.tabular import guess_mapping, read_table
from vigil.core.tests.factories import (
    JobFactory,
    MembershipFactory,
    client_for,
    run_background_jobs,
)
from vigil.core.tests.worker_process import worker_environment
from vigil.places.models import Place

ROWS = 6000
STOPPED_REASON = "The worker running this job stopped (at "
# Long enough for the slowest machine to reach the point; the test never waits it out.
DEADLINE_SECONDS = 600


def _places_csv(rows: int) -> bytes:
    lines = ["Reference,Name,Kind,Authority,Region"]
    lines += [f"P-{n:05},Lock-up {n},police_station,National Police,North" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _import_places(actor: Membership, content: bytes) -> Job:
    importer = importer_get("places")
    assert importer is not None
    upload = upload_create(actor=actor, importer=importer, filename="register.csv", content=content)
    table = read_table(content, "register.csv")
    return jobs.job_start(
        actor=actor,
        kind=JOB_KIND,
        title="Places from register.csv",
        params={
            "importer": "places",
            "upload": upload.pk,
            "mapping": guess_mapping(table.headers, importer.columns),
            "dry_run": False,
        },
    )


@contextmanager
def _worker_stopped_at(kind: str, at: int, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`vigil db_worker` in its own process, stopped in the first job of `kind` at progress `at`."""
    stopped, log = tmp_path / "stopped", tmp_path / "worker.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "vigil.core.tests.worker_process", kind, str(at), str(stopped)],
            env=worker_environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not stopped.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker never reached {at}:\n{log.read_text()[-4000:]}")
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def _kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def _running_in(job: Job, process: subprocess.Popen[bytes]) -> None:
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING
    assert job.worker.endswith(f":{process.pid}")
    assert job.heartbeat_at is not None


def _retried(client: Any, job: Job) -> Job:
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert STOPPED_REASON in page and "Start it again" in page
    response = client.post(reverse("core:job_retry", args=[job.pk]))
    assert response.status_code == 302
    retry = Job.objects.get(retry_of=job)
    assert response["Location"] == reverse("core:job_detail", args=[retry.pk])
    run_background_jobs()
    retry.refresh_from_db()
    return retry


def test_an_import_whose_worker_is_killed_saves_nothing_and_its_retry_imports_each_row_once(
    transactional_db, personas, tmp_path
):
    job = _import_places(personas.monitor, _places_csv(ROWS))
    # Stopped when every row is written, inside the import's transaction, before it commits.
    with _worker_stopped_at(JOB_KIND, 2 * ROWS, tmp_path) as worker:
        _running_in(job, worker)
        _kill(worker)
    assert not Place.objects.filter(institution=personas.institution_a).exists()

    client = client_for(personas.monitor)
    # The job page finds the job's worker silent, and says so.
    with override_settings(VIGIL_JOB_STALE_SECONDS=0):
        page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message.startswith(STOPPED_REASON) and job.message in page
    assert job.message.endswith("nothing of it was saved. Start it again.")
    recovered = AuditEvent.objects.get(action="job.recovered", target_id=str(job.pk))
    assert recovered.actor is None and recovered.institution == personas.institution_a
    assert recovered.details["worker"] == job.worker

    retry = _retried(client, job)
    assert retry.status == Job.Status.SUCCEEDED, retry.message
    assert (retry.result["created"], retry.result["updated"]) == (ROWS, 0)
    places = Place.objects.filter(institution=personas.institution_a)
    assert places.count() == places.values("external_ref").distinct().count() == ROWS
    assert AuditEvent.objects.filter(action="place.created").count() == ROWS
    # A second click on the failed job's button opens the same retry; nothing runs twice.
    again = client.post(reverse("core:job_retry", args=[job.pk]))
    assert again["Location"] == reverse("core:job_detail", args=[retry.pk])
    assert Job.objects.filter(retry_of=job).count() == 1


def test_a_report_whose_worker_is_killed_is_written_once_by_its_retry(
    transactional_db, personas, tmp_path
):
    from vigil.places.tests.factories import PlaceFactory
    from vigil.visits.reports.jobs import JOB_KIND as REPORT_JOB
    from vigil.visits.reports.jobs import report_job_start
    from vigil.visits.tests.factories import VisitFactory

    place = PlaceFactory.create(institution=personas.institution_a, name="North Prison")
    visit = VisitFactory.create(place=place, created_by=personas.monitor.user)
    job = report_job_start(actor=personas.monitor, visit=visit, fmt="docx", audience="internal")
    # Stopped when the file is written, before it is stored.
    with _worker_stopped_at(REPORT_JOB, 2, tmp_path) as worker:
        _running_in(job, worker)
        _kill(worker)

    with override_settings(VIGIL_JOB_STALE_SECONDS=0):
        call_command("jobs", "recover", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message.startswith(STOPPED_REASON)
    assert not GeneratedDocument.objects.exists()

    retry = _retried(client_for(personas.monitor), job)
    assert retry.status == Job.Status.SUCCEEDED, retry.message
    document = GeneratedDocument.objects.get()
    assert retry.result["document"] == document.pk


# --- heartbeat and staleness -----------------------------------------------------------------


def _running(personas: Any, *, silent_for: float) -> Job:
    beat = timezone.now() - timedelta(seconds=silent_for)
    return JobFactory.create(
        institution=personas.institution_a,
        created_by=personas.monitor.user,
        status=Job.Status.RUNNING,
        started_at=beat,
        heartbeat_at=beat,
        worker="vigil-1:4242",
    )


def test_only_a_job_silent_for_longer_than_the_stale_time_is_recovered(personas, settings):
    settings.VIGIL_JOB_STALE_SECONDS = 120
    beating = _running(personas, silent_for=60)
    silent = _running(personas, silent_for=180)
    queued = JobFactory.create(institution=personas.institution_a, created_by=silent.created_by)
    finished = _running(personas, silent_for=600)
    Job.objects.filter(pk=finished.pk).update(status=Job.Status.SUCCEEDED)

    assert jobs.jobs_recover() == 1
    statuses = dict(Job.objects.values_list("pk", "status"))
    assert statuses == {
        beating.pk: Job.Status.RUNNING,
        silent.pk: Job.Status.FAILED,
        queued.pk: Job.Status.QUEUED,
        finished.pk: Job.Status.SUCCEEDED,
    }
    assert jobs.jobs_recover() == 0  # once is enough
    assert AuditEvent.objects.filter(action="job.recovered").count() == 1


def test_the_reason_gives_the_last_heartbeat_in_the_institutions_time(personas, settings):
    settings.VIGIL_JOB_STALE_SECONDS = 120
    personas.institution_a.time_zone = "Asia/Ulaanbaatar"  # UTC+8, no daylight saving
    personas.institution_a.save()
    job = _running(personas, silent_for=300)
    local = timezone.localtime(job.heartbeat_at, timezone.get_fixed_timezone(8 * 60))
    jobs.jobs_recover()
    job.refresh_from_db()
    assert job.message == (
        f"The worker running this job stopped (at {local:%H:%M}); nothing of it was saved. "
        "Start it again."
    )


def test_a_job_from_before_heartbeats_is_judged_by_its_start(personas, settings):
    settings.VIGIL_JOB_STALE_SECONDS = 120
    job = _running(personas, silent_for=300)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=None)
    assert jobs.jobs_recover(job_id=job.pk) == 1


def test_a_worker_beats_during_a_long_step_without_progress(
    transactional_db, personas, settings, register_kind
):
    settings.VIGIL_JOB_HEARTBEAT_SECONDS = 0.05
    beats: list[Any] = []

    def long_step(job: Job, progress: jobs.JobProgress) -> dict[str, Any]:
        first = Job.objects.get(pk=job.pk).heartbeat_at
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline:  # no progress: only the heartbeat writes
            now = Job.objects.get(pk=job.pk).heartbeat_at
            if now != first:
                beats.extend([first, now])
                break
            time.sleep(0.02)
        return {}

    register_kind("tests.long-step", long_step)
    job = jobs.job_start(actor=personas.monitor, kind="tests.long-step", params={}, title="Long")
    run_background_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert len(beats) == 2 and beats[1] > beats[0]
    assert job.worker.endswith(f":{os.getpid()}")


def test_progress_beats_too(transactional_db, personas, register_kind):
    def step(job: Job, progress: jobs.JobProgress) -> dict[str, Any]:
        Job.objects.filter(pk=job.pk).update(heartbeat_at=None)
        progress(1, 2)
        return {"beat": Job.objects.get(pk=job.pk).heartbeat_at is not None}

    register_kind("tests.step", step)
    job = jobs.job_start(actor=personas.monitor, kind="tests.step", params={}, title="Step")
    run_background_jobs()
    job.refresh_from_db()
    assert job.result == {"beat": True}


# --- starting a failed job again ---------------------------------------------------------------


def _failed(personas: Any, **fields: Any) -> Job:
    return JobFactory.create(
        institution=personas.institution_a,
        created_by=personas.monitor.user,
        status=Job.Status.FAILED,
        message="Something went wrong; nothing was changed. Tell your administrator.",
        **fields,
    )


def test_the_owner_of_a_failed_job_starts_it_again_with_the_same_input(
    personas, django_capture_on_commit_callbacks
):
    job = _failed(personas, kind="tests.step", params={"upload": 7, "mapping": {"a": "A"}})
    client = client_for(personas.monitor)
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert reverse("core:job_retry", args=[job.pk]) in page and "Start it again" in page
    with (
        hooks.temporarily(hooks.JOB, lambda job, progress: {}, key="tests.step"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("core:job_retry", args=[job.pk]))
    retry = Job.objects.get(retry_of=job)
    assert response["Location"] == reverse("core:job_detail", args=[retry.pk])
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs == {"args": [retry.pk], "kwargs": {}}
    assert (retry.kind, retry.params, retry.title, retry.status) == (
        job.kind,
        job.params,
        job.title,
        Job.Status.QUEUED,
    )
    started = AuditEvent.objects.get(action="job.started", target_id=str(retry.pk))
    assert started.details == {"kind": "tests.step", "retry_of": job.pk}
    retry_page = client.get(reverse("core:job_detail", args=[retry.pk])).content.decode()
    assert reverse("core:job_detail", args=[job.pk]) in retry_page
    failed_page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "Start it again" not in failed_page
    assert reverse("core:job_detail", args=[retry.pk]) in failed_page


def test_an_administrator_who_watches_the_job_may_not_start_it_again(personas):
    job = _failed(personas)
    client = client_for(personas.admin)
    page = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "Start it again" not in page
    assert client.post(reverse("core:job_retry", args=[job.pk])).status_code == 403
    assert not Job.objects.filter(retry_of=job).exists()


def test_another_institution_gets_404_for_the_retry(personas):
    job = _failed(personas)
    admin_b = MembershipFactory.create(institution=personas.institution_b, role=Role.ADMIN)
    for outsider in (personas.monitor_b, admin_b):
        response = client_for(outsider).post(reverse("core:job_retry", args=[job.pk]))
        assert response.status_code == 404
    assert not Job.objects.filter(retry_of=job).exists()


def test_a_job_that_did_not_fail_has_no_button_and_is_not_started_again(personas):
    job = _running(personas, silent_for=1)
    client = client_for(personas.monitor)
    assert (
        "Start it again"
        not in client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    )
    response = client.post(reverse("core:job_retry", args=[job.pk]))
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert not Job.objects.filter(retry_of=job).exists()


def test_the_retry_page_is_post_only(personas):
    job = _failed(personas)
    client = client_for(personas.monitor)
    assert client.get(reverse("core:job_retry", args=[job.pk])).status_code == 405


def test_a_retry_of_a_job_that_finished_after_all_does_nothing(
    transactional_db, personas, register_kind
):
    runs: list[int] = []
    register_kind("tests.once", lambda job, progress: runs.append(job.pk) or {})
    first = _failed(personas, kind="tests.once")
    retry = jobs.job_retry(actor=personas.monitor, job=first)
    # The first run's worker was only slow: it finishes before the retry starts.
    Job.objects.filter(pk=first.pk).update(status=Job.Status.SUCCEEDED)
    run_background_jobs()
    retry.refresh_from_db()
    assert runs == []
    assert (retry.status, retry.message) == (
        Job.Status.FAILED,
        "An earlier run of this job finished after all; nothing was done again.",
    )


def test_a_retried_import_whose_file_was_purged_fails_with_a_message(transactional_db, personas):
    job = _import_places(personas.monitor, _places_csv(3))
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED)
    job.refresh_from_db()
    StoredUpload.objects.all().delete()
    run_background_jobs()  # the first run finds no file either
    retry = jobs.job_retry(actor=personas.monitor, job=job)
    run_background_jobs()
    retry.refresh_from_db()
    assert (retry.status, retry.message) == (
        Job.Status.FAILED,
        "The uploaded file is no longer kept; upload it again.",
    )
    assert not Place.objects.exists()
