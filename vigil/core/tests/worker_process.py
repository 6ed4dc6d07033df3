"""`vigil db_worker` in a process of its own, on the test database, as production runs it.

Run as `python -m vigil.core.tests.worker_process KIND AT STOPPED_FILE`, the worker stops in
the middle of the first job of KIND once its progress reaches AT: it writes STOPPED_FILE and
waits there, so that a test can kill it at a known point of the work (inside an import's
transaction, between writing a report and storing it).
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote


def database_url(settings_dict: dict[str, Any]) -> str:
    """The URL of the database the tests use (the test database, once it exists)."""
    name = str(settings_dict["NAME"])
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(name).resolve()}"
    user = quote(str(settings_dict.get("USER") or ""), safe="")
    password = settings_dict.get("PASSWORD")
    login = f"{user}:{quote(str(password), safe='')}@" if password else f"{user}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{login}{host}{port}/{quote(name, safe='')}"


def worker_environment() -> dict[str, str]:
    """The environment of a worker on the test database, with the test keys."""
    from django.db import connection

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vigil.settings",
        "VIGIL_MODE": "test",
        "VIGIL_DATABASE_URL": database_url(connection.settings_dict),
    }
    env.pop("VIGIL_TEST_DATABASE_URL", None)
    return env


def _stop_in(kind: str, at: int, stopped: Path) -> None:
    """Wrap the handler of `kind` so that it stops for good once its progress reaches `at`."""
    from vigil.core import hooks
    from vigil.core.jobs import JobHandler, JobProgress
    from vigil.core.models import Job

    handler: JobHandler = hooks.get_keyed(hooks.JOB, kind)

    def stopping(job: Job, progress: JobProgress) -> dict[str, Any]:
        def progress_then_stop(done: int, total: int | None = None, message: str = "") -> None:
            progress(done, total, message)
            if done >= at:
                stopped.write_text(str(done))
                threading.Event().wait()  # until the test kills this process

        return handler(job, cast(JobProgress, progress_then_stop))

    hooks.unregister(hooks.JOB, handler)
    hooks.register(hooks.JOB, stopping, key=kind)


def main() -> None:
    import django
    from django.core.management import call_command

    kind, at, stopped = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    django.setup()
    _stop_in(kind, at, stopped)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=1)


if __name__ == "__main__":
    main()
