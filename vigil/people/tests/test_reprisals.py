"""The reprisals register: recording, need to know, filters and the roles kept out."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.people.models import Reprisal, ReprisalType
from vigil.people.tests.factories import CaseFactory, PersonFactory, ReprisalFactory
from vigil.people.tests.factories_reprisals import (
    PLANTED_NAME,
    PLANTED_PSEUDONYM,
    interview_by,
    make_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return make_world(personas)


def _form(world, **changes):
    data = {
        "person": world.person.pk,
        "interview": world.interview.pk,
        "case": "",
        "occurred_on": "2026-04-02",
        "type": ReprisalType.TRANSFER,
        "unit_responsible": "Block C guards",
        "description": "Moved to the punishment block the day after the visit.",
        "action_taken": "Raised with the director by telephone.",
    }
    data.update(changes)
    return data


def test_the_interviewer_records_a_reprisal_which_is_audited_without_its_story(world):
    client = client_for(world.personas.monitor)
    response = client.post(reverse("people:reprisal_create"), _form(world))
    reprisal = Reprisal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:reprisal_detail", args=[reprisal.pk])
    assert reprisal.recorded_by == world.personas.monitor.user
    event = AuditEvent.objects.get(action="reprisal.recorded")
    assert event.details == {"person": PLANTED_PSEUDONYM, "type": "transfer"}
    assert "punishment" not in str(event.details)
    page = client.get(response["Location"]).content.decode()
    assert PLANTED_PSEUDONYM in page and "punishment block" in page
    assert PLANTED_NAME not in page


def test_the_form_offers_people_by_pseudonym_and_never_by_name(world):
    page = (
        client_for(world.personas.monitor).get(reverse("people:reprisal_create")).content.decode()
    )
    assert PLANTED_PSEUDONYM in page
    assert PLANTED_NAME not in page


def test_the_form_is_prefilled_from_an_interview_the_actor_may_see(world):
    client = client_for(world.personas.monitor)
    response = client.get(reverse("people:reprisal_create"), {"interview": world.interview.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["person"] == world.person
    # Another monitor's interview is as missing as one that does not exist.
    other = client_for(world.other_monitor)
    assert (
        other.get(reverse("people:reprisal_create"), {"interview": world.interview.pk}).status_code
        == 404
    )
    assert other.get(reverse("people:reprisal_create"), {"interview": 987654}).status_code == 404


def test_the_form_is_prefilled_from_a_case_with_one_alleged_victim(world):
    case = CaseFactory.create(
        institution=world.personas.institution_a,
        victims=[world.person],
        team=[world.personas.investigator],
    )
    client = client_for(world.personas.investigator)
    response = client.get(reverse("people:reprisal_create"), {"case": case.pk})
    assert response.context["form"].initial["case"] == case
    assert response.context["form"].initial["person"] == world.person
    assert (
        client_for(world.personas.monitor)
        .get(reverse("people:reprisal_create"), {"case": case.pk})
        .status_code
        == 404
    )


def test_someone_the_actor_may_not_see_cannot_be_chosen(world):
    stranger = PersonFactory.create(institution=world.personas.institution_a)
    response = client_for(world.personas.monitor).post(
        reverse("people:reprisal_create"), _form(world, person=stranger.pk, interview="")
    )
    assert response.status_code == 400
    assert "person" in response.context["form"].errors
    assert not Reprisal.objects.exists()


def test_a_future_date_or_a_mismatched_interview_is_refused_naming_the_field(world):
    client = client_for(world.personas.monitor)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("people:reprisal_create"), _form(world, occurred_on=future))
    assert "occurred_on" in response.context["form"].errors
    other_interview = interview_by(world.personas.monitor)
    response = client.post(
        reverse("people:reprisal_create"), _form(world, interview=other_interview.pk)
    )
    assert "That interview is not with this person." in str(response.context["form"].errors)
    assert not Reprisal.objects.exists()
    assert not AuditEvent.objects.filter(action="reprisal.recorded").exists()


def test_an_unrelated_monitor_gets_the_404_of_a_missing_reprisal(world):
    reprisal = ReprisalFactory.create(interview=world.interview)
    client = client_for(world.other_monitor)
    for name in ("people:reprisal_detail", "people:reprisal_edit"):
        assert client.get(reverse(name, args=[reprisal.pk])).status_code == 404
        assert client.get(reverse(name, args=[987654])).status_code == 404
    listed = client.get(reverse("people:reprisal_list")).context["page"].object_list
    assert list(listed) == []
    assert not AuditEvent.objects.filter(action="record.read").exists()


def test_the_interviewer_and_a_commissioner_read_the_reprisal_and_each_read_is_audited(world):
    reprisal = ReprisalFactory.create(interview=world.interview)
    for member in (world.personas.monitor, world.commissioner):
        response = client_for(member).get(reverse("people:reprisal_detail", args=[reprisal.pk]))
        assert response.status_code == 200
        assert "Told he would be moved" in response.content.decode()
    reads = AuditEvent.objects.filter(action="record.read", target_type="people.reprisal")
    assert reads.count() == 2


def test_editing_a_reprisal_saves_and_audits_the_fields_that_changed(world):
    reprisal = ReprisalFactory.create(interview=world.interview)
    client = client_for(world.personas.monitor)
    data = _form(world, type=ReprisalType.THREAT, occurred_on="2026-03-20")
    data["unit_responsible"] = "Night shift, block C"
    data["description"] = reprisal.description
    data["action_taken"] = ""
    data["version"] = reprisal.version
    response = client.post(reverse("people:reprisal_edit", args=[reprisal.pk]), data)
    assert response.status_code == 302
    reprisal.refresh_from_db()
    assert reprisal.unit_responsible == "Night shift, block C"
    event = AuditEvent.objects.get(action="reprisal.updated")
    assert event.details == {"fields": ["unit_responsible"]}


@pytest.mark.parametrize("role", ["analyst", "viewer", "admin"])
def test_roles_that_do_not_work_with_people_get_403_on_the_register(world, role):
    reprisal = ReprisalFactory.create(interview=world.interview)
    client = client_for(getattr(world.personas, role))
    for url in (
        reverse("people:reprisal_list"),
        reverse("people:reprisal_create"),
        reverse("people:reprisal_detail", args=[reprisal.pk]),
        reverse("people:reprisal_edit", args=[reprisal.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("people:reprisal_create"), _form(world)).status_code == 403
    assert Reprisal.objects.count() == 1


def test_the_list_filters_by_type_year_unit_and_pseudonym(world):
    ReprisalFactory.create(interview=world.interview, type=ReprisalType.THREAT)
    ReprisalFactory.create(
        interview=world.interview,
        type=ReprisalType.TRANSFER,
        occurred_on=datetime.date(2025, 11, 2),
        unit_responsible="Transfer office",
    )
    client = client_for(world.personas.monitor)

    def listed(**query):
        response = client.get(reverse("people:reprisal_list"), query)
        assert response.status_code == 200
        return [r.type for r in response.context["page"].object_list]

    assert sorted(listed()) == ["threat", "transfer"]
    assert listed(type="threat") == ["threat"]
    assert listed(year="2025") == ["transfer"]
    assert listed(unit="transfer off") == ["transfer"]
    assert sorted(listed(q=PLANTED_PSEUDONYM.lower())) == ["threat", "transfer"]
    assert listed(q="P-0000") == []
    # A year outside the list is a bad filter, not a crash; the list stays whole.
    assert sorted(listed(year="1800")) == ["threat", "transfer"]


def _many_reprisals(world, n):
    for _ in range(n):
        interview = interview_by(world.personas.monitor)
        ReprisalFactory.create(interview=interview)


def test_the_list_takes_the_same_queries_with_3_and_25_reprisals(world, django_assert_num_queries):
    client = client_for(world.personas.monitor)
    client.get(reverse("people:reprisal_list"))
    _many_reprisals(world, 3)
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("people:reprisal_list"))
    assert len(response.context["page"].object_list) == 3
    _many_reprisals(world, 22)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("people:reprisal_list"))
    assert len(response.context["page"].object_list) == 25


def test_institution_b_sees_none_of_a_reprisals(world):
    ReprisalFactory.create(interview=world.interview)
    response = client_for(world.personas.monitor_b).get(reverse("people:reprisal_list"))
    assert list(response.context["page"].object_list) == []
    assert PLANTED_PSEUDONYM not in response.content.decode()


def test_a_reprisal_dated_before_its_interview_is_refused_naming_the_date(world):
    """Issue 24, point 10: a reprisal linked to an interview cannot come before it."""
    client = client_for(world.personas.monitor)
    before = (world.interview.held_on - datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("people:reprisal_create"), _form(world, occurred_on=before))
    assert response.status_code == 400
    assert response.context["form"].errors["occurred_on"] == [
        "The reprisal cannot be dated before the interview it follows (10 Mar 2026)."
    ]
    assert not Reprisal.objects.exists()
    on_the_day = world.interview.held_on.isoformat()
    assert (
        client.post(
            reverse("people:reprisal_create"), _form(world, occurred_on=on_the_day)
        ).status_code
        == 302
    )
    reprisal = Reprisal.objects.get()
    edit = client.post(
        reverse("people:reprisal_edit", args=[reprisal.pk]), _form(world, occurred_on=before)
    )
    assert edit.status_code == 400
    reprisal.refresh_from_db()
    assert reprisal.occurred_on == world.interview.held_on
