"""`vigil rq_worker`: the worker of the Redis queue (VIGIL_TASKS_BACKEND=rq), which also
recovers jobs whose worker died, as `vigil db_worker` does on the database queue.

It is django-rq's `rqworker` with the job class of django-tasks' RQ backend (so that RQ runs
the task, not a plain function) and the default queue preset.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_rq.management.commands import rqworker

from vigil.core.jobs import jobs_recover, repeating

JOB_CLASS = "django_tasks_rq.backend.Job"


class Command(rqworker.Command):
    help = (
        "Run the background worker of the Redis queue; it also marks failed the jobs of "
        "workers that stopped (see docs/operations.md)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        options["job_class"] = options.get("job_class") or JOB_CLASS
        queues = args or ("default",)
        jobs_recover()
        every = settings.VIGIL_JOB_HEARTBEAT_SECONDS
        with repeating(jobs_recover, every=every, name="job recovery"):
            super().handle(*queues, **options)
