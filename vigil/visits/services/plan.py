"""Writes of the visit plan: a year's plan and the visits planned in it. Each runs in one
transaction with its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.places.models import Place
from vigil.visits.models import PlannedVisit, VisitPlan


@transaction.atomic
def plan_create(
    *, actor: Membership, title: str, starts_on: date, ends_on: date, notes: str = ""
) -> VisitPlan:
    require_capability(actor, Capability.PLAN_VISITS)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The plan ends before it starts.")})
    plan = VisitPlan.objects.create(
        institution=actor.institution,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        notes=notes,
    )
    audit_by(actor, "plan.created", plan)
    return plan


@transaction.atomic
def planned_visit_add(
    *,
    actor: Membership,
    plan: VisitPlan,
    place: Place,
    month: date,
    visit_type: str,
    reason: str = "",
) -> PlannedVisit:
    require_capability(actor, Capability.PLAN_VISITS)
    require_same_institution(actor, plan, place)
    month = month.replace(day=1)
    if not plan.starts_on.replace(day=1) <= month <= plan.ends_on:
        raise ValidationError({"month": _("The month is outside the plan's period.")})
    item = PlannedVisit.objects.create(
        institution=actor.institution,
        plan=plan,
        place=place,
        month=month,
        visit_type=visit_type,
        reason=reason,
    )
    audit_by(actor, "plan.visit_planned", item, place=place.pk, month=month)
    return item
