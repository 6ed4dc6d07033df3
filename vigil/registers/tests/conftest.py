"""The custody-register tests' shared fixtures: a lock-up and a checked hand-made extract."""

from __future__ import annotations

from typing import Any

import pytest

from vigil.core.models import Job
from vigil.core.tests.factories import client_for
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory
from vigil.registers.models import CustodyRegister
from vigil.registers.tests.helpers import MAPPING, REGISTER_CSV, upload_register


@pytest.fixture
def place(personas) -> Any:
    institution = personas.institution_a
    institution.time_zone = "Asia/Ulaanbaatar"
    institution.save(update_fields=["time_zone"])
    authority = AuthorityFactory.create(institution=institution, name="National Police")
    return PlaceFactory.create(institution=institution, authority=authority, name="Lock-up 1")


@pytest.fixture
def checked(personas, place) -> CustodyRegister:
    client = client_for(personas.monitor)
    job, _page = upload_register(
        client, REGISTER_CSV, authority=place.authority, place=place, mapping=MAPPING
    )
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.result["ok"] is True, job.result
    return CustodyRegister.objects.get()


@pytest.fixture
def visit(checked, place) -> Any:
    """A visit of the lock-up during which the checked extract was handed over."""
    from vigil.visits.tests.factories import VisitFactory

    visit = VisitFactory.create(place=place)
    CustodyRegister.objects.filter(pk=checked.pk).update(visit=visit)
    return visit
