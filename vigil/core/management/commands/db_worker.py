"""`vigil db_worker`: django-tasks' database worker, which also recovers jobs whose worker died.

A job's worker can die without a word (killed, out of memory, the server restarted). Every
worker therefore looks for running jobs whose heartbeat stopped when it starts, and again
every heartbeat while it runs, and marks them failed with a reason (`jobs_recover`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from vigil.core.jobs import jobs_recover, repeating


class Command(db_worker.Command):
    help = (
        "Run the background worker; it also marks failed the jobs of workers that stopped "
        "(see docs/operations.md)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs_recover()
        every = settings.VIGIL_JOB_HEARTBEAT_SECONDS
        with repeating(jobs_recover, every=every, name="job recovery"):
            super().handle(*args, **options)
