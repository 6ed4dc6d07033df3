"""The people home page: figures for every role, never a name or a pseudonym."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for
from vigil.people.models import (
    CaseOutcome,
    CaseStage,
    CheckBack,
    IllTreatmentType,
    IntakeSource,
    Interview,
    ReprisalType,
    StageDeadline,
)
from vigil.people.selectors.statistics import people_statistics
from vigil.people.tests.factories import CaseFactory, CheckBackFactory, ReprisalFactory
from vigil.people.tests.factories_reprisals import (
    PLANTED_NAME,
    PLANTED_NUMBER,
    PLANTED_PSEUDONYM,
    interview_by,
    make_world,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def _figures(actor: Membership) -> dict[str, dict[str, object]]:
    """{section: {"totals": {label: n}, breakdown key: {label: n}}} for easy reading."""
    result: dict[str, dict[str, object]] = {}
    for section in people_statistics(actor=actor, today=TODAY):
        figures: dict[str, object] = {"totals": {str(k): v for k, v in section.totals}}
        for breakdown in section.breakdowns:
            figures[breakdown.key] = {str(r.label): r.count for r in breakdown.rows if r.count}
        result[section.key] = figures
    return result


def _plant(personas):
    """Records of A: interviews, cases, reprisals and check-backs with known counts."""
    world = make_world(personas)  # one individual interview, 10 March 2026, no vulnerability
    monitor = personas.monitor
    interview_by(monitor, vulnerabilities=["child", "pre_trial"], held_on=datetime.date(2025, 7, 1))
    interview_by(monitor, vulnerabilities=["child"], held_on=datetime.date(2026, 2, 1))
    interview_by(
        monitor,
        kind=Interview.Kind.GROUP,
        person=None,
        group_size=6,
        vulnerabilities=["woman"],
        held_on=datetime.date(2026, 2, 2),
        fears_reprisal=True,
    )
    beating = IllTreatmentType.objects.create(code="t-beating", name="Beating", order=1)
    threats = IllTreatmentType.objects.create(code="t-threats", name="Threats", order=2)
    a = personas.institution_a
    received = CaseFactory.create(
        institution=a, stage=CaseStage.RECEIVED, stage_since=TODAY - datetime.timedelta(days=8)
    )  # 7 days allowed: overdue
    received.ill_treatment_types.set([beating, threats])
    assessed = CaseFactory.create(
        institution=a,
        stage=CaseStage.ASSESSMENT,
        source=IntakeSource.MEDIA,
        stage_since=TODAY - datetime.timedelta(days=20),
    )  # the institution allows 10 days here: overdue
    assessed.ill_treatment_types.set([beating])
    StageDeadline.objects.create(institution=a, stage=CaseStage.ASSESSMENT, days=10)
    CaseFactory.create(
        institution=a,
        stage=CaseStage.CLOSED,
        outcome=CaseOutcome.REFERRED_PROSECUTION,
        stage_since=TODAY - datetime.timedelta(days=400),
    )  # closed: never overdue
    ReprisalFactory.create(interview=world.interview, type=ReprisalType.THREAT)
    ReprisalFactory.create(
        interview=world.interview,
        type=ReprisalType.TRANSFER,
        occurred_on=datetime.date(2025, 12, 30),
    )
    CheckBackFactory.create(interview=world.interview, due_on=TODAY - datetime.timedelta(days=1))
    CheckBackFactory.create(interview=world.interview, due_on=TODAY)
    CheckBackFactory.create(
        interview=world.interview,
        due_on=TODAY - datetime.timedelta(days=30),
        done_on=TODAY - datetime.timedelta(days=29),
        result=CheckBack.Result.SAFE,
    )
    return world


def test_the_counts_are_right(personas):
    _plant(personas)
    figures = _figures(personas.analyst)
    interviews = figures["interviews"]
    assert interviews["totals"] == {
        "Interviews": 4,
        "Individual interviews": 3,
        "Group interviews": 1,
        "People heard in groups": 6,
        "Interviewees who fear reprisal": 1,
    }
    assert interviews["interviews-vulnerability"] == {
        "Child (under 18)": 2,
        "In pre-trial detention": 1,
        "Woman or girl": 1,
    }
    assert interviews["interviews-year"] == {"2025": 1, "2026": 3}
    assert sum(interviews["interviews-place-kind"].values()) == 4
    cases = figures["cases"]
    assert cases["totals"] == {"Cases": 3, "Open cases": 2, "Overdue in their stage": 2}
    assert cases["cases-stage"] == {"Received": 1, "Preliminary assessment": 1, "Closed": 1}
    assert cases["cases-outcome"] == {"Referred to prosecution or disciplinary authority": 1}
    assert cases["cases-source"] == {"Individual complaint": 2, "Media": 1}
    assert cases["cases-ill-treatment"] == {"Beating": 2, "Threats": 1}
    reprisals = figures["reprisals"]
    assert reprisals["totals"] == {"Reprisals recorded": 2, "People affected": 1}
    assert reprisals["reprisals-type"] == {"Threats or intimidation": 1, "Punitive transfer": 1}
    assert reprisals["reprisals-year"] == {"2025": 1, "2026": 1}
    check_backs = figures["check-backs"]
    assert check_backs["totals"] == {"Due (not yet late)": 1, "Overdue": 1, "Done": 1}
    assert check_backs["check-backs-result"] == {"No sign of reprisal": 1}


def test_institution_b_sees_none_of_a_figures(personas):
    _plant(personas)
    for section in people_statistics(actor=personas.monitor_b, today=TODAY):
        assert all(count == 0 for _label, count in section.totals), section.key
        assert all(breakdown.empty for breakdown in section.breakdowns), section.key
    page = client_for(personas.monitor_b).get(reverse("people:people_home")).content.decode()
    assert "Beating" not in page  # no type of A's with a count


@pytest.mark.parametrize("role", ["analyst", "viewer", "admin", "programme_officer"])
def test_every_role_sees_the_figures_but_no_name_and_no_pseudonym(personas, role):
    _plant(personas)
    member = getattr(personas, role, None) or MembershipFactory.create(
        institution=personas.institution_a, role=Role.PROGRAMME_OFFICER
    )
    response = client_for(member).get(reverse("people:people_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="interviews-vulnerability"' in page and "Child (under 18)" in page
    for secret in (PLANTED_NAME, PLANTED_NUMBER, PLANTED_PSEUDONYM, "P-9"):
        assert secret not in page, secret
    # Nor links to the register, the check-backs or the search.
    for name in ("people:reprisal_list", "people:check_back_list", "people:people_search"):
        assert reverse(name) not in page


def test_those_who_work_with_people_also_get_their_links(personas):
    page = client_for(personas.monitor).get(reverse("people:people_home")).content.decode()
    assert reverse("people:reprisal_list") in page and reverse("people:check_back_list") in page
    assert reverse("people:people_search") not in page  # monitors may not search
    page = client_for(personas.investigator).get(reverse("people:people_home")).content.decode()
    assert reverse("people:people_search") in page


def test_the_figures_take_the_same_queries_however_many_records(
    personas, django_assert_num_queries
):
    _plant(personas)
    with CaptureQueriesContext(connection) as few:
        people_statistics(actor=personas.analyst, today=TODAY)
    _plant_more = [interview_by(personas.monitor, held_on=datetime.date(2024, 1, 1))]
    for _ in range(5):
        CaseFactory.create(institution=personas.institution_a, source=IntakeSource.OWN_MOTION)
        ReprisalFactory.create(occurred_on=datetime.date(2023, 5, 5), interview=_plant_more[0])
    with django_assert_num_queries(len(few)):
        people_statistics(actor=personas.analyst, today=TODAY)
    assert len(few) <= 10


def test_an_empty_institution_shows_empty_tables_not_errors(personas):
    response = client_for(personas.analyst).get(reverse("people:people_home"))
    assert response.status_code == 200
    assert timezone.localdate().strftime("%Y") in response.content.decode()
