from __future__ import annotations

import datetime
from typing import Any

import factory

from vigil.core.tests.factories import UserFactory
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import (
    Finding,
    Observation,
    RegisterCheck,
    Severity,
    TeamMember,
    TeamRole,
    Theme,
    Visit,
    VisitPlan,
    VisitType,
)


def theme(code: str = "treatment") -> Theme:
    return Theme.objects.get(institution__isnull=True, code=code)


class VisitFactory(factory.django.DjangoModelFactory[Visit]):
    class Meta:
        model = Visit

    place = factory.SubFactory(PlaceFactory)
    institution = factory.SelfAttribute("place.institution")
    reference = factory.Sequence(lambda n: f"V-2026-{n + 1:04d}")
    visit_type = VisitType.FULL
    starts_on = datetime.date(2026, 3, 10)
    ends_on = datetime.date(2026, 3, 11)
    status = Visit.Status.ON_SITE
    created_by = factory.SubFactory(UserFactory)


class _OfVisitFactory(factory.django.DjangoModelFactory[Any]):
    """A record made during a visit, in the visit's institution."""

    class Meta:
        abstract = True

    visit = factory.SubFactory(VisitFactory)
    institution = factory.SelfAttribute("visit.institution")


class TeamMemberFactory(_OfVisitFactory):
    class Meta:
        model = TeamMember

    user = factory.SubFactory(UserFactory)
    role = TeamRole.MONITOR


class ObservationFactory(_OfVisitFactory):
    class Meta:
        model = Observation

    theme = factory.LazyFunction(lambda: theme("conditions"))
    text = "Cells without natural light."
    created_by = factory.SelfAttribute("visit.created_by")


class RegisterCheckFactory(_OfVisitFactory):
    class Meta:
        model = RegisterCheck

    register = RegisterCheck.Register.CUSTODY
    period_from = datetime.date(2026, 1, 1)
    period_to = datetime.date(2026, 3, 1)
    entries_examined = 120
    irregularity_count = 4
    irregularities = "Four entries without time of release."
    created_by = factory.SelfAttribute("visit.created_by")


class FindingFactory(_OfVisitFactory):
    class Meta:
        model = Finding

    theme = factory.LazyFunction(theme)
    severity = Severity.CONCERN
    title = factory.Sequence(lambda n: f"Finding {n}")
    description = "What the team found."
    created_by = factory.SelfAttribute("visit.created_by")


class VisitPlanFactory(factory.django.DjangoModelFactory[VisitPlan]):
    class Meta:
        model = VisitPlan

    title = "Visit plan 2026"
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
