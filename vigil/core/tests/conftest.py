from __future__ import annotations

from collections.abc import Callable

import pytest

from vigil.core import hooks, jobs


@pytest.fixture
def register_kind(request: pytest.FixtureRequest) -> Callable[[str, jobs.JobHandler], None]:
    """Register a job kind for one test only."""

    def register(kind: str, handler: jobs.JobHandler) -> None:
        hooks.register(hooks.JOB, handler, key=kind)
        request.addfinalizer(lambda: hooks.unregister(hooks.JOB, handler))

    return register
