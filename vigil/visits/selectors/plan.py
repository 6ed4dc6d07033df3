"""Reads of the visit plan: the year's plans, the visits planned in them, and the reactive
visits made outside them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.visits.models import PlannedVisit, Visit, VisitPlan


def plan_list(*, actor: Membership) -> QuerySet[VisitPlan]:
    done = Q(items__visit__status__in=[
        Visit.Status.ON_SITE, Visit.Status.REPORTING, Visit.Status.REPORT_SENT, Visit.Status.CLOSED
    ])  # fmt: skip
    return VisitPlan.objects.for_actor(actor).annotate(
        planned=Count("items", distinct=True),
        done=Count("items", filter=done, distinct=True),
    )


def plan_get(*, actor: Membership, pk: Any) -> VisitPlan:
    return VisitPlan.objects.get_for_actor(actor, pk)


def planned_visit_get(*, actor: Membership, pk: Any) -> PlannedVisit:
    return get_for_actor(PlannedVisit.objects.select_related("place"), actor=actor, pk=pk)


def plan_items(*, plan: VisitPlan) -> QuerySet[PlannedVisit]:
    return plan.items.select_related("place", "place__kind", "visit").order_by(
        "month", "place__name"
    )


def reactive_visits(*, plan: VisitPlan) -> QuerySet[Visit]:
    """Visits in the plan's period that were not planned in it."""
    return (
        Visit.objects.for_institution(plan.institution_id)
        .filter(
            planned_item__isnull=True,
            starts_on__gte=plan.starts_on,
            starts_on__lte=plan.ends_on,
        )
        .exclude(status=Visit.Status.CANCELLED)
        .select_related("place")
        .order_by("starts_on")
    )
