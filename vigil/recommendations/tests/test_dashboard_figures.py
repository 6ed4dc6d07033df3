"""The dashboard's stored figures: equal to a count made now, read without counting, kept
up to date by the background task, and each institution's own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.tests.factories import client_for, run_background_jobs
from vigil.recommendations.models import DashboardFigures
from vigil.recommendations.selectors.dashboard import DashboardFilters, dashboard_build
from vigil.recommendations.services.dashboard import figures_mark_stale, figures_store
from vigil.recommendations.tests.test_dashboard import TODAY, dataset, themes  # noqa: F401

pytestmark = pytest.mark.django_db


def test_stored_figures_equal_a_count_made_now(personas, dataset):  # noqa: F811
    counted = dashboard_build(actor=personas.analyst, today=TODAY)
    figures_store(institution=personas.institution_a)
    with CaptureQueriesContext(connection) as queries:
        stored = dashboard_build(actor=personas.analyst, today=TODAY)
    assert stored == counted
    assert stored.overall.total == 12
    assert not [q for q in queries.captured_queries if "recommendations_recommendation" in q["sql"]]


def test_a_filtered_dashboard_is_counted_when_asked(personas, dataset):  # noqa: F811
    figures_store(institution=personas.institution_a)
    filters = DashboardFilters(addressee="parliament")
    assert dashboard_build(actor=personas.analyst, filters=filters, today=TODAY).overall.total == 2


def test_stale_or_old_figures_are_not_shown(personas, dataset):  # noqa: F811
    figures_store(institution=personas.institution_a)
    DashboardFigures.objects.filter(institution=personas.institution_a).update(
        data={"overall": {"total": 999}}
    )
    figures_mark_stale(personas.institution_a.pk)
    assert dashboard_build(actor=personas.analyst, today=TODAY).overall.total == 12
    DashboardFigures.objects.filter(institution=personas.institution_a).update(stale=False)
    later = TODAY.replace(day=2)
    assert dashboard_build(actor=personas.analyst, today=later).overall.total == 12


def test_each_institution_reads_its_own_figures(personas, dataset):  # noqa: F811
    figures_store(institution=personas.institution_a)
    figures_store(institution=personas.institution_b)
    assert dashboard_build(actor=personas.monitor_b, today=TODAY).overall.total == 3
    assert dashboard_build(actor=personas.analyst, today=TODAY).overall.total == 12


@pytest.mark.django_db(transaction=True)
def test_a_change_is_counted_again_in_the_background(personas):
    from vigil.recommendations.services.recommendations import recommendation_create

    client = client_for(personas.admin)
    url = reverse("recommendations:recommendation_dashboard")
    client.get(url)  # the first look queues the count
    run_background_jobs()
    figures = DashboardFigures.objects.get(institution=personas.institution_a)
    assert not figures.stale and figures.data["overall"]["total"] == 0

    recommendation_create(
        actor=personas.admin,
        text="Keep a register of every person deprived of liberty.",
        source="visit_report",
        addressee="detaining_authority",
        issued_on=TODAY,
    )
    figures.refresh_from_db()
    assert figures.stale  # the page counts for itself until the task has run
    assert client.get(url).context["dashboard"].overall.total == 1
    run_background_jobs()
    figures.refresh_from_db()
    assert not figures.stale and figures.data["overall"]["total"] == 1
