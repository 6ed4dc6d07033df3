"""Factories for people, interviews, cases and the rest; identities are fictional.

Records made here go straight to the database (factories are test set-up); the behaviour
under test always goes through services.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import factory
from django.utils import timezone
from PIL import Image

from vigil.core import crypto
from vigil.core.models import Membership
from vigil.core.tests.factories import UserFactory
from vigil.people.models import (
    Case,
    CaseAssignment,
    CaseStage,
    CheckBack,
    ConsentRecord,
    ConsentScope,
    Examination,
    IntakeSource,
    Interview,
    Person,
    Reprisal,
    ReprisalType,
)
from vigil.people.services.interviews import IDENTITY_NUMBER_INDEX, NAME_INDEX
from vigil.visits.tests.factories import VisitFactory


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    institution = factory.SubFactory("vigil.core.tests.factories.InstitutionFactory")
    pseudonym = factory.Sequence(lambda n: f"P-{n + 9000:04d}")
    full_name = factory.Sequence(lambda n: f"Ariunaa Testperson {n}")
    identity_number = factory.Sequence(lambda n: f"ID-{n:06d}")
    date_of_birth = "1990-04-01"
    nationality = "Fictionland"
    language = "Fictish"
    name_index = factory.LazyAttribute(
        lambda o: crypto.blind_index(o.full_name, purpose=NAME_INDEX)
    )
    identity_number_index = factory.LazyAttribute(
        lambda o: crypto.blind_index(o.identity_number, purpose=IDENTITY_NUMBER_INDEX)
    )
    created_by = factory.SubFactory(UserFactory)


class InterviewFactory(factory.django.DjangoModelFactory[Interview]):
    class Meta:
        model = Interview
        skip_postgeneration_save = True

    visit = factory.SubFactory(VisitFactory)
    institution = factory.SelfAttribute("visit.institution")
    kind = Interview.Kind.INDIVIDUAL
    person = factory.SubFactory(PersonFactory, institution=factory.SelfAttribute("..institution"))
    held_on = datetime.date(2026, 3, 10)
    notes = "He said the night shift beat him in cell 4."
    created_by = factory.SelfAttribute("visit.created_by")

    @factory.post_generation
    def interviewers(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create:
            self.interviewers.set(extracted or [self.created_by])


class _OfInterviewFactory(factory.django.DjangoModelFactory[Any]):
    """A record about the person an interview was with, in the interview's institution."""

    class Meta:
        abstract = True

    interview = factory.SubFactory(InterviewFactory)
    institution = factory.SelfAttribute("interview.institution")
    person = factory.SelfAttribute("interview.person")


class ConsentFactory(_OfInterviewFactory):
    class Meta:
        model = ConsentRecord

    given_by = ConsentRecord.GivenBy.PERSON
    given_at = factory.LazyFunction(timezone.now)
    scopes = factory.LazyFunction(lambda: [ConsentScope.INTERNAL, ConsentScope.ANONYMOUS_REPORTS])
    recorded_by = factory.SelfAttribute("interview.created_by")


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    """A case; pass `team=[membership, …]` to assign people (the first leads)."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    institution = factory.SubFactory("vigil.core.tests.factories.InstitutionFactory")
    reference = factory.Sequence(lambda n: f"C-2026-{n + 9000:04d}")
    source = IntakeSource.COMPLAINT
    received_on = datetime.date(2026, 3, 12)
    received_by = factory.SubFactory(UserFactory)
    account = "Beaten with a baton during questioning at the district station."
    injuries = "Bruises on both forearms."
    stage = CaseStage.RECEIVED
    stage_since = factory.SelfAttribute("received_on")
    created_by = factory.SelfAttribute("received_by")

    @factory.post_generation
    def victims(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create:
            self.victims.set(extracted or [PersonFactory.create(institution=self.institution)])

    @factory.post_generation
    def team(self, create: bool, extracted: list[Membership] | None, **kwargs: object) -> None:
        case: Case = self  # type: ignore[assignment]
        for position, member in enumerate(extracted or []):
            CaseAssignment.objects.create(
                institution=case.institution,
                case=case,
                user=member.user,
                role=CaseAssignment.Role.LEAD if position == 0 else CaseAssignment.Role.MEMBER,
                assigned_by=member.user,
            )


class ExaminationFactory(factory.django.DjangoModelFactory[Examination]):
    class Meta:
        model = Examination

    case = factory.SubFactory(CaseFactory)
    institution = factory.SelfAttribute("case.institution")
    person = factory.LazyAttribute(lambda o: o.case.victims.first())
    examiner = factory.SelfAttribute("case.received_by")
    examiner_qualifications = "MD, forensic physician"
    examined_on = datetime.date(2026, 3, 14)
    consent_given = True
    history = "Detained on 10 March; questioned overnight."
    physical_findings = "Linear bruising 8 cm on the left forearm."
    created_by = factory.SelfAttribute("examiner")


class ReprisalFactory(_OfInterviewFactory):
    class Meta:
        model = Reprisal

    occurred_on = datetime.date(2026, 3, 20)
    type = ReprisalType.THREAT
    unit_responsible = "Night shift"
    description = "Told he would be moved if he spoke again."
    recorded_by = factory.SelfAttribute("interview.created_by")


class CheckBackFactory(_OfInterviewFactory):
    class Meta:
        model = CheckBack

    due_on = datetime.date(2026, 3, 24)
    method = CheckBack.Method.VISIT
    assigned_to = factory.SelfAttribute("interview.created_by")
    created_by = factory.SelfAttribute("interview.created_by")


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    """A small JPEG whose EXIF holds a camera model and GPS coordinates."""
    image = Image.new("RGB", (16, 16), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "Fictional Camera X1"  # Model
    gps = {1: "N", 2: (47.0, 55.0, 12.0), 3: "E", 4: (106.0, 55.0, 3.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()
