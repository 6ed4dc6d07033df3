"""One place's risk: its latest score explained, and its history."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigil.core.access import actor_can, membership_required
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.places.selectors.places import place_get
from vigil.risk.charts import score_chart
from vigil.risk.selectors import scores as selectors
from vigil.risk.selectors.priorities import (
    month_for_adding,
    plan_current,
    plan_for_adding,
    planned_place_ids,
    plans_open,
)


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_place(request: StaffRequest, place_id: int) -> HttpResponse:
    """Why the place scores what it does: every factor, its weight and evidence, over time."""
    actor = request.membership
    place = place_get(actor=actor, pk=place_id)
    score = selectors.place_latest_score(actor=actor, place=place)
    history = selectors.place_history(actor=actor, place=place)
    plan = plan_current(actor=actor)
    plans = plans_open(actor=actor)
    add_plan = plan_for_adding(actor=actor, plans=plans)
    context = {
        "place": place,
        "score": score,
        "groups": selectors.explanation(actor=actor, score=score) if score else [],
        "reasons": selectors.top_reasons(score.parts) if score else [],
        "history": list(reversed(history)),
        "chart": score_chart(history),
        "plan": plan,
        "planned": place.pk in planned_place_ids(actor=actor, plan=plan),
        # The add offers every plan not yet ended, and a month (decision 0027).
        "plans": plans,
        "add_plan": add_plan,
        "add_month": month_for_adding(add_plan) if add_plan else None,
        "score_context": selectors.score_context(actor=actor, score=score) if score else None,
        "status": selectors.scores_status(actor=actor),
        "can_plan": actor_can(actor, Capability.PLAN_VISITS),
        "can_configure": actor_can(actor, Capability.CONFIGURE_RISK),
    }
    return render(request, "risk/place.html", context)
