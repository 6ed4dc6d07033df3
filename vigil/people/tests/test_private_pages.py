"""Pages and downloads about people are sent with `Cache-Control: no-store`: no browser
cache or proxy keeps a copy of a case, an interview, an examination or a piece of evidence."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.people.models import ConsentScope
from vigil.people.services import evidence as evidence_services
from vigil.people.tests.factories import jpeg_with_gps
from vigil.people.tests.factories_medical import examination_setup

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:  # type: ignore[no-untyped-def]
    return "no-store" in response.get("Cache-Control", "")


def test_pages_and_exports_about_people_are_not_stored(personas):
    setup = examination_setup(personas, scopes=[ConsentScope.INTERNAL])
    photo = evidence_services.evidence_add(
        actor=personas.investigator, holder=setup.examination, data=jpeg_with_gps()
    )
    client = client_for(personas.investigator)
    urls = [
        reverse("people:case_list"),
        reverse("people:case_detail", args=[setup.case.pk]),
        reverse("people:case_export"),
        reverse("people:case_export") + "?fmt=xlsx",
        reverse("people:interview_list"),
        reverse("people:interview_detail", args=[setup.interview.pk]),
        reverse("people:interview_export"),
        reverse("people:examination_detail", args=[setup.examination.pk]),
        reverse("people:evidence_detail", args=[photo.pk]),
        reverse("people:evidence_download", args=[photo.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_a_missing_case_is_not_stored_either(personas):
    response = client_for(personas.monitor).get(reverse("people:case_detail", args=[999999]))
    assert response.status_code == 404 and _no_store(response)


def test_pages_without_personal_data_keep_the_default(personas):
    response = client_for(personas.monitor).get(reverse("places:place_list"))
    assert response.status_code == 200 and not _no_store(response)
