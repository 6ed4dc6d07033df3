"""The recommendation page shows the programme outcomes that claim to implement it: each with its
date, kind, statement and contribution, linking to its programme; only the institution's own."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.tests.factories import client_for
from vigil.programmes.models import Outcome
from vigil.programmes.tests.factories import OutcomeFactory, ProgrammeFactory
from vigil.recommendations.models import Recommendation
from vigil.recommendations.tests.factories import RecommendationFactory

HEADING = '<h2 id="programme-outcomes-heading">Programme outcomes</h2>'


@pytest.fixture
def rec(personas) -> Recommendation:
    return RecommendationFactory.create(institution=personas.institution_a, reference="R-2025-0007")


def _page(membership, rec: Recommendation) -> str:
    response = client_for(membership).get(
        reverse("recommendations:recommendation_detail", args=[rec.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def _outcomes(response) -> list[Outcome]:
    [panel] = [panel for name, panel in response.context["panels"] if "outcomes" in name]
    return panel["outcomes"]


def test_everyone_who_sees_the_recommendation_sees_its_outcomes_linked_to_the_programme(
    personas, rec
):
    programme = ProgrammeFactory.create(
        institution=personas.institution_a, title="Court cells inquiry"
    )
    outcome = OutcomeFactory.create(
        programme=programme,
        achieved_on=datetime.date(2025, 11, 3),
        kind=Outcome.Kind.INSPECTION_POWER,
        statement="Court cells added to the inspection mandate",
        contribution=Outcome.Contribution.DIRECT,
    )
    outcome.recommendations.set([rec])
    programme_url = reverse("programmes:prevention_detail", args=[programme.pk])
    for membership in personas.all_of_a():
        body = _page(membership, rec)
        assert 'aria-labelledby="programme-outcomes-heading"' in body and HEADING in body
        assert "Court cells added to the inspection mandate" in body
        assert "New inspection power" in body and "Direct result of the programme" in body
        # The same date format as the rest of the page, machine-readable for assistive tools.
        assert '<time datetime="2025-11-03">3 Nov 2025</time>' in body
        assert f'<a href="{programme_url}#outcomes">Court cells inquiry</a>' in body


def test_an_outcome_of_institution_b_never_shows(personas, rec):
    own = OutcomeFactory.create(
        programme=ProgrammeFactory.create(institution=personas.institution_a),
        statement="Our own outcome",
    )
    own.recommendations.set([rec])
    # A link across institutions should never be written; if one were, it must not leak.
    foreign_programme = ProgrammeFactory.create(
        institution=personas.institution_b, title="Programme of B"
    )
    foreign = OutcomeFactory.create(programme=foreign_programme, statement="Outcome of B")
    foreign.recommendations.set([rec])
    body = _page(personas.viewer, rec)
    assert "Our own outcome" in body
    assert "Outcome of B" not in body and "Programme of B" not in body
    assert reverse("programmes:prevention_detail", args=[foreign_programme.pk]) not in body
    # And B's monitor does not reach A's recommendation at all.
    response = client_for(personas.monitor_b).get(
        reverse("recommendations:recommendation_detail", args=[rec.pk])
    )
    assert response.status_code == 404


def test_a_recommendation_without_outcomes_says_none_yet_calmly(personas, rec):
    other = RecommendationFactory.create(institution=personas.institution_a)
    OutcomeFactory.create(
        programme=ProgrammeFactory.create(institution=personas.institution_a),
        statement="An outcome for another recommendation",
    ).recommendations.set([other])
    body = _page(personas.viewer, rec)
    assert HEADING in body
    assert "No programme outcome claims this recommendation yet." in body
    assert "An outcome for another recommendation" not in body


def test_the_page_costs_as_many_queries_with_five_outcomes_as_with_one(
    personas, rec, django_assert_num_queries
):
    def add(count: int) -> None:
        for _ in range(count):
            programme = ProgrammeFactory.create(institution=personas.institution_a)
            OutcomeFactory.create(programme=programme).recommendations.set([rec])

    client = client_for(personas.viewer)
    url = reverse("recommendations:recommendation_detail", args=[rec.pk])
    add(1)
    client.get(url)  # the session settles on the first request
    with CaptureQueriesContext(connection) as one:
        assert len(_outcomes(client.get(url))) == 1
    add(4)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(_outcomes(client.get(url))) == 5
