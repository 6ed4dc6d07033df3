"""A refused form answers 400 on every page (issue 24, point 7): `form_saved` marks the request
and `FailedFormMiddleware` turns the page shown again into a 400, whichever view renders it."""

from __future__ import annotations

import datetime

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from vigil.core.forms import form_failed
from vigil.core.middleware import FailedFormMiddleware
from vigil.core.tests.factories import client_for
from vigil.people.models import Reprisal, ReprisalType
from vigil.people.tests.factories import CaseFactory
from vigil.people.tests.factories_reprisals import make_world
from vigil.places.models import Place
from vigil.places.tests.factories import PlaceFactory
from vigil.recommendations.tests.factories import RecommendationFactory
from vigil.visits.tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


def _page_of_a_case(personas):  # type: ignore[no-untyped-def]
    case = CaseFactory.create(
        institution=personas.institution_a,
        received_by=personas.investigator.user,
        team=[personas.investigator],
    )
    return personas.investigator, case


def test_a_refused_place_answers_400_and_creates_nothing(personas):
    response = client_for(personas.monitor).post(reverse("places:place_create"), {"name": ""})
    assert response.status_code == 400 and response.context["form"].errors
    assert not Place.objects.exists()


def test_a_refused_visit_answers_400(personas):
    response = client_for(personas.admin).post(reverse("visits:visit_create"), {"objectives": "x"})
    assert response.status_code == 400 and response.context["form"].errors


def test_a_refused_visit_report_choice_answers_400(personas):
    visit = VisitFactory.create(
        place=PlaceFactory.create(institution=personas.institution_a),
        created_by=personas.admin.user,
    )
    url = reverse("visits:visit_report", kwargs={"visit_id": visit.pk, "fmt": "pdf"})
    response = client_for(personas.admin).post(url, {"audience": "nobody"})
    assert response.status_code == 400 and response.context["form"].errors


def test_a_refused_recommendation_edit_answers_400(personas):
    rec = RecommendationFactory.create(institution=personas.institution_a)
    url = reverse("recommendations:recommendation_edit", args=[rec.pk])
    response = client_for(personas.admin).post(url, {"text": ""})
    assert response.status_code == 400 and response.context["form"].errors


def test_a_reprisal_the_service_refuses_answers_400(personas):
    world = make_world(personas)
    data = {
        "person": world.person.pk,
        "interview": world.interview.pk,
        "occurred_on": (world.interview.held_on - datetime.timedelta(days=1)).isoformat(),
        "type": ReprisalType.TRANSFER,
        "description": "Moved to the punishment block.",
    }
    response = client_for(personas.monitor).post(reverse("people:reprisal_create"), data)
    assert response.status_code == 400
    assert "occurred_on" in response.context["form"].errors
    assert not Reprisal.objects.exists()


def test_a_refused_evidence_file_and_examination_answer_400(personas):
    member, case = _page_of_a_case(personas)
    client = client_for(member)
    evidence = client.post(reverse("people:case_evidence_add", kwargs={"case_id": case.pk}), {})
    assert evidence.status_code == 400 and evidence.context["form"].errors
    url = reverse("people:examination_create", args=[case.pk])
    examination = client.post(url, {"history": "x"})
    assert examination.status_code == 400 and examination.context["form"].errors


def test_refused_institution_settings_answer_400(personas):
    response = client_for(personas.admin).post(reverse("core:institution_settings"), {"name": ""})
    assert response.status_code == 400 and response.context["form"].errors


def test_the_middleware_leaves_other_answers_and_unmarked_posts_alone():
    middleware = FailedFormMiddleware(lambda request: HttpResponse(status=200))
    posted = RequestFactory().post("/")
    assert middleware(posted).status_code == 200  # not marked: a POST that shows a page
    form_failed(posted)
    assert middleware(posted).status_code == 400
    redirected = FailedFormMiddleware(lambda request: HttpResponse(status=302))
    assert redirected(posted).status_code == 302
    fetched = RequestFactory().get("/")
    form_failed(fetched)
    assert middleware(fetched).status_code == 200
