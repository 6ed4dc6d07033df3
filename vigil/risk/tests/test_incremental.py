"""Incremental recomputation: a change marks exactly the places whose evidence it is, a run
scores only those, and what it stores equals a full recomputation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from vigil.core.tests.factories import Personas
from vigil.places.models import Place
from vigil.places.services.population import population_delete, population_record
from vigil.places.tests.factories import PlaceFactory
from vigil.risk.models import RiskAggregate, RiskDirtyPlace, RiskScore, RiskState
from vigil.risk.services.configuration import configuration_update
from vigil.risk.services.scores import scores_compute, scores_refresh
from vigil.visits.models import Severity, Theme
from vigil.visits.services.visits import finding_create
from vigil.visits.tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


class Register:
    """Three scored places of institution A, and one of B."""

    def __init__(self, personas: Personas) -> None:
        a = personas.institution_a
        self.places = [PlaceFactory.create(institution=a, name=f"Station {n}") for n in range(3)]
        self.visits = [
            VisitFactory.create(place=place, starts_on=timezone.localdate() - timedelta(days=90))
            for place in self.places
        ]
        self.b_place = PlaceFactory.create(institution=personas.institution_b)
        scores_refresh(institution=a)
        scores_refresh(institution=personas.institution_b)


@pytest.fixture
def register(personas: Personas) -> Register:
    return Register(personas)


def _marked(personas: Personas) -> set[int]:
    marks = RiskDirtyPlace.objects.for_institution(personas.institution_a.pk)
    return set(marks.values_list("place_id", flat=True))


def _finding(personas: Personas, register: Register, n: int = 0) -> None:
    finding_create(
        actor=personas.admin,
        visit=register.visits[n],
        theme=Theme.objects.filter(institution__isnull=True).order_by("pk")[0],
        severity=Severity.URGENT,
        title="No custody register",
        description="The station keeps no register.",
    )


def test_nothing_changed_scores_nothing(personas, register):
    result = scores_refresh(institution=personas.institution_a)
    assert result["places"] == 0


def test_a_finding_marks_its_place_and_the_next_run_scores_only_it(personas, register):
    before = RiskScore.objects.get(place=register.places[0], is_latest=True).score
    _finding(personas, register)
    assert _marked(personas) == {register.places[0].pk}

    result = scores_refresh(institution=personas.institution_a)

    assert result["places"] == 1
    assert RiskScore.objects.get(place=register.places[0], is_latest=True).score > before
    assert _marked(personas) == set()
    # A full recomputation finds nothing left to write: the incremental run missed nothing.
    assert scores_compute(institution=personas.institution_a)["written"] == 0


def test_population_counts_recorded_and_deleted_mark_their_place(personas, register):
    place = register.places[1]
    snapshot = population_record(
        actor=personas.admin,
        place=place,
        counted_on=timezone.localdate(),
        source="official",
        total=40,
    )
    assert _marked(personas) == {place.pk}
    scores_refresh(institution=personas.institution_a)
    population_delete(actor=personas.admin, snapshot=snapshot)
    assert _marked(personas) == {place.pk}


def test_a_rolled_back_change_marks_nothing(personas, register):
    with pytest.raises(RuntimeError), transaction.atomic():
        _finding(personas, register)
        raise RuntimeError("the service failed after auditing")
    assert _marked(personas) == set()


def test_a_change_of_configuration_scores_every_place(personas, register):
    configuration_update(actor=personas.admin, weights={"time_since_visit": "5"}, thresholds={})
    assert RiskState.objects.get(institution=personas.institution_a).all_places

    result = scores_refresh(institution=personas.institution_a)

    assert result["places"] == 3
    assert result["written"] == 3  # the version is part of every explanation
    assert not RiskState.objects.get(institution=personas.institution_a).all_places


def test_the_first_run_of_a_day_scores_every_place(personas, register):
    state = RiskState.objects.get(institution=personas.institution_a)
    RiskState.objects.filter(pk=state.pk).update(computed_at=state.computed_at - timedelta(days=1))
    assert scores_refresh(institution=personas.institution_a)["places"] == 3


def test_recompute_now_scores_every_place(personas, register):
    result = scores_refresh(institution=personas.institution_a, actor=personas.admin.user)
    assert result["places"] == 3


def test_renaming_or_closing_a_place_rebuilds_the_stored_figures(personas, register):
    from vigil.places.services.places import place_update

    built = RiskAggregate.objects.get(institution=personas.institution_a, name="summary")
    assert built.data["scored"] == 3
    place_update(actor=personas.admin, place=register.places[2], status=Place.Status.CLOSED)
    assert _marked(personas) == {register.places[2].pk}

    scores_refresh(institution=personas.institution_a)

    summary = RiskAggregate.objects.get(institution=personas.institution_a, name="summary")
    assert summary.data["scored"] == 2


def test_marks_stay_with_their_institution(personas, register):
    _finding(personas, register)
    assert not RiskDirtyPlace.objects.filter(institution=personas.institution_b).exists()
    assert scores_refresh(institution=personas.institution_b)["places"] == 0
    assert _marked(personas) == {register.places[0].pk}


def test_a_failed_run_leaves_every_place_to_score(personas, register, monkeypatch):
    from vigil.risk.services import scores

    _finding(personas, register)

    def broken(**kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(scores, "aggregates_rebuild", broken)
    with pytest.raises(RuntimeError):
        scores_refresh(institution=personas.institution_a)
    state = RiskState.objects.get(institution=personas.institution_a)
    assert state.all_places and state.dirty_since is not None
    monkeypatch.undo()
    assert scores_refresh(institution=personas.institution_a)["places"] == 3


def test_scores_computed_for_a_past_day_leave_the_marks(personas, register):
    _finding(personas, register)
    scores_compute(institution=personas.institution_a, on=date(2026, 1, 1))
    assert _marked(personas) == {register.places[0].pk}


def test_scores_store_their_figures_as_their_explanation_has_them(personas, register):
    from vigil.risk.selectors.gap_scope import part_figures, score_figures

    _finding(personas, register)
    scores_refresh(institution=personas.institution_a)
    for score in RiskScore.objects.filter(institution=personas.institution_a):
        figures = score_figures(score.figures)
        assert figures
        assert {
            code: (value.scaleb(4), points.scaleb(2))
            for code, (value, points) in part_figures(score.parts).items()
        } == figures


def test_figures_stored_by_a_run_equal_those_computed_from_the_scores(personas, register):
    from vigil.risk.selectors.gaps import gaps_build

    _finding(personas, register, 1)
    scores_refresh(institution=personas.institution_a)
    stored = gaps_build(actor=personas.analyst)
    RiskAggregate.objects.filter(institution=personas.institution_a).delete()
    computed = gaps_build(actor=personas.analyst)
    assert stored.groups == computed.groups and stored.trend == computed.trend
    assert stored.scored == computed.scored == 3
