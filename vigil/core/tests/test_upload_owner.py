"""An uploaded import file is its uploader's: another member allowed to import gets the 404
of a missing file; administrators, who oversee the work, may open it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, StoredUploadFactory, client_for

pytestmark = pytest.mark.django_db


def test_only_the_uploader_and_those_who_oversee_may_open_an_uploaded_file(personas):
    upload = StoredUploadFactory.create(
        institution=personas.institution_a,
        uploaded_by=personas.monitor.user,
        filename="places.csv",
        content=b"reference,name\nP-1,Hidden Lock-up of the uploader\n",
    )
    other_monitor = MembershipFactory.create(institution=personas.institution_a, role=Role.MONITOR)
    url = reverse("core:import_map", args=["places", upload.pk])
    for member in (personas.monitor, personas.admin):
        response = client_for(member).get(url)
        assert response.status_code == 200, member.role
        assert "Hidden Lock-up of the uploader" in response.content.decode()
    missing = reverse("core:import_map", args=["places", upload.pk + 1000])
    for member in (other_monitor, personas.monitor_b):
        response = client_for(member).get(url)
        assert response.status_code == 404, member.role
        assert "Hidden Lock-up" not in response.content.decode()
        assert client_for(member).get(missing).status_code == 404
        # Posting a mapping starts nothing either.
        assert client_for(member).post(url, {"action": "check"}).status_code == 404
