"""Long work in the background, with progress the user can watch.

A `Job` row is the user-facing record (who started what, how far it got, how
it ended); django-tasks runs it. Each app registers a handler per job kind in its
`hooks.py`:

    hooks.register(hooks.JOB, handler, key="places.import")  # handler(job, progress) -> dict

Handlers raise `JobFailed` with a message for the user; anything else is logged
without its arguments and shown as a generic failure.

While a job runs, its worker beats (`Job.heartbeat_at`) from a thread, so that a long step
without progress still beats. A running job whose beats stopped lost its worker (killed,
out of memory, the server restarted): `jobs_recover` marks it failed with a reason, and its
owner starts it again with one click (`job_retry`). Imports save all or nothing, so a job
that died saved nothing and its retry imports each row once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django_tasks import task

from vigil.core import hooks
from vigil.core.audit import audit_by, audit_record
from vigil.core.dates import calendar_of
from vigil.core.models import GeneratedDocument, Job, Membership
from vigil.core.terms import terms_of

logger = logging.getLogger(__name__)

JobHandler = Callable[[Job, "JobProgress"], dict[str, Any]]


class JobFailed(Exception):
    """The job cannot complete; the message is shown to the user."""


class JobProgress:
    """Writes progress at most twice a second, so that it costs the work little."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._written_at = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        if message:
            self.job.message = message
        now = time.monotonic()
        if now - self._written_at < 0.5 and done != self.job.total:
            return
        # Inside the job's own write transaction no other connection could see the progress
        # before the end; on SQLite writing it would wait for that transaction, and on
        # PostgreSQL it would lock the job's row, so the heartbeat could not beat meanwhile.
        if connection.in_atomic_block:
            return
        self._written_at = now
        Job.objects.filter(pk=self.job.pk).update(
            done=self.job.done,
            total=self.job.total,
            message=self.job.message,
            heartbeat_at=timezone.now(),
        )


# --- heartbeat and recovery ------------------------------------------------------------------


def worker_name() -> str:
    """This process, as an operator finds it: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


@contextmanager
def repeating(work: Callable[[], object], *, every: float, name: str) -> Iterator[None]:
    """Call `work` every `every` seconds in a thread while the block runs.

    The thread has its own database connection, closed when it stops. A failed call is
    logged (its type only: a database error may quote a row) and tried again next time;
    on SQLite a call waits while another connection holds the write lock.
    """
    stop = threading.Event()

    def loop() -> None:
        try:
            while not stop.wait(every):
                try:
                    work()
                except DatabaseError as error:
                    logger.warning("%s failed: %s", name, type(error).__name__)
        finally:
            connection.close()

    thread = threading.Thread(target=loop, name=name, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def job_beat(job_id: int) -> None:
    """Say that the job's worker is still at it."""
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(heartbeat_at=timezone.now())


def _stale_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.VIGIL_JOB_STALE_SECONDS)


def _stale(before: datetime) -> Q:
    """Running, and silent since `before` (a job from before heartbeats: since it started)."""
    silent = Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, started_at__lt=before)
    return Q(status=Job.Status.RUNNING) & silent


def _stopped_reason(job: Job) -> str:
    last = job.heartbeat_at or job.started_at or job.created_at
    at = timezone.localtime(last, zoneinfo.ZoneInfo(job.institution.time_zone))
    return _(
        "The worker running this job stopped (at %(time)s); nothing of it was saved. "
        "Start it again."
    ) % {"time": date_format(at, "H:i")}


def jobs_recover(*, job_id: int | None = None) -> int:
    """Mark failed, with a reason and an audit event, every running job whose worker stopped.

    Runs when a worker starts and every heartbeat in it, from `vigil jobs recover`, and when
    someone opens the page of a job (`job_id`). Returns how many jobs it marked.
    """
    before = _stale_before()
    stale = Job.objects.filter(_stale(before))
    if job_id is not None:
        stale = stale.filter(pk=job_id)
    marked = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            # Looked at again under the row's lock: its worker may have beaten meanwhile.
            job = (
                Job.objects.select_for_update(of=("self",))
                .select_related("institution")
                .filter(_stale(before), pk=pk)
                .first()
            )
            if job is None:
                continue
            last_beat = job.heartbeat_at
            job.status, job.message = Job.Status.FAILED, _stopped_reason(job)
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "message", "finished_at"])
            audit_record(
                action="job.recovered",
                actor=None,
                institution=job.institution,
                target=job,
                details={"kind": job.kind, "worker": job.worker, "last_heartbeat": last_beat},
            )
            marked += 1
    if marked:
        logger.warning("Marked %s job(s) failed: their worker stopped beating.", marked)
    return marked


