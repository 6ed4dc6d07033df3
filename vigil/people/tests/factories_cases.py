"""Helpers for the tests of allegation cases."""

from __future__ import annotations

import datetime
from typing import Any

from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, Personas
from vigil.people.models import ConsentScope, Referral
from vigil.people.tests.factories import (
    CaseFactory,
    ConsentFactory,
    InterviewFactory,
    PersonFactory,
)


def commissioner_of_a(personas: Personas) -> Membership:
    return MembershipFactory.create(
        institution=personas.institution_a,
        role=Role.COMMISSIONER,
        user__full_name="Commissioner of Institution A",
    )


def case_of_a(personas: Personas, *, team: list[Membership] | None = None, **values: Any) -> Any:
    """A case of institution A led by its monitor unless another team is given."""
    team = team if team is not None else [personas.monitor]
    values.setdefault("received_by", team[0].user if team else personas.monitor.user)
    return CaseFactory.create(institution=personas.institution_a, team=team, **values)


def referral_of(case: Any, **values: Any) -> Referral:
    values.setdefault("body", "District prosecutor")
    values.setdefault("sent_on", case.received_on)
    return Referral.objects.create(
        institution=case.institution, case=case, created_by=case.received_by, **values
    )


def person_with_consent(personas: Personas, *, full_name: str, scopes: list[str]) -> Any:
    """A person interviewed by A's monitor, who gave consent for `scopes`."""
    person = PersonFactory.create(institution=personas.institution_a, full_name=full_name)
    interview = InterviewFactory.create(
        visit__place__institution=personas.institution_a,
        visit__created_by=personas.monitor.user,
        person=person,
        interviewers=[personas.monitor.user],
    )
    ConsentFactory.create(interview=interview, scopes=scopes)
    return person


INTERNAL_ONLY = [ConsentScope.INTERNAL]


def days_ago(days: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() - datetime.timedelta(days=days)
