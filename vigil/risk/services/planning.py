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
from vigil.risk.selectors.priorities import place_awaits_visit, plan_current
from vigil.visits.models import PlannedVisit, VisitType


def place_add_to_plan(
    *, actor: Membership, place: Place, reason: str, month: date | None = None
) -> PlannedVisit:
    """One click from the priority list: plan a visit to the place in the current visit plan."""
    from vigil.visits.services.plan import planned_visit_add

    require_capability(actor, Capability.PLAN_VISITS)
    require_same_institution(actor, place)
    today = timezone.localdate()
    plan = plan_current(actor=actor, on=today)
    if plan is None:
        raise ValidationError(
            _("No visit plan covers today. Create one, then add the place to it.")
        )
    if place_awaits_visit(actor=actor, plan=plan, place=place):
        raise ValidationError(_("This place is already in the visit plan."))
    month = month or min(today.replace(day=1), plan.ends_on.replace(day=1))
    return planned_visit_add(
        actor=actor,
        plan=plan,
        place=place,
        month=month,
        visit_type=VisitType.FULL,
        reason=reason[:300],
    )
