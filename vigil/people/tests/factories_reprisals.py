"""Set-ups shared by the tests of reprisals, check-backs, search and statistics."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, Personas
from vigil.people.models import Interview, Person
from vigil.people.tests.factories import InterviewFactory, PersonFactory
from vigil.visits.tests.factories import VisitFactory

PLANTED_NAME = "Oyunchimeg Plantedname"
PLANTED_NUMBER = "QX-880011"
PLANTED_PSEUDONYM = "P-7331"


@dataclass
class World:
    """Institution A's monitor interviewed a person; a commissioner and another monitor exist."""

    personas: Personas
    commissioner: Membership
    other_monitor: Membership
    person: Person
    interview: Interview


def commissioner_of(institution: object) -> Membership:
    return MembershipFactory.create(
        institution=institution, role=Role.COMMISSIONER, user__full_name="Commissioner of A"
    )


def interview_by(member: Membership, person: Person | None = None, **values: object) -> Interview:
    visit = VisitFactory.create(place__institution=member.institution, created_by=member.user)
    extra: dict[str, object] = {"visit": visit, **values}
    if person is not None:
        extra["person"] = person
    return InterviewFactory.create(**extra)


def make_world(personas: Personas) -> World:
    person = PersonFactory.create(
        institution=personas.institution_a,
        pseudonym=PLANTED_PSEUDONYM,
        full_name=PLANTED_NAME,
        identity_number=PLANTED_NUMBER,
    )
    interview = interview_by(personas.monitor, person, held_on=datetime.date(2026, 3, 10))
    return World(
        personas=personas,
        commissioner=commissioner_of(personas.institution_a),
        other_monitor=MembershipFactory.create(
            institution=personas.institution_a, role=Role.MONITOR
        ),
        person=person,
        interview=interview,
    )
