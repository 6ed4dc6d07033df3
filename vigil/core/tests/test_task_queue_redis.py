"""Jobs on the Redis queue (VIGIL_TASKS_BACKEND=rq, ADR 0019): one job goes through a real
Redis server and `vigil rq_worker`, and ends as it does on the database queue.

The test starts its own `redis-server` (Debian's `redis-server` package, which `make
system-deps` installs) on a free loopback port, so it never touches a Redis that other
programs use; VIGIL_TEST_REDIS_URL points it at a running server instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core.management import call_command

from vigil.core import jobs
from vigil.core.jobs import job_start
from vigil.core.models import AuditEvent, Job


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    given = os.environ.get("VIGIL_TEST_REDIS_URL")
    if given:
        yield given
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: `make system-deps` installs Debian's redis-server.")
    port = _free_port()
    folder: Path = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly",
         "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("redis-server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def rq_queue(settings, redis_url: str) -> str:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 600}}
    redis.Redis.from_url(redis_url).flushdb()
    return redis_url


def test_a_job_runs_through_redis_and_the_rq_worker(
    transactional_db, personas, register_kind, rq_queue
):
    seen: dict[str, Any] = {}

    def count(job: Job, progress: jobs.JobProgress) -> dict[str, Any]:
        progress(2, 4, "Counting cells…")
        seen["row"] = Job.objects.values("status", "done", "worker").get(pk=job.pk)
        return {"counted": 4}

    register_kind("tests.count", count)
    job = job_start(actor=personas.monitor, kind="tests.count", params={}, title="Counting")

    # The task waits in Redis, not in the database's queue table.
    connection = redis.Redis.from_url(rq_queue)
    assert connection.llen("rq:queue:default") == 1
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED

    # The worker runs in this process (SimpleWorker does not fork), until the queue is empty.
    call_command("rq_worker", "--burst", "--worker-class", "rq.worker.SimpleWorker", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.result) == (Job.Status.SUCCEEDED, {"counted": 4})
    assert seen["row"]["status"] == Job.Status.RUNNING and seen["row"]["done"] == 2
    assert seen["row"]["worker"]  # the heartbeat names its worker, as on the database queue
    assert job.heartbeat_at is not None
    assert connection.llen("rq:queue:default") == 0
    assert AuditEvent.objects.filter(action="job.started", target_id=str(job.pk)).exists()


def test_the_rq_worker_recovers_jobs_whose_worker_stopped(
    transactional_db, personas, register_kind, rq_queue, settings
):
    """A job left running by a dead worker is marked failed when an rq worker starts."""
    register_kind("tests.count", lambda job, progress: {})
    job = job_start(actor=personas.monitor, kind="tests.count", params={}, title="Counting")
    redis.Redis.from_url(rq_queue).flushdb()  # its task was taken by the worker that died
    stale = jobs.timezone.now() - jobs.timedelta(seconds=settings.VIGIL_JOB_STALE_SECONDS + 60)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, worker="old-host:42", started_at=stale, heartbeat_at=stale
    )

    call_command("rq_worker", "--burst", "--worker-class", "rq.worker.SimpleWorker", verbosity=0)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "stopped" in job.message
    assert AuditEvent.objects.filter(action="job.recovered", target_id=str(job.pk)).exists()
