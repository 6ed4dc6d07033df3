"""Recording interviews on a visit, reading them on a need-to-know basis, and the list."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import AuditEvent, Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import client_for, institution_today
from vigil.people.models import CheckBack, ConsentRecord, Interview, Person, Vulnerability
from vigil.people.services.interviews import FIRST_CHECK_BACK_DAYS
from vigil.people.tests.factories import ConsentFactory, InterviewFactory
from vigil.people.tests.factories_interviews import PLACE, member_of_a, visit_of_a
from vigil.visits.models import Visit

pytestmark = pytest.mark.django_db

NAME = "Oyunchimeg Planted-Name"
ID_NUMBER = "УБ-98071234"


@pytest.fixture
def visit(personas) -> Visit:
    return visit_of_a(personas)


def _form(personas, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "individual",
        "held_on": "2026-03-10",
        "interviewers": [personas.monitor.user.pk],
        "interpreter": "Tuya the interpreter",
        "setting": "Library, out of sight of staff",
        "vulnerabilities": ["pre_trial", "migrant"],
        "notes": "Beaten on arrival by two officers of the night shift.",
        "summary_for_report": "Several people said arrivals are beaten at night.",
        "full_name": NAME,
        "identity_number": ID_NUMBER,
        "date_of_birth": "1991-02-03",
        "nationality": "Fictionland",
        "language": "Fictish",
        "gender": "female",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _create(personas, visit: Visit, actor: Membership | None = None, **overrides: Any) -> Any:
    client = client_for(actor or personas.monitor)
    return client.post(
        reverse("people:interview_create", args=[visit.pk]), _form(personas, **overrides)
    )


def _written() -> tuple[int, int, int, int]:
    return (
        Interview.objects.count(),
        Person.objects.count(),
        ConsentRecord.objects.count(),
        AuditEvent.objects.exclude(action="record.read").count(),  # reads are not writes
    )


# --- recording ------------------------------------------------------------------------------


def test_the_form_records_an_individual_interview_with_its_identity_encrypted(personas, visit):
    response = _create(personas, visit)

    interview = Interview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:interview_detail", args=[interview.pk])
    person = interview.person
    assert (person.full_name, person.identity_number) == (NAME, ID_NUMBER)
    assert person.date_of_birth == "1991-02-03" and person.gender == "female"
    assert interview.vulnerabilities == ["pre_trial", "migrant"]
    assert list(interview.interviewers.all()) == [personas.monitor.user]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, identity_number, date_of_birth FROM people_person WHERE id = %s",
            [person.pk],
        )
        raw = cursor.fetchone()
        cursor.execute(
            "SELECT notes, interpreter FROM people_interview WHERE id = %s", [interview.pk]
        )
        raw_interview = cursor.fetchone()
    for column in (*raw, *raw_interview):
        assert NAME not in column and ID_NUMBER not in column and "Beaten" not in column
        assert "Tuya" not in column and "1991" not in column
    created = AuditEvent.objects.get(action="interview.created")
    assert created.details["person"] == person.pseudonym
    assert NAME not in str(created.details)


def test_the_list_shows_the_pseudonym_and_never_the_name(personas, visit):
    _create(personas, visit)
    person = Person.objects.get()

    page = client_for(personas.monitor).get(reverse("people:interview_list")).content.decode()

    assert person.pseudonym in page and PLACE in page
    assert NAME not in page and ID_NUMBER not in page
    assert "In pre-trial detention" in page and "No consent recorded" in page


def test_the_interview_page_decrypts_the_identity_for_its_interviewer(personas, visit):
    _create(personas, visit)
    interview = Interview.objects.get()

    page = client_for(personas.monitor).get(reverse("people:interview_detail", args=[interview.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert NAME in text and ID_NUMBER in text and "Tuya the interpreter" in text
    assert "Beaten on arrival" in text and "Migrant or asylum seeker" in text


def test_a_group_interview_needs_its_group_size_and_writes_nothing_without(personas, visit):
    before = _written()
    response = _create(personas, visit, kind="group", full_name="", identity_number="")

    assert response.status_code == 400
    assert response.context["form"].errors["group_size"] == ["Say how many people took part."]
    assert "People in the group" in response.content.decode()
    assert _written() == before

    response = _create(
        personas, visit, kind="group", group_size="6", full_name="", identity_number="",
        date_of_birth="", nationality="", language="", gender="",
    )  # fmt: skip
    interview = Interview.objects.get()
    assert response.status_code == 302
    assert (interview.kind, interview.group_size, interview.person) == ("group", 6, None)
    assert Person.objects.count() == 0


def test_a_group_interview_refuses_an_individual_identity(personas, visit):
    before = _written()
    response = _create(personas, visit, kind="group", group_size="4")
    assert response.status_code == 400
    assert "full_name" in response.context["form"].errors
    assert _written() == before


def test_a_future_date_is_refused_naming_the_field_and_nothing_is_written(personas, visit):
    tomorrow = (institution_today(personas.institution_a) + datetime.timedelta(days=1)).isoformat()
    before = _written()

    response = _create(personas, visit, held_on=tomorrow, date_of_birth=tomorrow)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["held_on"] == ["This date is in the future."]
    assert errors["date_of_birth"] == ["This date is in the future."]
    assert "Date of the interview: This date is in the future." in response.content.decode()
    assert _written() == before


def test_a_date_before_the_visit_is_refused_by_the_service_on_its_field(personas, visit):
    before = _written()
    response = _create(personas, visit, held_on="2026-03-01")
    assert response.status_code == 400
    assert response.context["form"].errors["held_on"] == [
        "The interview cannot be before the visit began."
    ]
    assert _written() == before


def test_interviewers_must_be_people_workers_of_the_institution(personas, visit):
    before = _written()
    for outsider in (personas.monitor_b.user.pk, personas.analyst.user.pk):
        response = _create(personas, visit, interviewers=[outsider])
        assert response.status_code == 400
        assert "interviewers" in response.context["form"].errors
    assert _written() == before


def test_consent_can_be_recorded_with_the_interview(personas, visit):
    response = _create(
        personas,
        visit,
        consent_given_by="person",
        consent_given_at="2026-03-10T10:30",
        consent_scopes=["anonymous_reports"],
    )
    assert response.status_code == 302
    consent = ConsentRecord.objects.get()
    assert consent.scopes == ["internal", "anonymous_reports"]  # wider use includes internal
    assert consent.person == Person.objects.get()
    # Entered in the institution's time zone.
    local = timezone.localtime(consent.given_at, ZoneInfo(personas.institution_a.time_zone))
    assert (local.hour, local.minute) == (10, 30)
    assert AuditEvent.objects.filter(action="consent.recorded").count() == 1


def test_half_a_consent_is_refused_and_nothing_is_written(personas, visit):
    before = _written()
    response = _create(personas, visit, consent_scopes=["internal"])
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "consent_given_by" in errors and "consent_given_at" in errors
    assert _written() == before


def test_fears_reprisal_schedules_a_first_check_back_for_the_interviewer(personas, visit):
    _create(personas, visit, fears_reprisal="on")

    interview = Interview.objects.get()
    check_back = CheckBack.objects.get()
    assert check_back.interview == interview and check_back.person == interview.person
    assert check_back.due_on == interview.held_on + datetime.timedelta(days=FIRST_CHECK_BACK_DAYS)
    assert check_back.assigned_to == personas.monitor.user
    assert AuditEvent.objects.filter(action="check_back.scheduled").count() == 1
    page = client_for(personas.monitor).get(reverse("people:interview_detail", args=[interview.pk]))
    assert "24 Mar 2026" in page.content.decode()


def test_a_later_fear_of_reprisal_schedules_the_check_back_on_edit(personas, visit):
    interview = InterviewFactory.create(visit=visit, created_by=personas.monitor.user)
    data = {
        "held_on": "2026-03-10",
        "interviewers": [personas.monitor.user.pk],
        "fears_reprisal": "on",
        "notes": "He fears being moved.",
        "version": interview.version,
    }
    response = client_for(personas.monitor).post(
        reverse("people:interview_edit", args=[interview.pk]), data
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.fears_reprisal and interview.notes == "He fears being moved."
    assert CheckBack.objects.filter(interview=interview).count() == 1


def test_who_may_not_record_gets_403_on_the_create_page(personas, visit):
    for role in (personas.admin, personas.analyst, personas.viewer):
        client = client_for(role)
        assert client.get(reverse("people:interview_create", args=[visit.pk])).status_code == 403
        assert _create(personas, visit, actor=role).status_code == 403
    assert Interview.objects.count() == 0


def test_a_monitor_records_on_a_visit_of_their_own_institution_only(personas, visit):
    assert _create(personas, visit_of_b(personas)).status_code == 404
    assert Interview.objects.count() == 0


# --- consent on the interview page --------------------------------------------------------


def test_consent_is_recorded_then_withdrawn_with_history_and_audit_events(personas, visit):
    interview = InterviewFactory.create(visit=visit, created_by=personas.monitor.user)
    client = client_for(personas.monitor)
    consent_url = reverse("people:interview_consent", args=[interview.pk])
    withdraw_url = reverse("people:interview_consent_withdraw", args=[interview.pk])

    assert client.get(consent_url).status_code == 200
    response = client.post(
        consent_url,
        {"given_by": "guardian", "given_at": "2026-03-10T09:00", "scopes": ["spt"]},
    )
    assert response.status_code == 302
    confirm = client.get(withdraw_url)
    assert confirm.status_code == 200
    assert "Sharing with the SPT" in confirm.content.decode()
    response = client.post(withdraw_url, {"reason": "Afraid after the transfer of a cellmate."})
    assert response.status_code == 302

    history = list(interview.consents.order_by("recorded_at", "pk"))
    assert [(c.withdrawn, c.scopes) for c in history] == [
        (False, ["internal", "spt"]),
        (True, []),
    ]
    assert history[1].reason == "Afraid after the transfer of a cellmate."
    actions = list(
        AuditEvent.objects.filter(action__startswith="consent.")
        .order_by("sequence")
        .values_list("action", "details")
    )
    assert [a for a, _d in actions] == ["consent.recorded", "consent.withdrawn"]
    assert "Afraid" not in str(actions)
    page = client.get(reverse("people:interview_detail", args=[interview.pk])).content.decode()
    assert "Consent withdrawn" in page and "Sharing with the SPT" in page
    assert "Withdraw consent" not in page.split('id="consent"')[1].split("</section>")[0]


def test_withdrawing_when_no_consent_is_in_force_says_so_and_writes_nothing(personas, visit):
    interview = InterviewFactory.create(visit=visit, created_by=personas.monitor.user)
    before = _written()
    response = client_for(personas.monitor).post(
        reverse("people:interview_consent_withdraw", args=[interview.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert "There is no consent in force to withdraw." in response.content.decode()
    assert _written() == before


def test_consent_without_scopes_or_in_the_future_is_refused(personas, visit):
    interview = InterviewFactory.create(visit=visit, created_by=personas.monitor.user)
    client = client_for(personas.monitor)
    url = reverse("people:interview_consent", args=[interview.pk])
    response = client.post(url, {"given_by": "person", "given_at": "2026-03-10T09:00"})
    assert response.status_code == 400 and "scopes" in response.context["form"].errors
    later = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"given_by": "person", "given_at": later, "scopes": ["internal"]})
    assert response.context["form"].errors["given_at"] == ["This date is in the future."]
    assert ConsentRecord.objects.count() == 0


# --- the identity ---------------------------------------------------------------------------


def test_editing_the_identity_keeps_it_encrypted_and_the_blind_index_current(personas, visit):
    from vigil.people.selectors.people import people_find

    interview = InterviewFactory.create(visit=visit, created_by=personas.monitor.user)
    person = interview.person
    url = reverse("people:person_edit", args=[person.pk]) + f"?interview={interview.pk}"
    client = client_for(personas.monitor)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "full_name": NAME,
            "identity_number": ID_NUMBER,
            "date_of_birth": "1980-01-01",
            "version": person.version,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:interview_detail", args=[interview.pk])
    person.refresh_from_db()
    assert person.full_name == NAME and person.pseudonym.startswith("P-")
    commissioner = member_of_a(personas, Role.COMMISSIONER, "commissioner@a.example")
    assert [m.person for m in people_find(actor=commissioner, name=NAME)] == [person]
    event = AuditEvent.objects.get(action="person.updated")
    assert NAME not in str(event.details)


def test_a_reader_who_may_not_record_cannot_edit_an_identity(personas, visit):
    interview = InterviewFactory.create(visit=visit, created_by=personas.monitor.user)
    for role in (personas.analyst, personas.viewer, personas.admin):
        url = reverse("people:person_edit", args=[interview.person_id])
        assert client_for(role).get(url).status_code == 404


# --- need to know ---------------------------------------------------------------------------


def _record_pages(interview: Interview) -> list[str]:
    return [
        reverse("people:interview_detail", args=[interview.pk]),
        reverse("people:interview_edit", args=[interview.pk]),
        reverse("people:interview_consent", args=[interview.pk]),
        reverse("people:interview_consent_withdraw", args=[interview.pk]),
        reverse("people:person_edit", args=[interview.person_id]),
    ]


def test_a_monitor_not_on_the_team_nor_interviewing_gets_the_404_of_a_missing_record(
    personas, visit
):
    interview = InterviewFactory.create(visit=visit, created_by=personas.monitor.user)
    stranger = member_of_a(personas, Role.MONITOR, "other.monitor@a.example")
    client = client_for(stranger)
    for url in _record_pages(interview):
        response = client.get(url)
        missing = client.get(url.replace(f"/{interview.pk}/", "/987654/").replace(
            f"/{interview.person_id}/", "/987654/"
        ))  # fmt: skip
        assert response.status_code == missing.status_code == 404, url
    assert client.post(_record_pages(interview)[3]).status_code == 404
    assert not ConsentRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="record.read").exists()


def test_analyst_admin_and_viewer_get_403_on_the_list_and_404_on_a_detail(personas, visit):
    interview = InterviewFactory.create(visit=visit, created_by=personas.monitor.user)
    for role in (personas.analyst, personas.admin, personas.viewer):
        client = client_for(role)
        assert client.get(reverse("people:interview_list")).status_code == 403
        assert client.get(reverse("people:interview_export") + "?fmt=csv").status_code == 403
        for url in _record_pages(interview):
            assert client.get(url).status_code == 404, (role.role, url)


def test_an_interviewer_who_is_not_on_the_team_and_a_commissioner_may_read_it(personas, visit):
    interviewer = member_of_a(personas, Role.INVESTIGATOR, "interviewer@a.example")
    interview = InterviewFactory.create(
        visit=visit, created_by=personas.monitor.user, interviewers=[interviewer.user]
    )
    commissioner = member_of_a(personas, Role.COMMISSIONER, "commissioner@a.example")
    for reader in (interviewer, commissioner, personas.monitor):  # monitor: the visit team
        page = client_for(reader).get(reverse("people:interview_detail", args=[interview.pk]))
        assert page.status_code == 200, reader.role
    assert client_for(personas.investigator).get(
        reverse("people:interview_detail", args=[interview.pk])
    ).status_code == 404  # fmt: skip


def test_reading_an_interview_leaves_an_audit_event(personas, visit):
    interview = InterviewFactory.create(visit=visit, created_by=personas.monitor.user)
    client_for(personas.monitor).get(reverse("people:interview_detail", args=[interview.pk]))
    event = AuditEvent.objects.get(action="record.read")
    assert (event.target_type, event.target_id) == ("people.interview", str(interview.pk))
    assert event.actor == personas.monitor.user


def test_recording_for_others_without_being_among_them_returns_to_the_visit(personas, visit):
    recorder = member_of_a(personas, Role.MONITOR, "recorder@a.example")
    response = _create(personas, visit, actor=recorder)  # interviewer: A's monitor only
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:visit_detail", args=[visit.pk])


# --- the list -------------------------------------------------------------------------------


def _interview(visit: Visit, personas, **kwargs: Any) -> Interview:
    kwargs.setdefault("created_by", personas.monitor.user)
    return InterviewFactory.create(visit=visit, **kwargs)


def _listed(client: Any, **query: Any) -> list[str]:
    response = client.get(reverse("people:interview_list"), query)
    assert response.status_code == 200
    return [
        i.person.pseudonym if i.person_id else f"group-{i.group_size}"
        for i in response.context["page"]
    ]


def test_the_list_is_filtered_by_place_kind_vulnerability_fear_dates_and_pseudonym(personas, visit):
    other_visit = visit_of_a(personas, place_name="Southern Police Lock-up")
    a = _interview(visit, personas, vulnerabilities=[Vulnerability.OLDER], fears_reprisal=True)
    b = _interview(
        other_visit, personas, held_on=datetime.date(2026, 3, 11),
        vulnerabilities=[Vulnerability.WOMAN, Vulnerability.CHILD],
    )  # fmt: skip
    _interview(visit, personas, kind="group", person=None, group_size=5)
    client = client_for(personas.monitor)
    pa, pb = a.person.pseudonym, b.person.pseudonym

    assert sorted(_listed(client)) == sorted([pa, pb, "group-5"])
    assert sorted(_listed(client, place=visit.place_id)) == sorted([pa, "group-5"])
    assert _listed(client, kind="group") == ["group-5"]
    assert _listed(client, vulnerability="child") == [pb]
    assert _listed(client, vulnerability="older") == [pa]
    assert _listed(client, fears_reprisal="on") == [pa]
    assert _listed(client, held_from="2026-03-11") == [pb]
    assert sorted(_listed(client, held_until="2026-03-10")) == sorted([pa, "group-5"])
    assert _listed(client, pseudonym=pb.lower()) == [pb]
    response = client.get(reverse("people:interview_list"), {"held_from": "2026-03-12",
                                                      "held_until": "2026-03-01"})  # fmt: skip
    assert "The end date is before the start date." in response.content.decode()


def test_the_list_holds_only_what_the_actor_needs_to_know(personas, visit):
    seen = _interview(visit, personas)
    stranger_visit = visit_of_a(personas, place_name="Elsewhere")
    stranger_visit.team.all().delete()
    hidden = _interview(stranger_visit, personas, created_by=personas.investigator.user,
                        interviewers=[personas.investigator.user])  # fmt: skip
    InterviewFactory.create(visit=visit_of_b(personas))
    assert _listed(client_for(personas.monitor)) == [seen.person.pseudonym]
    assert _listed(client_for(personas.investigator)) == [hidden.person.pseudonym]


def visit_of_b(personas) -> Visit:
    from vigil.places.tests.factories import PlaceFactory
    from vigil.visits.tests.factories import VisitFactory

    place = PlaceFactory.create(institution=personas.institution_b)
    return VisitFactory.create(place=place, created_by=personas.monitor_b.user)


def test_the_list_is_paginated(personas, visit):
    for _ in range(52):
        _interview(visit, personas)
    client = client_for(personas.monitor)
    assert len(_listed(client)) == 50
    assert len(_listed(client, page=2)) == 2


def test_the_list_takes_the_same_queries_however_many_interviews(
    personas, visit, django_assert_num_queries
):
    def add(n: int) -> None:
        for position in range(n):
            interview = _interview(visit, personas, vulnerabilities=["woman"])
            if position % 2:
                ConsentFactory.create(interview=interview)

    add(2)
    client = client_for(personas.monitor)
    client.get(reverse("people:interview_list"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("people:interview_list")).status_code == 200
    add(10)
    with django_assert_num_queries(len(few)):
        assert client.get(reverse("people:interview_list")).status_code == 200


# --- the visit panel ------------------------------------------------------------------------


def test_the_visit_page_lists_its_interviews_for_those_who_may_see_them(personas, visit):
    interview = _interview(visit, personas, vulnerabilities=["child"], fears_reprisal=True)
    ConsentFactory.create(interview=interview)
    page = client_for(personas.monitor).get(reverse("visits:visit_detail", args=[visit.pk]))
    text = page.content.decode()
    assert interview.person.pseudonym in text and "Record an interview" in text
    assert "Child (under 18)" in text and "Anonymous use in reports" in text
    assert interview.person.full_name not in text
    for reader in (personas.viewer, personas.analyst, personas.admin):
        text = (
            client_for(reader).get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
        )
        assert interview.person.pseudonym not in text and "Record an interview" not in text
    stranger = member_of_a(personas, Role.MONITOR, "other.monitor@a.example")
    text = (
        client_for(stranger).get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    )
    assert interview.person.pseudonym not in text
    assert "1 other interview of this visit" in text


def test_the_visit_panel_costs_the_same_queries_however_many_interviews(
    personas, visit, django_assert_num_queries
):
    client = client_for(personas.monitor)
    _interview(visit, personas)
    client.get(reverse("visits:visit_detail", args=[visit.pk]))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("visits:visit_detail", args=[visit.pk]))
    for _ in range(6):
        ConsentFactory.create(interview=_interview(visit, personas))
    with django_assert_num_queries(len(few)):
        client.get(reverse("visits:visit_detail", args=[visit.pk]))


def test_a_returning_interviewee_keeps_their_pseudonym(personas, visit):
    assert _create(personas, visit).status_code == 302
    first = Interview.objects.get()
    identity = dict.fromkeys(
        ("full_name", "identity_number", "date_of_birth", "nationality", "language", "gender"),
        None,
    )
    again = _create(personas, visit, returning=first.person.pseudonym.lower(), **identity)
    assert again.status_code == 302
    assert Person.objects.count() == 1
    assert Interview.objects.filter(person=first.person).count() == 2


def test_a_pseudonym_the_recorder_may_not_see_is_refused_and_nothing_is_written(personas, visit):
    from vigil.people.tests.factories import PersonFactory

    stranger = PersonFactory.create(institution=personas.institution_a)  # no interview of theirs
    before = _written()
    response = _create(personas, visit, returning=stranger.pseudonym, full_name=None)
    assert response.status_code == 400
    assert "No one you may see has this pseudonym." in response.content.decode()
    assert _written() == before


def test_a_returning_pseudonym_with_an_identity_is_refused(personas, visit):
    assert _create(personas, visit).status_code == 302
    code = Interview.objects.get().person.pseudonym
    response = _create(personas, visit, returning=code)
    assert response.status_code == 400
    assert "Leave the identity empty for a returning person." in response.content.decode()
