"""The visit plan: the year's plans, a plan with its planned and reactive visits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vigil.core.access import actor_can, membership_required
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.visits.forms.plan import PlannedVisitForm, VisitPlanForm
from vigil.visits.selectors import plan as selectors
from vigil.visits.services import plan as services
from vigil.visits.views.common import form_page

# A planned visit counts as done once its visit went on site.
NOT_DONE = ("planned", "preparing", "cancelled")


@require_GET
@membership_required(Capability.VIEW_VISITS)
def plan_list(request: StaffRequest) -> HttpResponse:
    """The institution's visit plans, with how much of each was done."""
    actor = request.membership
    context = {
        "plans": selectors.plan_list(actor=actor),
        "can_plan": actor_can(actor, Capability.PLAN_VISITS),
    }
    return render(request, "visits/plan_list.html", context)


@membership_required(Capability.PLAN_VISITS)
def plan_create(request: StaffRequest) -> HttpResponse:
    """A new visit plan."""
    actor = request.membership
    return form_page(
        request,
        VisitPlanForm(request.POST or None),
        lambda data: services.plan_create(actor=actor, **data),
        template="visits/plan_form.html",
        context={},
        done=None,
        to=lambda plan: reverse("visits:plan_detail", args=[plan.pk]),
    )


@membership_required(Capability.VIEW_VISITS)
def plan_detail(request: StaffRequest, plan_id: int) -> HttpResponse:
    """A visit plan: its planned visits, the reactive ones, and a place to add to it."""
    actor = request.membership
    plan = selectors.plan_get(actor=actor, pk=plan_id)
    can_plan = actor_can(actor, Capability.PLAN_VISITS)
    form = PlannedVisitForm(request.POST or None, actor=actor)
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        if saved := form_saved(
            request,
            form,
            lambda data: services.planned_visit_add(actor=actor, plan=plan, **data),
            done=_("Added to the visit plan."),
            to=reverse("visits:plan_detail", args=[plan.pk]),
        ):
            return saved
    items = list(selectors.plan_items(plan=plan))
    done = [i for i in items if i.visit and i.visit.status not in NOT_DONE]
    context = {
        "plan": plan,
        "items": items,
        "done_count": len(done),
        "reactive": list(selectors.reactive_visits(plan=plan)),
        "form": form,
        "can_plan": can_plan,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "visits/plan_detail.html", context, status=status)
