"""The follow-up dashboard's stored figures: counted in the background, read by the page.

A committed change to a recommendation (or its responses, status updates and measures)
marks the institution's figures stale, and the first such change queues a task that counts
them again; while they are stale the page counts them itself, so it is never wrong. The
first look at the dashboard on a new day queues a count too (overdue depends on the day).
Derived data, as risk scores are: not audited (decision 0018).
"""

from __future__ import annotations

import zoneinfo

from django.utils import timezone
from django_tasks import task

from vigil.core.models import Institution
from vigil.recommendations.models import DashboardFigures, Recommendation
from vigil.recommendations.selectors.dashboard import dashboard_figures

WATCHED_APP = "recommendations."


def on_change(institution_id: int, target_types: frozenset[str]) -> None:
    """After an audited commit: a change to the recommendations makes the figures stale."""
    if any(target.startswith(WATCHED_APP) for target in target_types):
        figures_mark_stale(institution_id)


def figures_mark_stale(institution_id: int) -> None:
    """Mark the figures stale and, unless they already were, queue their count."""
    marked = (
        DashboardFigures.objects.for_institution(institution_id)
        .filter(stale=False)
        .update(stale=True)
    )
    if marked:
        refresh_dashboard_figures.enqueue(institution_id)


def figures_ensure(institution_id: int) -> None:
    """On a look at the dashboard: queue a count if there are no figures for today yet."""
    figures, created = DashboardFigures.objects.get_or_create(
        institution_id=institution_id,
        defaults={"built_on": timezone.localdate(), "stale": True},
    )
    if created:
        refresh_dashboard_figures.enqueue(institution_id)
    elif figures.built_on < timezone.localdate():
        figures_mark_stale(institution_id)


def figures_store(*, institution: Institution) -> None:
    """Count the figures of every recommendation of the institution, for today."""
    today = timezone.localdate()
    # Cleared before counting: a change committed meanwhile marks them stale again.
    DashboardFigures.objects.update_or_create(
        institution=institution, defaults={"stale": False, "built_on": today}
    )
    recs = Recommendation.objects.for_institution(institution.pk).order_by()
    data = dashboard_figures(recs, today)
    DashboardFigures.objects.for_institution(institution.pk).update(
        data=data, built_on=today, built_at=timezone.now()
    )


@task()
def refresh_dashboard_figures(institution_id: int) -> None:
    """The background count queued by a change or a new day, in the institution's time zone."""
    institution = Institution.objects.get(pk=institution_id)
    with timezone.override(zoneinfo.ZoneInfo(institution.time_zone)):
        figures_store(institution=institution)
