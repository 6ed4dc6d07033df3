"""Fixtures of the visit cycle: a visit of institution A and the people around it.

`personas.monitor` is a monitor of A who is *not* on the visit's team; the team is led
by `team_monitor`, another monitor of A.
"""

from __future__ import annotations

import pytest

from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, Personas, UserFactory
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import TeamRole, Visit
from vigil.visits.tests.factories import TeamMemberFactory, VisitFactory


def member_of(institution, role: Role, email: str) -> Membership:  # type: ignore[no-untyped-def]
    user = UserFactory.create(email=email, full_name=f"{role.label} {email.split('@')[0]}")
    return MembershipFactory.create(user=user, institution=institution, role=role)


@pytest.fixture
def team_monitor(personas: Personas) -> Membership:
    return member_of(personas.institution_a, Role.MONITOR, "team.leader@a.example")


@pytest.fixture
def commissioner(personas: Personas) -> Membership:
    return member_of(personas.institution_a, Role.COMMISSIONER, "commissioner@a.example")


@pytest.fixture
def team_visit(personas: Personas, team_monitor: Membership) -> Visit:
    """An on-site visit to a lock-up of A, led by `team_monitor`."""
    place = PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up")
    visit = VisitFactory.create(place=place, created_by=team_monitor.user)
    TeamMemberFactory.create(visit=visit, user=team_monitor.user, role=TeamRole.LEADER)
    return visit
