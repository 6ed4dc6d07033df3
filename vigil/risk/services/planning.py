"""The one-click add from the priority list: a line of the current visit plan."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.places.models import Place
from vigil.risk.selectors.priorities import (
    month_for_adding,
    place_awaits_visit,
    plan_for_adding,
    plans_open,
)
from vigil.visits.models import PlannedVisit, VisitType


def place_add_to_plan(
    *,
    actor: Membership,
    place: Place,
    reason: str,
    plan_id: int | None = None,
    month: date | None = None,
) -> PlannedVisit:
    """Plan a visit to the place: in the chosen plan and month, or by default in the plan that
    covers today (next year's in the last month of this year's, when it exists), this month."""
    from vigil.visits.services.plan import planned_visit_add

    require_capability(actor, Capability.PLAN_VISITS)
    require_same_institution(actor, place)
    today = timezone.localdate()
    plans = plans_open(actor=actor, on=today)
    if plan_id is None:
        plan = plan_for_adding(actor=actor, on=today, plans=plans)
        if plan is None:
            raise ValidationError(
                _("No visit plan covers today. Create one, then add the place to it.")
            )
    else:
        plan = next((p for p in plans if p.pk == plan_id), None)
        if plan is None:
            raise ValidationError(
                {"plan": _("Choose a visit plan of your institution that has not ended.")}
            )
    if place_awaits_visit(actor=actor, plan=plan, place=place):
        raise ValidationError(_("This place is already in the visit plan."))
    if month is None:
        month = month_for_adding(plan, today)
    elif month.replace(day=1) < today.replace(day=1):
        raise ValidationError({"month": _("Choose this month or a later one.")})
    return planned_visit_add(
        actor=actor,
        plan=plan,
        place=place,
        month=month,
        visit_type=VisitType.FULL,
        reason=reason[:300],
    )
