"""Long work in the background, with progress the user can watch.

A `Job` row is the user-facing record (who started what, how far it got, how
it ended); django-tasks runs it. Each app registers a handler per job kind in its
`hooks.py`:

    hooks.register(hooks.JOB, handler, key="places.import")  # handler(job, progress) -> dict

Handlers raise `JobFailed` with a message for the user; anything else is logged
without its arguments and shown as a generic failure.
"""

from __future__ import annotations

import logging
import time
import traceback
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from vigil.core import hooks
from vigil.core.audit import audit_by
from vigil.core.models import Job, Membership

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
        # Inside the job's own write transaction another connection cannot see
        # progress on SQLite, and writing it would wait for that transaction.
        if connection.in_atomic_block and connection.vendor == "sqlite":
            return
        self._written_at = now
        Job.objects.filter(pk=self.job.pk).update(
            done=self.job.done, total=self.job.total, message=self.job.message
        )


def job_start(*, actor: Membership, kind: str, params: dict[str, Any], title: str) -> Job:
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
        )
        audit_by(actor, "job.started", job, kind=kind)
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def _finish(job: Job, *, status: str, message: str, result: dict[str, Any]) -> None:
    job.status, job.message, job.result = status, message, result
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "result", "finished_at"])


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("institution", "created_by").get(pk=job_id)
    if job.status != Job.Status.QUEUED:
        return  # already run (a task may be delivered twice)
    job.status, job.started_at = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        # Dates ("today", "in the future") as the institution's pages see them.
        with timezone.override(zoneinfo.ZoneInfo(job.institution.time_zone)):
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
