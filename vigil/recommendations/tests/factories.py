"""Factories of recommendations and their follow-up.

They write rows directly, as fixtures do. The current response and status of a
recommendation are kept by the services (`response_record`, `status_record`), so tests of
the history use those; `RecommendationFactory(status=...)` only sets the stored state.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import factory

from vigil.core.tests.factories import InstitutionFactory, UserFactory
from vigil.recommendations.models import (
    Addressee,
    AuthorityResponse,
    Measure,
    Priority,
    Recommendation,
    Response,
    Source,
    Status,
    StatusUpdate,
)


def _set_many(name: str) -> Callable[..., None]:
    """A post-generation step setting the many-to-many `name` to the records passed."""

    def set_many(obj: Recommendation, create: bool, extracted: list[Any] | None, **kw: Any) -> None:
        if create and extracted:
            getattr(obj, name).set(extracted)

    return set_many


class RecommendationFactory(factory.django.DjangoModelFactory[Recommendation]):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    reference = factory.Sequence(lambda n: f"T-{n:05d}")
    text = factory.Sequence(lambda n: f"Recommendation {n}: keep the custody register complete.")
    source = Source.VISIT_REPORT
    issued_on = datetime.date(2026, 3, 20)
    addressee = Addressee.DETAINING_AUTHORITY
    priority = Priority.MEDIUM
    status = Status.NOT_STARTED
    status_on = factory.SelfAttribute("issued_on")
    created_by = factory.SubFactory(UserFactory)

    places = factory.PostGeneration(_set_many("places"))
    themes = factory.PostGeneration(_set_many("themes"))
    findings = factory.PostGeneration(_set_many("findings"))


class UNRecommendationFactory(RecommendationFactory):
    source = Source.UN_MECHANISM
    mechanism = "cat"
    source_document = "CAT/C/MRD/CO/2"
    paragraph = factory.Sequence(lambda n: str(10 + n))
    addressee = Addressee.MINISTRY


class _OfRecommendationFactory(factory.django.DjangoModelFactory[Any]):
    """A row of a recommendation's follow-up, in the recommendation's institution."""

    class Meta:
        abstract = True

    recommendation = factory.SubFactory(RecommendationFactory)
    institution = factory.SelfAttribute("recommendation.institution")


class AuthorityResponseFactory(_OfRecommendationFactory):
    class Meta:
        model = AuthorityResponse

    response = Response.ACCEPTED
    received_on = datetime.date(2026, 4, 15)
    text = "The authority accepts the recommendation."
    recorded_by = factory.SelfAttribute("recommendation.created_by")


class StatusUpdateFactory(_OfRecommendationFactory):
    class Meta:
        model = StatusUpdate

    status = Status.IN_PROGRESS
    on = datetime.date(2026, 5, 1)
    note = "Work has started."
    recorded_by = factory.SelfAttribute("recommendation.created_by")


class MeasureFactory(_OfRecommendationFactory):
    class Meta:
        model = Measure

    title = "Amend the standing orders on custody records"
    indicator = "Stations using the new register"
    baseline = "0"
    target = "120"
