"""gunicorn's settings for Vigil (docs/operations.md, section 6; ADR 0019).

gunicorn reads this file when it starts in the repository's folder, or with
`-c /opt/vigil/app/gunicorn.conf.py`. `make loadtest` and the health figure run with it,
so the figures in docs/benchmarks.md are those of these settings.

Threaded workers (gthread): a page waiting on the database holds a thread, not a whole
process, so a cheap request (`/healthz`, a form) is answered by another thread instead of
queueing behind a heavy page. Size: one process per core (the GIL lets one thread of a
process run Python at a time) and enough threads in all that the team's concurrent
requests each find one: `workers × threads` at least the number of people who click at
the same moment, plus the health probes.
"""

from __future__ import annotations

import os

_cores = os.cpu_count() or 1


def _number(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


wsgi_app = "vigil.wsgi:application"
bind = os.environ.get("VIGIL_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = _number("VIGIL_WEB_WORKERS", max(2, _cores))
threads = _number("VIGIL_WEB_THREADS", 8)
# A page that needs longer is a bug to fix (heavy work runs in the background worker).
timeout = 60
graceful_timeout = 30
keepalive = 5
# Restart a worker now and then, so that memory one large page took is given back.
max_requests = 2000
max_requests_jitter = 200
# Request lines and headers are bounded by gunicorn's defaults; bodies by Vigil's limits.
