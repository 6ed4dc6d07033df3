"""Finding a person: exact name or number, by POST, audited without the term, need to know."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for
from vigil.people.tests.factories import CaseFactory
from vigil.people.tests.factories_reprisals import (
    PLANTED_NAME,
    PLANTED_NUMBER,
    PLANTED_PSEUDONYM,
    make_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    world = make_world(personas)
    world.case = CaseFactory.create(
        institution=personas.institution_a,
        reference="C-2026-0042",
        victims=[world.person],
        team=[personas.investigator],
    )
    return world


def _search(member, **terms):
    response = client_for(member).post(reverse("people:people_search"), terms)
    return response, response.content.decode()


def test_an_exact_name_with_other_capitals_and_spaces_finds_the_person(world):
    response, page = _search(world.personas.investigator, name="  oyunchimeg   PLANTEDNAME ")
    assert response.status_code == 200
    assert [r["person"] for r in response.context["results"]] == [world.person]
    assert PLANTED_PSEUDONYM in page and PLANTED_NAME in page
    assert "C-2026-0042" in page
    # The investigator is not on the interview: it is not shown to them.
    assert response.context["results"][0]["interviews"] == []


def test_an_exact_identity_number_finds_the_person(world):
    response, _page = _search(world.personas.investigator, identity_number=" qx-880011 ")
    assert [r["person"] for r in response.context["results"]] == [world.person]


def test_part_of_a_name_or_number_finds_nobody(world):
    for terms in ({"name": "Oyunchimeg"}, {"name": "Plantedname"}, {"identity_number": "880011"}):
        response, page = _search(world.personas.investigator, **terms)
        assert response.context["results"] == [], terms
        assert PLANTED_PSEUDONYM not in page


def test_every_search_is_audited_without_what_was_typed(world):
    _search(world.personas.investigator, name=PLANTED_NAME)
    _search(world.personas.investigator, identity_number=PLANTED_NUMBER.lower())
    events = list(AuditEvent.objects.filter(action="person.searched").order_by("pk"))
    assert [e.details for e in events] == [
        {"by": ["name_index"], "matches": 1},
        {"by": ["identity_number_index"], "matches": 1},
    ]
    for event in events:
        text = str(event.details).lower()
        assert "oyunchimeg" not in text and "880011" not in text


def test_a_searcher_who_may_see_none_of_the_person_records_gets_no_result(world):
    outsider = MembershipFactory.create(
        institution=world.personas.institution_a, role=Role.INVESTIGATOR
    )
    response, page = _search(outsider, name=PLANTED_NAME)
    assert response.context["results"] == []
    assert PLANTED_PSEUDONYM not in page and "C-2026-0042" not in page


def test_a_commissioner_sees_the_person_with_every_interview_and_case(world):
    commissioner = world.commissioner
    response, _page = _search(commissioner, identity_number=PLANTED_NUMBER)
    (result,) = response.context["results"]
    assert [i for i, _url in result["interviews"]] == [world.interview]
    assert [c for c, _url in result["cases"]] == [world.case]


def test_the_form_shows_by_get_and_a_get_with_terms_searches_nothing(world):
    client = client_for(world.personas.investigator)
    response = client.get(reverse("people:people_search"), {"name": PLANTED_NAME})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert PLANTED_PSEUDONYM not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.searched").exists()
    page = response.content.decode()
    assert 'method="post"' in page


def test_results_are_not_kept_by_the_browser_and_the_terms_not_echoed(world):
    response, page = _search(world.personas.investigator, name="oyunchimeg plantedname")
    assert "no-store" in response["Cache-Control"]
    assert 'value="oyunchimeg plantedname"' not in page


def test_an_empty_search_names_the_problem_and_searches_nothing(world):
    response, page = _search(world.personas.investigator, name="  ", identity_number="")
    assert response.status_code == 400
    assert "Give a full name or an identity number." in page
    assert not AuditEvent.objects.filter(action="person.searched").exists()


@pytest.mark.parametrize("role", ["monitor", "analyst", "viewer", "admin"])
def test_roles_without_search_get_403(world, role):
    member = getattr(world.personas, role)
    client = client_for(member)
    assert client.get(reverse("people:people_search")).status_code == 403
    assert client.post(reverse("people:people_search"), {"name": PLANTED_NAME}).status_code == 403
    assert not AuditEvent.objects.filter(action="person.searched").exists()


def test_institution_b_finds_nobody_of_a(world):
    commissioner_b = MembershipFactory.create(
        institution=world.personas.institution_b, role=Role.COMMISSIONER
    )
    response, page = _search(commissioner_b, name=PLANTED_NAME)
    assert response.context["results"] == []
    assert PLANTED_PSEUDONYM not in page
