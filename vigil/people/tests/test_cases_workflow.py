"""The case workflow: legal moves only, each dated with its reason and actor; referral
outcomes record the referral; per-stage deadlines make cases overdue for their team."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.people.hooks import cases_attention
from vigil.people.models import CaseMove, CaseOutcome, CaseStage, Referral, StageDeadline
from vigil.people.services import cases as services
from vigil.people.tests.factories_cases import case_of_a, commissioner_of_a, days_ago, referral_of
from vigil.people.workflow import next_stages, outcomes_from

pytestmark = pytest.mark.django_db


def _unchanged(case, stage: str, moves: int) -> None:
    case.refresh_from_db()
    assert case.stage == stage
    assert case.moves.count() == moves
    assert not AuditEvent.objects.filter(action="case.moved", target_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    ("stage", "to_stage", "outcome", "field"),
    [
        (CaseStage.RECEIVED, CaseStage.CLOSED, "", "to_stage"),
        (CaseStage.RECEIVED, CaseStage.OUTCOME, CaseOutcome.UNSUBSTANTIATED, "outcome"),
        (CaseStage.CLOSED, CaseStage.OUTCOME, CaseOutcome.WITHDRAWN, "to_stage"),
        (CaseStage.CLOSED, CaseStage.RECEIVED, "", "to_stage"),
        (CaseStage.INVESTIGATION, CaseStage.ASSESSMENT, "", "to_stage"),
        (CaseStage.ASSESSMENT, CaseStage.INVESTIGATION, CaseOutcome.RESOLVED, "outcome"),
    ],
)
def test_the_service_refuses_an_illegal_move_and_changes_nothing(
    personas, stage, to_stage, outcome, field
):
    case = case_of_a(personas, stage=stage)
    with pytest.raises(ValidationError) as refused:
        services.case_move(actor=personas.monitor, case=case, to_stage=to_stage,
                           outcome=outcome, moved_on=case.received_on, reason="Try it")  # fmt: skip
    assert field in refused.value.message_dict
    _unchanged(case, stage, moves=0)


def test_the_move_page_offers_only_the_allowed_next_steps(personas):
    case = case_of_a(personas)
    page = client_for(personas.monitor).get(reverse("people:case_move", args=[case.pk]))
    to_stage = page.context["form"]["to_stage"]
    offered = [choice[0] for choice in to_stage.field.widget.choices]
    assert offered == next_stages(CaseStage.RECEIVED) == ["assessment", "outcome"]
    outcomes = [c[0] for c in page.context["form"]["outcome"].field.widget.choices if c[0]]
    assert outcomes == outcomes_from(CaseStage.RECEIVED) == ["withdrawn"]


@pytest.mark.parametrize(
    ("stage", "posted", "message"),
    [
        (CaseStage.RECEIVED, {"to_stage": "closed"}, "cannot move from “Received” to “Closed”"),
        (
            CaseStage.RECEIVED,
            {"to_stage": "outcome", "outcome": "unsubstantiated"},
            "cannot be decided at the stage “Received”",
        ),
        (CaseStage.CLOSED, {"to_stage": "outcome", "outcome": "withdrawn"}, "cannot move from"),
        (CaseStage.RECEIVED, {"to_stage": "nowhere"}, "cannot move from"),
    ],
)
def test_an_illegal_move_posted_by_hand_is_refused_with_a_clear_message(
    personas, stage, posted, message
):
    case = case_of_a(personas, stage=stage)
    data = {"moved_on": case.received_on.isoformat(), "reason": "Forged", **posted}
    response = client_for(personas.monitor).post(reverse("people:case_move", args=[case.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    _unchanged(case, stage, moves=0)


def test_a_move_needs_its_date_and_reason(personas):
    case = case_of_a(personas)
    client = client_for(personas.monitor)
    response = client.post(reverse("people:case_move", args=[case.pk]), {"to_stage": "assessment"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"moved_on", "reason"}
    _unchanged(case, CaseStage.RECEIVED, moves=0)


def test_a_closed_case_offers_no_move(personas):
    case = case_of_a(personas, stage=CaseStage.CLOSED)
    page = client_for(personas.monitor).get(reverse("people:case_move", args=[case.pk]))
    assert "A closed case stays closed" in page.content.decode()
    assert '<form class="form"' not in page.content.decode()


def test_each_move_is_dated_with_its_reason_and_actor_in_the_history(personas):
    case = case_of_a(personas, received_on=days_ago(20))
    client = client_for(personas.monitor)
    response = client.post(
        reverse("people:case_move", args=[case.pk]),
        {"to_stage": "assessment", "moved_on": days_ago(15).isoformat(),
         "reason": "Admissible on its face."},
    )  # fmt: skip
    assert response.status_code == 302
    move = CaseMove.objects.get(case=case)
    assert (move.from_stage, move.to_stage, move.moved_on) == (
        "received",
        "assessment",
        days_ago(15),
    )
    assert move.moved_by == personas.monitor.user
    case.refresh_from_db()
    assert (case.stage, case.stage_since) == (CaseStage.ASSESSMENT, days_ago(15))
    page = client.get(reverse("people:case_detail", args=[case.pk])).content.decode()
    assert "Admissible on its face." in page
    assert personas.monitor.user.full_name in page


def test_a_referral_outcome_records_the_referral(personas):
    case = case_of_a(personas, stage=CaseStage.ASSESSMENT, received_on=days_ago(10))
    client = client_for(personas.monitor)
    url = reverse("people:case_move", args=[case.pk])
    data = {"to_stage": "outcome", "outcome": CaseOutcome.REFERRED_PROSECUTION,
            "moved_on": days_ago(2).isoformat(), "reason": "A crime is alleged."}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Name the body the case is referred to." in refused.content.decode()
    _unchanged(case, CaseStage.ASSESSMENT, moves=0)

    data |= {"body": "Regional prosecutor", "their_reference": "RP-17",
             "follow_up_on": days_ago(0).isoformat()}  # fmt: skip
    assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert (case.stage, case.outcome) == (CaseStage.OUTCOME, CaseOutcome.REFERRED_PROSECUTION)
    referral = Referral.objects.get(case=case)
    assert (referral.body, referral.their_reference) == ("Regional prosecutor", "RP-17")
    assert (referral.sent_on, referral.follow_up_on) == (days_ago(2), days_ago(0))


def test_a_referral_is_followed_up_until_the_body_closes_it(personas):
    case = case_of_a(personas, received_on=days_ago(30))
    referral = referral_of(case, follow_up_on=days_ago(1))
    client = client_for(personas.monitor)
    assert "District prosecutor" in client.get(reverse("people:case_overdue")).content.decode()
    response = client.post(
        reverse("people:referral_follow_up", args=[referral.pk]),
        {"status": "action_taken", "outcome_notes": "Officer suspended.",
         "follow_up_on": days_ago(-30).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACTION_TAKEN
    assert referral.outcome_notes == "Officer suspended."
    assert "District prosecutor" not in client.get(reverse("people:case_overdue")).content.decode()


def test_a_follow_up_before_the_referral_was_sent_is_refused_naming_the_field(personas):
    case = case_of_a(personas)
    referral = referral_of(case)
    response = client_for(personas.monitor).post(
        reverse("people:referral_follow_up", args=[referral.pk]),
        {"status": "acknowledged", "follow_up_on": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "follow_up_on" in response.context["form"].errors
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


def test_configured_deadlines_make_a_case_overdue_for_its_team_only(personas):
    case = case_of_a(personas, received_on=days_ago(5), reference="C-2026-0555")
    team = client_for(personas.monitor)
    assert case.reference not in team.get(reverse("people:case_overdue")).content.decode()
    assert case.reference not in team.get(reverse("core:home")).content.decode()

    response = client_for(personas.admin).post(
        reverse("people:case_deadlines"),
        {"received": 3, "assessment": 30, "investigation": 90, "outcome": 30},
    )
    assert response.status_code == 302
    assert StageDeadline.objects.get(institution=personas.institution_a, stage="received").days == 3

    assert case.reference in team.get(reverse("people:case_overdue")).content.decode()
    assert case.reference in team.get(reverse("core:home")).content.decode()
    overdue_only = team.get(reverse("people:case_list"), {"overdue": "on"}).content.decode()
    assert case.reference in overdue_only
    assert (
        case.reference
        in client_for(commissioner_of_a(personas)).get(reverse("core:home")).content.decode()
    )
    for outsider in (personas.investigator, personas.admin, personas.analyst):
        home = client_for(outsider).get(reverse("core:home")).content.decode()
        assert case.reference not in home


def test_deadlines_refuse_nonsense_naming_the_stage(personas):
    response = client_for(personas.admin).post(
        reverse("people:case_deadlines"),
        {"received": 0, "assessment": 30, "investigation": "many", "outcome": 30},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"received", "investigation"}
    assert not StageDeadline.objects.exists()


def test_only_administrators_and_commissioners_set_deadlines(personas):
    for who in (personas.monitor, personas.investigator, personas.analyst):
        assert client_for(who).get(reverse("people:case_deadlines")).status_code == 403


def test_the_home_page_reminder_costs_the_same_queries_for_many_cases(personas):
    def count_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            items = list(cases_attention(personas.monitor))
        return len(queries), len(items)

    case_of_a(personas, received_on=days_ago(40))
    referral_of(case_of_a(personas, received_on=days_ago(40)), follow_up_on=days_ago(1))
    few, found = count_queries()
    assert found == 3
    for _ in range(4):
        referral_of(case_of_a(personas, received_on=days_ago(40)), follow_up_on=days_ago(1))
    many, found = count_queries()
    assert found == 11
    assert many == few


def test_a_withdrawal_from_received_is_allowed_and_closes_on_the_next_move(personas):
    case = case_of_a(personas, received_on=days_ago(3))
    services.case_move(
        actor=personas.monitor,
        case=case,
        to_stage=CaseStage.OUTCOME,
        outcome=CaseOutcome.WITHDRAWN,
        moved_on=days_ago(2),
        reason="Withdrawn",
    )
    services.case_move(
        actor=personas.monitor,
        case=case,
        to_stage=CaseStage.CLOSED,
        moved_on=days_ago(1),
        reason="Filed",
    )
    case.refresh_from_db()
    assert (case.stage, case.outcome) == (CaseStage.CLOSED, CaseOutcome.WITHDRAWN)
    assert list(case.moves.values_list("to_stage", flat=True)) == ["outcome", "closed"]
    assert datetime.date.today() >= case.stage_since
