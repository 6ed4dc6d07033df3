"""Stored aggregates: the figures a recomputation stores equal those computed from the scores,
the pages read them without reading a score, and each institution reads only its own."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.core.tests.factories import Personas, client_for
from vigil.risk.models import RiskAggregate
from vigil.risk.selectors.gap_scope import AREA, AUTHORITY, KIND, MAX_YEARS, GapsFilters
from vigil.risk.selectors.gaps import Gaps, gaps_build
from vigil.risk.selectors.priorities import coverage
from vigil.risk.selectors.scores import scores_status
from vigil.risk.services.aggregates import aggregates_rebuild
from vigil.risk.tests.test_gaps import TODAY, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> World:
    """The places and score histories of the protection gaps tests, on their day."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return World(personas)


def _figures(gaps: Gaps) -> dict[str, Any]:
    """Everything the page and its files show, as plain values."""
    return {
        "columns": gaps.columns,
        "groups": gaps.groups,
        "safeguards": gaps.safeguards,
        "scored": gaps.scored,
        "unscored": gaps.unscored,
        "oldest": gaps.oldest_score,
        "newest": gaps.newest_score,
        "versions": gaps.versions,
        "years": gaps.years,
        "trend": gaps.trend,
        "year_figures": gaps.year_figures,
    }


@pytest.mark.parametrize("dimension", [KIND, AUTHORITY, AREA])
@pytest.mark.parametrize("years", [1, 3, MAX_YEARS])
def test_stored_gaps_equal_gaps_computed_from_the_scores(personas, world, dimension, years):
    filters = GapsFilters(dimension=dimension, years=years)
    from_scratch = _figures(gaps_build(actor=personas.analyst, filters=filters, today=TODAY))
    aggregates_rebuild(institution=personas.institution_a, today=TODAY)
    stored = _figures(gaps_build(actor=personas.analyst, filters=filters, today=TODAY))
    assert stored == from_scratch
    assert stored["scored"] == 5  # the open places with a score: the closed one is left out


def test_the_gaps_page_reads_no_score_once_the_figures_are_stored(personas, world):
    aggregates_rebuild(institution=personas.institution_a, today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(personas.analyst).get(reverse("risk:risk_gaps"))
    assert response.status_code == 200
    assert not [q for q in queries.captured_queries if "risk_riskscore" in q["sql"]]
    assert "Central Lock-up" not in response.content.decode()  # sums, not places


def test_a_filtered_reading_sums_the_chosen_places(personas, world):
    aggregates_rebuild(institution=personas.institution_a, today=TODAY)
    filters = GapsFilters(kind=world.prison_kind.pk)
    gaps = gaps_build(actor=personas.analyst, filters=filters, today=TODAY)
    assert gaps.scored == 2  # Old Prison and New Remand Centre


def test_figures_of_another_year_are_not_used(personas, world):
    aggregates_rebuild(institution=personas.institution_a, today=TODAY.replace(year=2025))
    gaps = gaps_build(actor=personas.analyst, today=TODAY)
    # The 2025 build does not know 2026's trend: the figures are computed instead.
    assert gaps.years[-1] == 2026
    assert gaps.year_figures[-1].places == 5  # the open places (the 2025 build has no 2026)


def test_status_and_coverage_read_the_stored_summary_and_equal_the_computed_ones(personas, world):
    actor = personas.analyst
    status_before = scores_status(actor=actor)
    coverage_before = coverage(actor=actor, plan=None, planned_ids={world.p1.pk, world.p5.pk})
    aggregates_rebuild(institution=personas.institution_a, today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        status = scores_status(actor=actor)
        covered = coverage(actor=actor, plan=None, planned_ids={world.p1.pk, world.p5.pk})
    assert not [q for q in queries.captured_queries if "risk_riskscore" in q["sql"]]
    assert status.unscored == status_before.unscored == 1
    assert [(v.version, v.places) for v in status.in_use] == [
        (v.version, v.places) for v in status_before.in_use
    ]
    assert covered.scored == coverage_before.scored == 5
    assert covered.shares == coverage_before.shares
    assert covered.shares[0].covered == 1  # the riskiest place, Central Lock-up, is planned


def test_each_institution_reads_only_its_own_stored_figures(personas: Personas, world):
    aggregates_rebuild(institution=personas.institution_a, today=TODAY)
    aggregates_rebuild(institution=personas.institution_b, today=TODAY)
    assert RiskAggregate.objects.filter(institution=personas.institution_b).exists()
    b_gaps = gaps_build(actor=personas.monitor_b, today=TODAY)
    assert b_gaps.scored == 1
    a_gaps = gaps_build(actor=personas.analyst, today=TODAY)
    assert a_gaps.scored == 5
    assert scores_status(actor=personas.monitor_b).in_use[0].places == 1