def job_start(
    *,
    actor: Membership,
    kind: str,
    params: dict[str, Any],
    title: str,
    retry_of: Job | None = None,
) -> Job:
    """Create the job and queue it; the caller's transaction must commit for it to run."""
    if kind not in hooks.keys(hooks.JOB):
        raise ValueError(f"No handler registered for job kind {kind!r}.")
    with transaction.atomic():
        job = Job.objects.create(
            institution=actor.institution,
            kind=kind,
            title=title,
            params=params,
            created_by=actor.user,
            retry_of=retry_of,
        )
        if retry_of is None:
            audit_by(actor, "job.started", job, kind=kind)
        else:
            audit_by(actor, "job.started", job, kind=kind, retry_of=retry_of.pk)
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_may_retry(actor: Membership, job: Job) -> bool:
    """Its owner may start a failed job again (an administrator who watches it may not)."""
    return job.status == Job.Status.FAILED and job.created_by_id == actor.user_id


def job_retry(*, actor: Membership, job: Job) -> Job:
    """Start a failed job again, as its owner: same kind, same input (an import's stored file).

    A second click (or a second tab) gets the retry the first one started, not another; a
    job that has not failed is left as it is (and returned).
    """
    if job.institution_id != actor.institution_id or job.created_by_id != actor.user_id:
        raise PermissionDenied
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        earlier = job.retries.order_by("-pk").first()
        if earlier is not None:
            return earlier
        if not job_may_retry(actor, job):
            return job
        return job_start(
            actor=actor, kind=job.kind, params=job.params, title=job.title, retry_of=job
        )


def _finish(job: Job, *, status: str, message: str, result: dict[str, Any]) -> None:
    if Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).exists():
        # Marked failed by `jobs_recover` while its worker could not beat (a long save on
        # SQLite holds the database): what really happened is written over it.
        logger.warning("Job %s finished after it was marked as stopped.", job.pk)
    job.status, job.message, job.result = status, message, result
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "result", "finished_at"])


def _refuse_a_retry_of_a_job_that_finished(job: Job) -> None:
    """A job marked stopped that finished after all must not be done twice by its retry."""
    first = job.retry_of
    while first is not None:
        if first.status == Job.Status.SUCCEEDED:
            raise JobFailed(
                _("An earlier run of this job finished after all; nothing was done again.")
            )
        first = first.retry_of


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("institution", "created_by").get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return  # already run (a task may be delivered twice)
    job.status, job.worker = Job.Status.RUNNING, worker_name()
    job.started_at = job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "worker", "started_at", "heartbeat_at"])
    beat = settings.VIGIL_JOB_HEARTBEAT_SECONDS
    try:
        _refuse_a_retry_of_a_job_that_finished(job)
        # Dates ("today", "in the future") as the institution's pages see them.
        with (
            timezone.override(zoneinfo.ZoneInfo(job.institution.time_zone)),
            terms_of(job.institution_id),
            calendar_of(job.institution.calendar),
            repeating(lambda: job_beat(job.pk), every=beat, name=f"job {job.pk} heartbeat"),
        ):
            handler: JobHandler = hooks.get_keyed(hooks.JOB, job.kind)
            result = handler(job, JobProgress(job))
    except JobFailed as failure:
        _finish(job, status=Job.Status.FAILED, message=str(failure), result={})
    except Exception as error:
        # Arguments and data may be personal, and so may an error's message (a database
        # error quotes the row): log the job, the error's type and where it was raised.
        logger.error(
            "Job %s (%s) failed unexpectedly: %s\n%s",
            job.pk,
            job.kind,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)).rstrip(),
        )
        _finish(
            job,
            status=Job.Status.FAILED,
            message=_("Something went wrong; nothing was changed. Tell your administrator."),
            result={},
        )
    else:
        _finish(job, status=Job.Status.SUCCEEDED, message=job.message, result=result)


def job_reader(job: Job, capability: Any = None) -> Membership:
    """The membership a report job reads as: its starter's, still active (and still allowed).

    A job runs later than it was asked for; someone who left the institution, or lost the
    role, in between gets a failed job rather than a document.
    """
    from vigil.core.access import actor_can

    reader = (
        Membership.objects.for_institution(job.institution_id)
        .select_related("user", "institution")
        .filter(user_id=job.created_by_id, is_active=True)
        .first()
    )
    if reader is None or (capability is not None and not actor_can(reader, capability)):
        raise JobFailed(_("Only active members of the institution may have reports written."))
    return reader


def document_result(stored: GeneratedDocument) -> dict[str, Any]:
    """What a report job answers: the stored document and where to download it."""
    return {
        "document": stored.pk,
        "download_url": reverse("core:document_download", args=[stored.pk]),
    }
