"""Reads for dashboards and analytics from a PostgreSQL read replica, when one is set.

`VIGIL_REPLICA_DATABASE_URL` adds the `replica` database; the pages named in
`VIGIL_REPLICA_VIEWS` (dashboards, gaps, exports of figures) then read from it on GET.
Everything else, and every write, stays on the primary: a replica lags behind by a moment,
which a dashboard can afford and a form that shows what was just saved cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

_reading_from_replica: ContextVar[bool] = ContextVar("vigil_replica_reads", default=False)


def replica_alias() -> str:
    """The replica's alias, or "" when none is configured."""
    return str(getattr(settings, "VIGIL_READ_REPLICA", "") or "")


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads go to the replica (when there is one)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    """Send reads inside `replica_reads()` to the replica; every write to the primary."""

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str | None:
        alias = replica_alias()
        return alias if alias and _reading_from_replica.get() else None

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"  # the replica is migrated by replication itself


class ReplicaReadsMiddleware:
    """GET requests to the views named in VIGIL_REPLICA_VIEWS read from the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if (
            not replica_alias()
            or request.method not in ("GET", "HEAD")
            or match is None
            or match.view_name not in settings.VIGIL_REPLICA_VIEWS
        ):
            return None
        with replica_reads():
            return view(request, *args, **kwargs)
