"""Fixtures the tests of prevention programmes share."""

from __future__ import annotations

import pytest

from vigil.core.models import Membership
from vigil.core.tests.factories import Personas
from vigil.programmes.tests.factories import programme_officer


@pytest.fixture
def officer(personas: Personas) -> Membership:
    """A programme officer of institution A (the personas have none)."""
    return programme_officer(personas.institution_a)
