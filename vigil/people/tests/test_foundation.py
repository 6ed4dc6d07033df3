"""The people app's core paths: services, need to know, and consent-aware redaction."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from vigil.core.models import AuditEvent
from vigil.core.redaction import Audience, Mention, Row, redact_table
from vigil.people import access
from vigil.people.consent_rules import MENTION_INTERVIEWEE, interview_ref, person_ref
from vigil.people.models import CaseOutcome, CaseStage, ConsentScope, Interview
from vigil.people.services import cases, interviews
from vigil.people.tests.factories import CaseFactory
from vigil.visits.tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


def _interview(personas):
    visit = VisitFactory.create(
        place__institution=personas.institution_a, created_by=personas.monitor.user
    )
    return interviews.interview_create(
        actor=personas.monitor,
        visit=visit,
        interviewers=[personas.monitor.user],
        identity={"full_name": "Bat-Erdene Fictional", "identity_number": "ZZ-1234"},
        kind=Interview.Kind.INDIVIDUAL,
        held_on=datetime.date(2026, 3, 10),
        fears_reprisal=True,
    )


def test_interview_with_fear_of_reprisal_schedules_a_check_back(personas):
    interview = _interview(personas)
    assert interview.person.pseudonym == "P-0001"
    assert interview.check_backs.get().assigned_to == personas.monitor.user


def test_uninvolved_investigator_gets_404_and_the_team_reads_with_an_audit_event(personas):
    case = CaseFactory.create(institution=personas.institution_a, team=[personas.monitor])
    with pytest.raises(Http404):
        access.case_get(actor=personas.investigator, pk=case.pk)
    before = AuditEvent.objects.filter(action="record.read").count()
    assert access.case_get(actor=personas.monitor, pk=case.pk) == case
    assert AuditEvent.objects.filter(action="record.read").count() == before + 1


def test_illegal_moves_are_refused_and_a_referral_is_recorded_with_its_move(personas):
    case = CaseFactory.create(institution=personas.institution_a, team=[personas.investigator])
    with pytest.raises(ValidationError):
        cases.case_move(
            actor=personas.investigator,
            case=case,
            to_stage=CaseStage.CLOSED,
            moved_on=case.received_on,
            reason="skip",
        )
    cases.case_move(
        actor=personas.investigator,
        case=case,
        to_stage=CaseStage.ASSESSMENT,
        moved_on=case.received_on,
        reason="Admissible on its face.",
    )
    cases.case_move(
        actor=personas.investigator,
        case=case,
        to_stage=CaseStage.OUTCOME,
        outcome=CaseOutcome.REFERRED_PROSECUTION,
        moved_on=case.received_on,
        reason="Crime alleged.",
        referral={"body": "District prosecutor"},
    )
    case.refresh_from_db()
    assert case.stage == CaseStage.OUTCOME
    assert case.referrals.get().body == "District prosecutor"


def test_withdrawn_consent_removes_the_person_from_the_next_export(personas):
    interview = _interview(personas)
    interviews.consent_record(
        actor=personas.monitor,
        interview=interview,
        given_by="person",
        given_at=datetime.datetime(2026, 3, 10, 9, tzinfo=datetime.UTC),
        scopes=[ConsentScope.ANONYMOUS_REPORTS],
    )
    person = interview.person
    mention = Mention(
        kind=MENTION_INTERVIEWEE,
        name=person.full_name,
        pseudonym=person.pseudonym,
        ref=person_ref(person.pk),
    )
    rows = [Row(cells=[[mention], ["beaten"]], source=interview_ref(interview.pk))]

    def export() -> list[list[str]]:
        return redact_table(
            title="Interviews",
            headers=["who", "what"],
            rows=list(rows),
            reader=personas.monitor,
            audience=Audience.INTERNAL,
        )

    assert export() == [["Bat-Erdene Fictional", "beaten"]]
    interviews.consent_withdraw(actor=personas.monitor, interview=interview)
    assert export() == []
