"""The visit priority list: the page, its export, a recomputation, and the one-click add to
the visit plan."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core.access import actor_can, membership_required
from vigil.core.dates import date_filter
from vigil.core.downloads import table_download
from vigil.core.http import StaffRequest
from vigil.core.jobs import job_start
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.places.selectors.places import place_get
from vigil.risk.forms.priorities import PriorityFilterForm
from vigil.risk.selectors import priorities as selectors
from vigil.risk.selectors.scores import (
    place_latest_score,
    ranks_by_kind,
    reasons_text,
    scores_status,
)
from vigil.risk.services.planning import place_add_to_plan
from vigil.risk.services.scores import RECOMPUTE_JOB, ensure_fresh

PER_PAGE = 50


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_priorities(request: StaffRequest) -> HttpResponse:
    """The open places, riskiest first, with their top reasons and the visit plan's coverage."""
    actor = request.membership
    ensure_fresh(actor.institution_id)
    form = PriorityFilterForm(request.GET or None, actor=actor)
    scores = selectors.priority_list(actor=actor, filters=form.filters())
    listing = paginate(request, scores, per_page=PER_PAGE)
    page = listing["page"]
    plan = selectors.plan_current(actor=actor)
    planned = selectors.planned_place_ids(actor=actor, plan=plan)
    context = {
        "form": form,
        **listing,
        "rows": selectors.priority_rows(
            list(page.object_list),
            first_rank=page.start_index(),
            planned_ids=planned,
            kind_ranks=ranks_by_kind(actor=actor),
        ),
        "plan": plan,
        "add_plan": selectors.plan_for_adding(actor=actor),
        "coverage": selectors.coverage(actor=actor, plan=plan, planned_ids=planned),
        "status": scores_status(actor=actor),
        "can_plan": actor_can(actor, Capability.PLAN_VISITS),
        "can_configure": actor_can(actor, Capability.CONFIGURE_RISK),
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
    }
    return render(request, "risk/priorities.html", context)


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_priorities_export(request: StaffRequest, fmt: str) -> HttpResponseBase:
    """The filtered priority list as CSV or XLSX (another format is a 404)."""
    actor = request.membership
    filters = PriorityFilterForm(request.GET or None, actor=actor).filters()
    return table_download(
        fmt=fmt,
        filename=f"vigil-risk-priorities-{timezone.localdate().isoformat()}",
        headers=selectors.export_headers(),
        rows=selectors.priority_export_rows(actor=actor, filters=filters),
        title=_("Visit priorities"),
    )


@require_POST
@membership_required(Capability.CONFIGURE_RISK)
def risk_recompute(request: StaffRequest) -> HttpResponse:
    """Recompute today's scores now, as a job whose progress the next page shows."""
    job = job_start(
        actor=request.membership,
        kind=RECOMPUTE_JOB,
        params={},
        title=_("Recomputing the risk scores"),
    )
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))


def _back(request: StaffRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _plan_choice(request: StaffRequest) -> tuple[int | None, date | None]:
    """The plan and month chosen on the place's risk page; none given means the defaults."""
    raw_plan = request.POST.get("plan", "").strip()
    raw_month = request.POST.get("month", "").strip()
    plan_id = month = None
    if raw_plan:
        if not raw_plan.isdigit():
            raise ValidationError({"plan": _("Choose a visit plan from the list.")})
        plan_id = int(raw_plan)
    if raw_month:
        try:
            month = date.fromisoformat(f"{raw_month[:7]}-01")
        except ValueError as exc:
            raise ValidationError({"month": _("Give a month as YYYY-MM.")}) from exc
    return plan_id, month


def _why(error: ValidationError) -> str:
    """The error's messages, each after the name of the field it concerns."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    labels = {"plan": _("Visit plan"), "month": _("Month")}
    return " ".join(
        f"{labels.get(field, field)}: {' '.join(texts)}" if field != "__all__" else " ".join(texts)
        for field, texts in error.message_dict.items()
    )


@require_POST
@membership_required(Capability.PLAN_VISITS)
def risk_add_to_plan(request: StaffRequest, place_id: int) -> HttpResponse:
    """Plan a visit to the place, in the plan and month chosen or by default (the plan that
    covers today, next year's in the last month of this year's), its top reasons as reason."""
    actor = request.membership
    place = place_get(actor=actor, pk=place_id)
    score = place_latest_score(actor=actor, place=place)
    back = _back(request, reverse("risk:risk_priorities"))
    try:
        plan_id, month = _plan_choice(request)
        item = place_add_to_plan(
            actor=actor, place=place, reason=reasons_text(score), plan_id=plan_id, month=month
        )
    except ValidationError as error:
        messages.error(
            request,
            _("%(place)s was not added: %(why)s") % {"place": place.name, "why": _why(error)},
        )
    else:
        messages.success(
            request,
            _("%(place)s is in the visit plan “%(plan)s”, planned for %(month)s.")
            % {
                "place": place.name,
                "plan": item.plan.title,
                "month": date_filter(item.month, "F Y"),
            },
        )
    return HttpResponseRedirect(back)
