"""Loads the risk demo (`demo/content.py`): maps checklist questions to factors, makes some
places' risk rise over three years, and scores every quarter since."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from vigil.core.demo.builder import DemoWorld
from vigil.core.models import Membership
from vigil.places.models import Place, PopulationSnapshot
from vigil.places.services.population import population_record
from vigil.risk.demo import content
from vigil.risk.models import RiskFactor
from vigil.risk.services.mappings import mapping_add
from vigil.risk.services.scores import scores_compute
from vigil.visits.models import ChecklistTemplate


def _member(world: DemoWorld, email: str) -> Membership:
    institution = world.institutions["hrc"]
    return Membership.objects.for_institution(institution.pk).get(user=world.users[email])


def _map_questions(actor: Membership) -> None:
    template = ChecklistTemplate.objects.shared().filter(form_id=content.POLICE_CHECKLIST).first()
    if template is None:
        return
    for code, question, answers in content.MAPPINGS:
        factor = RiskFactor.objects.shared().get(code=code)
        mapping_add(
            actor=actor, factor=factor, template=template, question=question, risk_answers=answers
        )


def _months_ago(today: date, months: int) -> date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, min(today.day, 28))


def _rising(admin: Membership, commissioner: Membership, rng: random.Random) -> None:
    """Places that get fuller, and from which more allegations come, year after year."""
    from vigil.people.models import IllTreatmentType, IntakeSource
    from vigil.people.services.cases import case_open
    from vigil.people.services.interviews import person_create

    today = timezone.localdate()
    places = list(
        Place.objects.for_actor(admin)
        .filter(capacity__gte=content.RISING_MIN_CAPACITY)
        .exclude(status=Place.Status.CLOSED)
        .order_by("external_ref")[: content.RISING_PLACES]
    )
    ill_treatment = IllTreatmentType.objects.shared().get(code=content.ALLEGATION_TYPE)
    for place in places:
        capacity = place.capacity or 50
        for step, months in enumerate(range(36, -1, -6)):
            population_record(
                actor=admin,
                place=place,
                counted_on=_months_ago(today, months),
                source=PopulationSnapshot.Source.OFFICIAL,
                total=int(capacity * (content.POPULATION_START + content.POPULATION_STEP * step)),
            )
        for months in content.ALLEGATIONS_MONTHS_AGO:
            received = _months_ago(today, months) - timedelta(days=rng.randint(0, 20))
            victim = person_create(
                actor=commissioner,
                full_name=content.COMPLAINANT.format(number=rng.randint(1000, 9999)),
            )
            case = case_open(
                actor=commissioner,
                victims=[victim],
                ill_treatment_types=[ill_treatment],
                source=IntakeSource.COMPLAINT,
                received_on=received,
                incident_date=received - timedelta(days=2),
                incident_place=place,
                account=content.ALLEGATION_ACCOUNT,
            )
            _refer(commissioner, case)


def _refer(commissioner: Membership, case: Any) -> None:
    """The complaint is assessed and referred to the prosecutor, then closed by the mechanism."""
    from vigil.people.models import CaseOutcome, CaseStage
    from vigil.people.services.cases import case_move

    day = case.received_on
    for step, (stage, outcome) in enumerate(
        [
            (CaseStage.ASSESSMENT, ""),
            (CaseStage.OUTCOME, CaseOutcome.REFERRED_PROSECUTION),
            (CaseStage.CLOSED, ""),
        ],
        start=1,
    ):
        case_move(
            actor=commissioner,
            case=case,
            to_stage=stage,
            outcome=outcome,
            moved_on=day + timedelta(days=step * 5),
            reason=content.REFERRAL_REASON,
            referral={"body": content.REFERRAL_BODY} if outcome else None,
        )


def load_risk(world: DemoWorld) -> None:
    """The demo step: mappings, rising places, then scores with three years of history."""
    if "hrc" not in world.institutions:
        return
    commissioner = _member(world, content.COMMISSIONER)
    _map_questions(commissioner)
    _rising(_member(world, content.ADMIN), commissioner, random.Random(7))  # noqa: S311
    today = timezone.localdate()
    for months in range(content.HISTORY_MONTHS, 0, -content.HISTORY_STEP):
        scores_compute(institution=commissioner.institution, on=_months_ago(today, months))
    for institution in world.institutions.values():
        scores_compute(institution=institution, on=today)
