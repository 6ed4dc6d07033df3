"""Scores from real records: a finding, an allegation and a mapped answer move a place's score."""

from __future__ import annotations

import datetime

import pytest

from vigil.places.tests.factories import PlaceFactory
from vigil.risk.models import RiskScore
from vigil.risk.services.configuration import configuration_update
from vigil.risk.services.scores import scores_compute
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


def test_the_first_look_on_a_new_day_queues_a_recomputation(
    personas, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from vigil.risk.models import RiskState
    from vigil.risk.services.scores import ensure_fresh

    PlaceFactory.create(institution=personas.institution_a)
    scores_compute(institution=personas.institution_a, on=timezone.localdate())
    state = RiskState.objects.get(institution=personas.institution_a)
    assert state.computed_at is not None and state.dirty_since is None
    ensure_fresh(personas.institution_a.pk)  # computed today: nothing to do
    state.refresh_from_db()
    assert state.dirty_since is None
    RiskState.objects.filter(pk=state.pk).update(computed_at=state.computed_at - timedelta(days=1))
    ensure_fresh(personas.institution_a.pk)
    state.refresh_from_db()
    assert state.dirty_since is not None


def test_the_refresh_command_scores_every_institution(personas):
    import io

    from django.core.management import call_command

    PlaceFactory.create(institution=personas.institution_a)
    PlaceFactory.create(institution=personas.institution_b)
    out = io.StringIO()
    call_command("risk_refresh", stdout=out)
    assert RiskScore.objects.filter(is_latest=True).count() == 2
    assert "1 places scored" in out.getvalue()
