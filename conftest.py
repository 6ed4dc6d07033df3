"""Fixtures shared by every test: personas of two institutions, and factories."""

from __future__ import annotations

import pytest

from vigil.core.tests.factories import Personas, make_personas


def pytest_configure(config: pytest.Config) -> None:
    """Compile stale translation catalogues once, in the controlling process, so a fresh clone
    tests every language (the .mo files are not committed)."""
    if not hasattr(config, "workerinput"):
        from tools.translations import compile_catalogues

        if compile_catalogues():
            raise pytest.UsageError("A translation catalogue does not compile (see above).")


@pytest.fixture
def personas(db: None) -> Personas:
    """Admin, monitor, investigator, analyst and viewer of institution A; monitor of B."""
    return make_personas()


@pytest.fixture(autouse=True)
def _builtin_data(request: pytest.FixtureRequest) -> None:
    """Transactional and browser tests empty the database; put shipped data back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from vigil.core.builtin import load_all_builtin_data

        # Autouse fixtures run first: open the (transactional) database before writing to it.
        request.getfixturevalue("transactional_db")
        load_all_builtin_data()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test keeps its own audit checkpoints, as each test database has its own chain.
    settings.VIGIL_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
