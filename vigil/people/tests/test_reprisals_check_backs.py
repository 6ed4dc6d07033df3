"""Check-backs on people at risk: scheduling, recording the result, the list and the home page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.people.hooks import overdue_check_backs_attention
from vigil.people.models import CheckBack
from vigil.people.tests.factories import CaseFactory, CheckBackFactory
from vigil.people.tests.factories_reprisals import PLANTED_PSEUDONYM, interview_by, make_world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def world(personas):
    return make_world(personas)


def _overdue(world, **values):
    values.setdefault("due_on", TODAY() - datetime.timedelta(days=5))
    return CheckBackFactory.create(interview=world.interview, **values)


def _home(member):
    response = client_for(member).get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_scheduling_a_check_back_from_an_interview_is_audited(world):
    client = client_for(world.personas.monitor)
    form = client.get(reverse("people:check_back_create"), {"interview": world.interview.pk})
    assert form.context["form"].initial["person"] == world.person
    due = TODAY() + datetime.timedelta(days=10)
    response = client.post(
        reverse("people:check_back_create"),
        {
            "person": world.person.pk,
            "interview": world.interview.pk,
            "due_on": due.isoformat(),
            "method": "call",
            "assigned_to": world.personas.monitor.user.pk,
        },
    )
    assert response.status_code == 302
    check_back = CheckBack.objects.get()
    assert (check_back.due_on, check_back.method) == (due, "call")
    event = AuditEvent.objects.get(action="check_back.scheduled")
    assert event.details == {"due_on": due.isoformat()}


def test_a_check_back_cannot_be_given_to_an_analyst(world):
    response = client_for(world.personas.monitor).post(
        reverse("people:check_back_create"),
        {
            "person": world.person.pk,
            "interview": world.interview.pk,
            "due_on": TODAY().isoformat(),
            "method": "visit",
            "assigned_to": world.personas.analyst.user.pk,
        },
    )
    assert response.status_code == 400
    assert "assigned_to" in response.context["form"].errors
    assert not CheckBack.objects.exists()


def test_recording_the_result_with_a_next_date_schedules_the_next_check_back(world):
    check_back = _overdue(world)
    next_due = TODAY() + datetime.timedelta(days=30)
    response = client_for(world.personas.monitor).post(
        reverse("people:check_back_done", args=[check_back.pk]),
        {
            "done_on": TODAY().isoformat(),
            "result": "concern",
            "notes": "Says the guards watch him since the visit.",
            "next_due_on": next_due.isoformat(),
        },
    )
    assert response.status_code == 302
    check_back.refresh_from_db()
    assert (check_back.done_on, check_back.result) == (TODAY(), "concern")
    following = CheckBack.objects.get(done_on__isnull=True)
    assert (following.due_on, following.method, following.person) == (
        next_due,
        check_back.method,
        world.person,
    )
    assert AuditEvent.objects.get(action="check_back.done").details == {"result": "concern"}
    assert AuditEvent.objects.filter(action="check_back.scheduled").count() == 1


def test_a_bad_result_changes_nothing_and_names_the_field(world):
    check_back = _overdue(world)
    client = client_for(world.personas.monitor)
    url = reverse("people:check_back_done", args=[check_back.pk])
    future = (TODAY() + datetime.timedelta(days=2)).isoformat()
    response = client.post(url, {"done_on": future, "result": "safe"})
    assert response.status_code == 400
    assert "done_on" in response.context["form"].errors
    response = client.post(
        url, {"done_on": TODAY().isoformat(), "result": "safe", "next_due_on": "2020-01-01"}
    )
    assert "next_due_on" in response.context["form"].errors
    response = client.post(url, {"done_on": TODAY().isoformat(), "result": "splendid"})
    assert "result" in response.context["form"].errors
    check_back.refresh_from_db()
    assert check_back.done_on is None
    assert not AuditEvent.objects.filter(action="check_back.done").exists()


def test_an_unrelated_monitor_gets_404_on_a_check_back(world):
    check_back = _overdue(world)
    client = client_for(world.other_monitor)
    url = reverse("people:check_back_done", args=[check_back.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"done_on": TODAY().isoformat(), "result": "safe"}).status_code == 404
    check_back.refresh_from_db()
    assert check_back.done_on is None


def test_the_assignee_sees_the_check_back_even_without_the_interview(world):
    check_back = _overdue(world, assigned_to=world.other_monitor.user)
    response = client_for(world.other_monitor).get(
        reverse("people:check_back_done", args=[check_back.pk])
    )
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["analyst", "viewer", "admin"])
def test_roles_that_do_not_work_with_people_get_403_on_check_backs(world, role):
    check_back = _overdue(world)
    client = client_for(getattr(world.personas, role))
    for url in (
        reverse("people:check_back_list"),
        reverse("people:check_back_create"),
        reverse("people:check_back_done", args=[check_back.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_the_list_puts_the_ones_to_do_first_soonest_due_first_then_those_done(world):
    today = TODAY()
    done = _overdue(world, due_on=today - datetime.timedelta(days=40))
    done.done_on, done.result = today - datetime.timedelta(days=39), "safe"
    done.save()
    late = _overdue(world, due_on=today - datetime.timedelta(days=3))
    soon = _overdue(world, due_on=today + datetime.timedelta(days=3))
    client = client_for(world.personas.monitor)
    response = client.get(reverse("people:check_back_list"))
    assert list(response.context["page"].object_list) == [late, soon, done]
    overdue = client.get(reverse("people:check_back_list"), {"status": "overdue"})
    assert list(overdue.context["page"].object_list) == [late]
    finished = client.get(reverse("people:check_back_list"), {"status": "done"})
    assert list(finished.context["page"].object_list) == [done]
    assert PLANTED_PSEUDONYM in response.content.decode()


def test_the_check_back_list_takes_the_same_queries_with_3_and_25(world, django_assert_num_queries):
    client = client_for(world.personas.monitor)
    client.get(reverse("people:check_back_list"))

    def make(n):
        for _ in range(n):
            CheckBackFactory.create(interview=interview_by(world.personas.monitor))

    make(3)
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("people:check_back_list"))
    assert len(response.context["page"].object_list) == 3
    make(22)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("people:check_back_list"))
    assert len(response.context["page"].object_list) == 25


# --- the home page ---------------------------------------------------------------------


def test_an_overdue_check_back_shows_on_the_home_page_of_the_team_and_commissioners(world):
    check_back = _overdue(world)
    url = reverse("people:check_back_done", args=[check_back.pk])
    for member in (world.personas.monitor, world.commissioner):
        page = _home(member)
        assert url in page and PLANTED_PSEUDONYM in page, member.role
    for member in (world.other_monitor, world.personas.analyst, world.personas.admin):
        page = _home(member)
        assert url not in page and PLANTED_PSEUDONYM not in page, member.role
    assert PLANTED_PSEUDONYM not in _home(world.personas.monitor_b)


def test_the_case_team_sees_the_overdue_check_back_of_its_case(world):
    case = CaseFactory.create(
        institution=world.personas.institution_a,
        victims=[world.person],
        team=[world.personas.investigator],
    )
    CheckBackFactory.create(
        interview=None,
        case=case,
        institution=world.personas.institution_a,
        person=world.person,
        assigned_to=world.personas.monitor.user,
        created_by=world.personas.monitor.user,
        due_on=TODAY() - datetime.timedelta(days=1),
    )
    assert PLANTED_PSEUDONYM in _home(world.personas.investigator)


def test_the_overdue_check_back_leaves_the_home_page_once_done(world):
    check_back = _overdue(world)
    client_for(world.personas.monitor).post(
        reverse("people:check_back_done", args=[check_back.pk]),
        {"done_on": TODAY().isoformat(), "result": "safe"},
    )
    for member in (world.personas.monitor, world.commissioner):
        assert PLANTED_PSEUDONYM not in _home(member)


def test_one_due_today_is_not_yet_overdue(world):
    _overdue(world, due_on=TODAY())
    assert overdue_check_backs_attention(world.personas.monitor) == []


def test_the_home_page_shows_five_and_links_to_the_rest_in_constant_queries(
    world, django_assert_num_queries
):
    for _ in range(3):
        _overdue(world)
    with CaptureQueriesContext(connection) as few:
        items = overdue_check_backs_attention(world.commissioner)
    assert len(items) == 3
    for _ in range(6):
        _overdue(world)
    with django_assert_num_queries(len(few) + 1):  # the count of those not shown
        items = overdue_check_backs_attention(world.commissioner)
    assert len(items) == 6
    assert items[-1].url == reverse("people:check_back_list") + "?status=overdue"
    assert "4 more overdue check-backs" in str(items[-1].title)
