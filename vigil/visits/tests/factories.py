from __future__ import annotations

import datetime

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
    visit_type = VisitType.FULL
    starts_on = datetime.date(2026, 3, 10)
    ends_on = datetime.date(2026, 3, 11)
    status = Visit.Status.ON_SITE
    created_by = factory.SubFactory(UserFactory)


class TeamMemberFactory(factory.django.DjangoModelFactory[TeamMember]):
    class Meta:
        model = TeamMember

    visit = factory.SubFactory(VisitFactory)
    institution = factory.SelfAttribute("visit.institution")
    user = factory.SubFactory(UserFactory)
    role = TeamRole.MONITOR


class ObservationFactory(factory.django.DjangoModelFactory[Observation]):
    class Meta:
        model = Observation

    visit = factory.SubFactory(VisitFactory)
    institution = factory.SelfAttribute("visit.institution")
    theme = factory.LazyFunction(lambda: theme("conditions"))
    text = "Cells without natural light."
    created_by = factory.SelfAttribute("visit.created_by")


class RegisterCheckFactory(factory.django.DjangoModelFactory[RegisterCheck]):
    class Meta:
        model = RegisterCheck

    visit = factory.SubFactory(VisitFactory)
    institution = factory.SelfAttribute("visit.institution")
    register = RegisterCheck.Register.CUSTODY
    period_from = datetime.date(2026, 1, 1)
    period_to = datetime.date(2026, 3, 1)
    entries_examined = 120
    irregularity_count = 4
    irregularities = "Four entries without time of release."
    created_by = factory.SelfAttribute("visit.created_by")


class FindingFactory(factory.django.DjangoModelFactory[Finding]):
    class Meta:
        model = Finding

    visit = factory.SubFactory(VisitFactory)
    institution = factory.SelfAttribute("visit.institution")
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
