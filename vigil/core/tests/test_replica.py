"""The read replica: dashboards read from it on GET, everything else and every write from
the primary. The test `replica` alias mirrors the test database, as a replica would."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import Institution
from vigil.core.replica import ReplicaRouter, replica_reads
from vigil.core.tests.factories import client_for

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def _queries(client, url: str) -> tuple[int, int, int]:
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        status = client.get(url).status_code
    return status, len(on_replica), len(on_primary)


def test_a_dashboard_reads_from_the_replica_when_one_is_set(personas, settings):
    settings.VIGIL_READ_REPLICA = "replica"
    client = client_for(personas.admin)
    status, on_replica, _on_primary = _queries(
        client, reverse("recommendations:recommendation_dashboard")
    )
    assert status == 200 and on_replica > 0


def test_other_pages_and_posts_stay_on_the_primary(personas, settings):
    settings.VIGIL_READ_REPLICA = "replica"
    client = client_for(personas.admin)
    status, on_replica, on_primary = _queries(client, reverse("places:place_list"))
    assert (status, on_replica) == (200, 0) and on_primary > 0
    with CaptureQueriesContext(connections["replica"]) as on_replica_post:
        client.post(reverse("recommendations:recommendation_dashboard"))
    assert len(on_replica_post) == 0


def test_without_a_replica_the_dashboard_reads_from_the_primary(personas, settings):
    settings.VIGIL_READ_REPLICA = ""
    status, on_replica, on_primary = _queries(
        client_for(personas.admin), reverse("recommendations:recommendation_dashboard")
    )
    assert (status, on_replica) == (200, 0) and on_primary > 0


def test_writes_go_to_the_primary_even_inside_replica_reads(settings):
    settings.VIGIL_READ_REPLICA = "replica"
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Institution) == "replica"
        assert router.db_for_write(Institution) == "default"
    assert router.db_for_read(Institution) is None
    assert router.allow_migrate("replica", "core") is False
    assert router.allow_migrate("default", "core") is True
