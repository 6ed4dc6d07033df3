"""Fixtures shared by every test: personas of two institutions, and factories."""

from __future__ import annotations

import pytest

from vigil.core.tests.factories import Personas, make_personas


@pytest.fixture
def personas(db: None) -> Personas:
    """Admin, monitor, investigator, analyst and viewer of institution A; monitor of B."""
    return make_personas()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
