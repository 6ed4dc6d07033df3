"""The visits app's figures on the commissioner's overview and its getting-started step."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Membership
from vigil.core.overview import OverviewFigure, Step
from vigil.visits.models import Finding, PlannedVisit, Severity, Visit, VisitPlan
from vigil.visits.selectors.dashboard import DONE

AGO = 30  # days: the trend of counts that have no yearly rhythm


def _a_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def visits_overview(actor: Membership, today: date) -> Iterable[OverviewFigure]:
    """Visits this year against the plan; urgent findings not yet acted on."""
    last_year = _a_year_before(today)
    done = (
        Visit.objects.for_actor(actor)
        .filter(status__in=DONE)
        .aggregate(
            now=Count("pk", filter=Q(starts_on__year=today.year, starts_on__lte=today)),
            before=Count("pk", filter=Q(starts_on__year=last_year.year, starts_on__lte=last_year)),
        )
    )
    planned = PlannedVisit.objects.for_actor(actor).filter(month__year=today.year).count()
    yield OverviewFigure(
        "visits-done",
        _("Visits this year"),
        done["now"],
        reverse("visits:visit_dashboard"),
        previous=done["before"],
        previous_label=_("a year ago"),
        detail=_("%(n)d planned") % {"n": planned},
        higher_is_better=True,
        order=10,
    )
    then = _end_of(today - timedelta(days=AGO))
    urgent = (
        Finding.objects.for_actor(actor)
        .filter(severity=Severity.URGENT)
        .aggregate(
            now=Count("pk", filter=Q(acted_on_at__isnull=True)),
            before=Count(
                "pk",
                filter=Q(created_at__lt=then)
                & (Q(acted_on_at__isnull=True) | Q(acted_on_at__gte=then)),
            ),
        )
    )
    yield OverviewFigure(
        "urgent-open",
        _("Urgent findings not acted on"),
        urgent["now"],
        reverse("visits:visit_dashboard") + "#dash-urgent",
        previous=urgent["before"],
        previous_label=_("30 days ago"),
        order=20,
    )


def visits_steps(actor: Membership) -> Iterable[Step]:
    yield Step(
        "visit-plan",
        _("Create the visit plan"),
        _("Choose the places to visit this year, month by month."),
        reverse("visits:plan_create"),
        VisitPlan.objects.for_actor(actor).exists(),
        order=40,
    )
