"""Set-up for the interviews tests: a visit of A whose team is A's monitor."""

from __future__ import annotations

from typing import Any

from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, Personas, UserFactory
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import TeamRole, Visit
from vigil.visits.tests.factories import TeamMemberFactory, VisitFactory

PLACE = "Northern Remand Centre"


def visit_of_a(personas: Personas, *, place_name: str = PLACE, **kwargs: Any) -> Visit:
    """A visit of institution A led by A's monitor (on 10-11 March 2026)."""
    place = PlaceFactory.create(institution=personas.institution_a, name=place_name)
    visit = VisitFactory.create(place=place, created_by=personas.monitor.user, **kwargs)
    TeamMemberFactory.create(visit=visit, user=personas.monitor.user, role=TeamRole.LEADER)
    return visit


def member_of_a(personas: Personas, role: Role, email: str) -> Membership:
    user = UserFactory.create(email=email, full_name=f"{role.label} {email.split('@')[0]}")
    return MembershipFactory.create(user=user, institution=personas.institution_a, role=role)
