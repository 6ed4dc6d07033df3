"""Factories of prevention programmes and what belongs to them.

They write rows directly, as fixtures do; tests of behaviour go through the services.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory

from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import InstitutionFactory, MembershipFactory, UserFactory
from vigil.programmes.models import (
    Activity,
    GoodPractice,
    GoodPracticeTheme,
    Indicator,
    IndicatorValue,
    LogframeItem,
    Outcome,
    Programme,
)


def programme_officer(institution: Any, email: str = "officer@a.example") -> Membership:
    """A programme officer of the institution (the personas have none)."""
    user = UserFactory.create(email=email, full_name=f"Programme officer of {institution.name}")
    return MembershipFactory.create(user=user, institution=institution, role=Role.PROGRAMME_OFFICER)


def _set_themes(obj: Any, create: bool, extracted: list[Any] | None, **kwargs: object) -> None:
    """`themes=[…]` sets the record's themes once it is saved."""
    if create and extracted:
        obj.themes.set(extracted)


class ProgrammeFactory(factory.django.DjangoModelFactory[Programme]):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    title = factory.Sequence(lambda n: f"Programme {n}: safeguards in police custody")
    summary = "Law reform advocacy and training of police officers."
    protection_gap = "Detainees are not told of their rights in police lock-ups."
    champion = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("champion")
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
    status = Programme.Status.ACTIVE

    themes = factory.PostGeneration(_set_themes)


class _OfProgrammeFactory(factory.django.DjangoModelFactory[Any]):
    """A part of a programme, in the programme's institution."""

    class Meta:
        abstract = True

    programme = factory.SubFactory(ProgrammeFactory)
    institution = factory.SelfAttribute("programme.institution")


class LogframeItemFactory(_OfProgrammeFactory):
    class Meta:
        model = LogframeItem

    parent = None
    level = LogframeItem.Level.OBJECTIVE
    text = factory.Sequence(lambda n: f"Objective {n}: every detainee is told of their rights")


class IndicatorFactory(factory.django.DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator

    item = factory.SubFactory(LogframeItemFactory)
    institution = factory.SelfAttribute("item.institution")
    name = factory.Sequence(lambda n: f"Indicator {n}: lock-ups with a rights poster")
    unit = "%"
    baseline = Decimal("10")
    target = Decimal("90")


class IndicatorValueFactory(factory.django.DjangoModelFactory[IndicatorValue]):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    institution = factory.SelfAttribute("indicator.institution")
    measured_on = datetime.date(2025, 6, 30)
    value = Decimal("50")


class ActivityFactory(_OfProgrammeFactory):
    class Meta:
        model = Activity

    kind = Activity.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n} with station commanders")
    starts_on = datetime.date(2025, 3, 12)
    participants = 25
    created_by = factory.SelfAttribute("programme.created_by")


class OutcomeFactory(_OfProgrammeFactory):
    class Meta:
        model = Outcome

    achieved_on = datetime.date(2025, 11, 3)
    kind = Outcome.Kind.POLICY_ADOPTED
    statement = "The police adopted a standing order on informing detainees of their rights."
    evidence = "Standing order 12/2025, signed by the Commissioner of Police."
    contribution = Outcome.Contribution.SIGNIFICANT
    created_by = factory.SelfAttribute("programme.created_by")


class GoodPracticeFactory(factory.django.DjangoModelFactory[GoodPractice]):
    class Meta:
        model = GoodPractice
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    title = factory.Sequence(lambda n: f"Good practice {n}")
    what_worked = "Meeting the police leadership before any public statement."
    context = "A new government open to reform."
    lessons = "Trust takes months; a mentor opens doors."
    practice_themes = factory.LazyFunction(lambda: [GoodPracticeTheme.DIALOGUE.value])
    created_by = factory.SubFactory(UserFactory)

    themes = factory.PostGeneration(_set_themes)
