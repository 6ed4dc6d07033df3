"""Set-ups for the medical tests: a case, its examined person with consent, an examination.

Identities and findings are fictional; they are planted so tests can look for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, Personas, UserFactory
from vigil.people.models import (
    BodyMark,
    Case,
    ConsentScope,
    Consistency,
    Examination,
    Interview,
    Person,
)
from vigil.people.tests.factories import (
    CaseFactory,
    ConsentFactory,
    ExaminationFactory,
    InterviewFactory,
    PersonFactory,
)

PLANTED_NAME = "Oyuntsetseg Planted-Name"
PLANTED_FINDING = "Tramline bruising across the left scapula"
PLANTED_PSYCHOLOGICAL = "Hypervigilance and nightmares since the arrest"
PLANTED_OPINION = "The findings as a whole are highly consistent with the account"


@dataclass
class ExaminationSetup:
    case: Case
    person: Person
    interview: Interview
    examination: Examination
    examiner: Membership


def medical_expert(personas: Personas, email: str = "doctor@a.example") -> Membership:
    user = UserFactory.create(email=email, full_name="Dr Solongo Examiner")
    return MembershipFactory.create(
        user=user, institution=personas.institution_a, role=Role.MEDICAL_EXPERT
    )


def examination_setup(
    personas: Personas,
    *,
    scopes: list[str] | None = None,
    team: list[Membership] | None = None,
) -> ExaminationSetup:
    """A case of A whose team is `team` (the investigator by default), and an examination by
    the first of them of a person who consented, at an interview, to `scopes`."""
    team = team if team is not None else [personas.investigator]
    person = PersonFactory.create(institution=personas.institution_a, full_name=PLANTED_NAME)
    interview = InterviewFactory.create(
        visit__place__institution=personas.institution_a,
        person=person,
        created_by=personas.monitor.user,
        visit__created_by=personas.monitor.user,
    )
    ConsentFactory.create(
        interview=interview,
        scopes=scopes
        if scopes is not None
        else [ConsentScope.INTERNAL, ConsentScope.ANONYMOUS_REPORTS],
        recorded_by=personas.monitor.user,
    )
    case = CaseFactory.create(
        institution=personas.institution_a,
        victims=[person],
        team=team,
        received_by=personas.investigator.user,
        interview=interview,
    )
    examiner = team[0] if team else personas.investigator
    examination = ExaminationFactory.create(
        case=case,
        person=person,
        examiner=examiner.user,
        created_by=examiner.user,
        physical_findings=PLANTED_FINDING + ", 12 cm, two parallel lines.",
        psychological_findings=PLANTED_PSYCHOLOGICAL + ".",
        overall_opinion=PLANTED_OPINION + ".",
        interpreter="Ganbold Interpreter",
    )
    return ExaminationSetup(case, person, interview, examination, examiner)


def mark(examination: Examination, number: int = 1, **values: object) -> BodyMark:
    fields: dict[str, object] = {
        "side": BodyMark.Side.FRONT,
        "x": 30,
        "y": 40,
        "description": f"Bruise number {number}",
        "consistency": Consistency.CONSISTENT,
    }
    fields.update(values)
    return BodyMark.objects.create(
        institution=examination.institution, examination=examination, number=number, **fields
    )
