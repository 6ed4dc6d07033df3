"""Retention of people's data: past its period it leaves the database, the blind indexes
and the evidence files, unless its case is open or under legal hold; the run leaves one
audit event with counts only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from vigil.core import crypto
from vigil.core.models import AuditEvent
from vigil.core.selectors import retention_preview
from vigil.core.services.retention import retention_periods_set, retention_run
from vigil.core.tests.factories import Personas, client_for
from vigil.people.models import BodyMark, Case, CaseStage, Evidence, Examination, Interview, Person
from vigil.people.services.cases import case_set_legal_hold
from vigil.people.services.interviews import NAME_INDEX
from vigil.people.tests.factories import ExaminationFactory, InterviewFactory
from vigil.people.tests.factories_cases import case_of_a
from vigil.people.tests.factories_evidence import evidence_in
from vigil.people.tests.factories_interviews import visit_of_a
from vigil.people.tests.factories_medical import mark

pytestmark = pytest.mark.django_db

DAYS = 365
PEOPLE_KINDS = ("interview_notes", "identities", "evidence", "medical")


def _keep_a_year(personas: Personas) -> None:
    retention_periods_set(actor=personas.admin, periods=dict.fromkeys(PEOPLE_KINDS, DAYS))


def _past_the_period() -> datetime:
    return timezone.now() + timedelta(days=DAYS + 1)


def _closed_case(personas: Personas, **values: Any) -> Case:
    return case_of_a(personas, stage=CaseStage.CLOSED, **values)


def _summary(personas: Personas) -> AuditEvent:
    return AuditEvent.objects.filter(
        action="retention.applied", institution=personas.institution_a
    ).latest("sequence")


@dataclass
class World:
    interview: Interview
    person: Person
    case: Case
    examination: Examination
    files: list[Evidence]


def _world(personas: Personas, **case_values: Any) -> World:
    """An interview whose case holds an examination and evidence of each holder."""
    interview = InterviewFactory.create(
        visit=visit_of_a(personas), created_by=personas.monitor.user
    )
    case = _closed_case(personas, interview=interview, victims=[interview.person], **case_values)
    examination = ExaminationFactory.create(case=case, person=interview.person)
    mark(examination)
    files = [evidence_in(interview), evidence_in(case), evidence_in(examination)]
    assert interview.person is not None
    return World(interview, interview.person, case, examination, files)


def test_past_each_period_the_data_is_gone_and_the_summary_counts_it(
    personas: Personas,
) -> None:
    _keep_a_year(personas)
    world = _world(personas)
    person = world.person
    name = person.full_name
    retention_run(now=_past_the_period())

    interview = Interview.objects.get(pk=world.interview.pk)
    assert (interview.notes, interview.summary_for_report, interview.interpreter) == ("", "", "")
    person = Person.objects.get(pk=person.pk)
    assert (person.full_name, person.identity_number, person.date_of_birth) == ("", "", "")
    # The blind indexes go too: the old name finds nobody.
    assert (person.name_index, person.identity_number_index) == ("", "")
    old_index = crypto.blind_index(name, purpose=NAME_INDEX)
    assert not Person.objects.filter(name_index=old_index).exists()
    assert person.pseudonym  # statistics keep the pseudonym
    examination = Examination.objects.get(pk=world.examination.pk)
    assert (examination.history, examination.physical_findings) == ("", "")
    assert not BodyMark.objects.filter(examination=examination).exists()
    assert not Evidence.objects.filter(pk__in=[f.pk for f in world.files]).exists()

    details = _summary(personas).details
    assert details["kinds"]["interview_notes"]["removed"] == 1
    assert details["kinds"]["identities"]["removed"] == 1
    assert details["kinds"]["evidence"]["removed"] == 3
    assert details["kinds"]["medical"]["removed"] == 1
    # Counts only: nothing of what went is in the event.
    assert "Ariunaa" not in str(details) and "night shift" not in str(details)


def test_before_the_period_ends_nothing_goes(personas: Personas) -> None:
    _keep_a_year(personas)
    world = _world(personas)
    retention_run(now=timezone.now() + timedelta(days=DAYS - 1))
    assert Interview.objects.get(pk=world.interview.pk).notes
    assert Evidence.objects.filter(pk__in=[f.pk for f in world.files]).count() == 3


def test_an_open_case_keeps_its_data_and_the_summary_says_why(personas: Personas) -> None:
    _keep_a_year(personas)
    world = _world(personas)
    world.case.stage = CaseStage.INVESTIGATION
    world.case.save(update_fields=["stage"])
    retention_run(now=_past_the_period())

    assert Interview.objects.get(pk=world.interview.pk).notes
    assert Person.objects.get(pk=world.person.pk).full_name
    assert Examination.objects.get(pk=world.examination.pk).history
    assert Evidence.objects.filter(pk__in=[f.pk for f in world.files]).count() == 3
    kinds = _summary(personas).details["kinds"]
    assert kinds["evidence"] == {"removed": 0, "held": {"open_case": 3}}
    assert kinds["identities"]["held"] == {"open_case": 1}


def test_a_legal_hold_keeps_a_closed_case_until_it_is_lifted(personas: Personas) -> None:
    _keep_a_year(personas)
    world = _world(personas)
    case_set_legal_hold(actor=personas.monitor, case=world.case, on=True)
    retention_run(now=_past_the_period())
    assert Evidence.objects.filter(pk__in=[f.pk for f in world.files]).count() == 3
    assert _summary(personas).details["kinds"]["medical"]["held"] == {"legal_hold": 1}

    case_set_legal_hold(actor=personas.monitor, case=world.case, on=False)
    retention_run(now=_past_the_period())
    assert not Evidence.objects.filter(pk__in=[f.pk for f in world.files]).exists()
    assert AuditEvent.objects.filter(action="case.legal_hold_set").count() == 2


def test_the_case_team_sets_a_legal_hold_on_the_case_page(personas: Personas) -> None:
    case = _closed_case(personas)
    url = reverse("people:case_legal_hold", args=[case.pk])
    response = client_for(personas.monitor).post(url, {"legal_hold": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.legal_hold
    # The administrator does not need to know the case; another institution gets 404.
    assert client_for(personas.admin).post(url, {"legal_hold": ""}).status_code == 404
    assert client_for(personas.monitor_b).post(url, {"legal_hold": ""}).status_code == 404
    case.refresh_from_db()
    assert case.legal_hold


def test_a_dry_run_counts_and_removes_nothing(personas: Personas) -> None:
    _keep_a_year(personas)
    world = _world(personas)
    summary = retention_run(now=_past_the_period(), dry_run=True)
    assert summary[personas.institution_a.pk]["evidence"]["removed"] == 3
    assert Evidence.objects.filter(pk__in=[f.pk for f in world.files]).count() == 3
    assert not AuditEvent.objects.filter(action="retention.applied").exists()


def test_the_preview_lists_what_expires_in_30_days_by_pseudonym_only(
    personas: Personas,
) -> None:
    _keep_a_year(personas)
    world = _world(personas)
    soon = timezone.now() + timedelta(days=DAYS - 10)
    kinds = {k.rule.key: k for k in retention_preview(actor=personas.admin, now=soon)}
    assert kinds["identities"].count == 1
    assert kinds["identities"].records[0][0] == world.person.pseudonym
    assert kinds["evidence"].count == 3
    later = timezone.now() - timedelta(days=60)
    assert retention_preview(actor=personas.admin, now=later)[0].count == 0

    page = client_for(personas.admin).get(reverse("core:retention_expiring"))
    assert page.status_code == 200
    # Today nothing is within 30 days of a one-year period.
    assert world.person.pseudonym not in page.content.decode()


def test_the_expiring_page_names_no_person(personas: Personas) -> None:
    retention_periods_set(actor=personas.admin, periods=dict.fromkeys(PEOPLE_KINDS, 20))
    world = _world(personas)
    body = client_for(personas.admin).get(reverse("core:retention_expiring")).content.decode()
    assert world.person.pseudonym in body
    assert "Ariunaa" not in body and "night shift" not in body
    other = client_for(personas.monitor_b).get(reverse("core:retention_expiring"))
    assert other.status_code == 403
