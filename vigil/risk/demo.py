"""Demo risk data: checklist questions mapped to factors, three places whose risk rises over
three years (growing overcrowding, more allegations), and scores every quarter since."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from vigil.core.demo.builder import DemoWorld
from vigil.core.models import Membership
from vigil.places.models import Place, PopulationSnapshot
from vigil.places.services.population import population_record
from vigil.risk.models import RiskFactor
from vigil.risk.services import mapping_add, scores_compute
from vigil.visits.models import ChecklistTemplate

COMMISSIONER = "commissioner@hrc.example"
ADMIN = "admin@hrc.example"
POLICE_CHECKLIST = "vigil_police_custody"
# (factor code, question path, answers that signal the risk)
MAPPINGS = [
    ("custody_notification", "safeguards/custody_files/family_notified", ["no"]),
    ("lawyer_access", "safeguards/custody_files/lawyer_access", ["refused", "later"]),
    ("doctor_access", "safeguards/custody_files/doctor_examined", ["no"]),
    ("rights_information", "safeguards/custody_files/rights_information",
     ["not_understood", "not_informed"]),
    ("interrogation_recording", "interrogation/interview_recording", ["none"]),
    ("register_findings", "register/register_kept", ["no"]),
]  # fmt: skip
RISING_PLACES = 3


def _member(world: DemoWorld, email: str) -> Membership:
    return Membership.objects.get(user=world.users[email], institution=world.institutions["hrc"])


def _map_questions(actor: Membership) -> None:
    template = ChecklistTemplate.objects.filter(
        institution__isnull=True, form_id=POLICE_CHECKLIST
    ).first()
    if template is None:
        return
    for code, question, answers in MAPPINGS:
        factor = RiskFactor.objects.get(institution__isnull=True, code=code)
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
        Place.objects.filter(institution=admin.institution, capacity__gte=20)
        .exclude(status=Place.Status.CLOSED)
        .order_by("external_ref")[:RISING_PLACES]
    )
    beating = IllTreatmentType.objects.get(institution__isnull=True, code="beating")
    for place in places:
        capacity = place.capacity or 50
        for step, months in enumerate(range(36, -1, -6)):
            population_record(
                actor=admin,
                place=place,
                counted_on=_months_ago(today, months),
                source=PopulationSnapshot.Source.OFFICIAL,
                total=int(capacity * (0.85 + 0.13 * step)),
            )
        # None in the first year, one in the second, three in the last.
        for months in (20, 10, 7, 3):
            received = _months_ago(today, months) - timedelta(days=rng.randint(0, 20))
            victim = person_create(
                actor=commissioner, full_name=f"Demo complainant {rng.randint(1000, 9999)}"
            )
            case = case_open(
                actor=commissioner,
                victims=[victim],
                ill_treatment_types=[beating],
                source=IntakeSource.COMPLAINT,
                received_on=received,
                incident_date=received - timedelta(days=2),
                incident_place=place,
                account="Fictional demo account: beaten during questioning.",
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
            reason="Demo: complaint assessed and referred.",
            referral={"body": "Provincial prosecutor"} if outcome else None,
        )


def load_risk(world: DemoWorld) -> None:
    if "hrc" not in world.institutions:
        return
    commissioner = _member(world, COMMISSIONER)
    _map_questions(commissioner)
    _rising(_member(world, ADMIN), commissioner, random.Random(7))  # noqa: S311
    today = timezone.localdate()
    for months in range(36, 0, -3):  # a score every quarter, so the trend shows
        scores_compute(institution=commissioner.institution, on=_months_ago(today, months))
    for institution in world.institutions.values():
        scores_compute(institution=institution, on=today)
