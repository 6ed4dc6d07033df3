"""Scores from real records: a finding, an allegation and a mapped answer move a place's score."""

from __future__ import annotations

import datetime

import pytest

from vigil.places.tests.factories import PlaceFactory
from vigil.risk.models import RiskScore
from vigil.risk.services import configuration_update, scores_compute
from vigil.visits.models import Severity
from vigil.visits.tests.factories import FindingFactory, VisitFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 6, 1)


def _latest(place) -> RiskScore:
    return RiskScore.objects.get(place=place, is_latest=True)


def test_a_serious_finding_raises_the_place_score_and_explains_it(personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    quiet = PlaceFactory.create(institution=personas.institution_a)
    visit = VisitFactory.create(place=place, starts_on=datetime.date(2026, 3, 1))
    VisitFactory.create(place=quiet, starts_on=datetime.date(2026, 3, 1))
    FindingFactory.create(visit=visit, severity=Severity.URGENT)
    result = scores_compute(institution=personas.institution_a, on=ON)
    assert result["places"] == 2
    score, calm = _latest(place), _latest(quiet)
    assert score.score > calm.score
    contributing = {p["factor"] for p in score.parts if p["evidence"]}
    assert contributing
    assert sum(float(p["points"]) for p in score.parts) == pytest.approx(float(score.score))


def test_changing_a_weight_makes_a_new_version_that_scores_name(personas):
    PlaceFactory.create(institution=personas.institution_a)
    scores_compute(institution=personas.institution_a, on=ON)
    first = RiskScore.objects.get(is_latest=True)
    configuration = configuration_update(
        actor=personas.admin, weights={"time_since_visit": "5"}, thresholds={}
    )
    assert configuration.version == first.configuration.version + 1
    scores_compute(institution=personas.institution_a, on=ON)
    assert RiskScore.objects.get(is_latest=True).configuration == configuration
