from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core import downloads, hooks
from vigil.core.access import actor_can, actor_of, get_for_actor, membership_required
from vigil.core.forms import form_saved
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.panels import panels_for
from vigil.core.roles import Capability
from vigil.visits import selectors, services, workflow
from vigil.visits.access import can_edit_visit, visit_get, visit_get_for_edit
from vigil.visits.checklist_views import answer_choices
from vigil.visits.forms import (
    FindingActionForm,
    FindingForm,
    ObservationForm,
    PlannedVisitForm,
    RegisterCheckForm,
    ReportSentForm,
    StatusForm,
    TeamMemberForm,
    VisitEditForm,
    VisitFilterForm,
    VisitForm,
    VisitPlanForm,
)
from vigil.visits.models import Finding, PlannedVisit, TeamMember, Visit


@require_GET
@membership_required(Capability.VIEW_VISITS)
def visit_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = VisitFilterForm(request.GET or None, years=selectors.visit_years(actor=actor))
    visits = selectors.visit_list(actor=actor, filters=form.filters())
    context = {
        "form": form,
        **paginate(request, visits),
        "can_plan": actor_can(actor, Capability.PLAN_VISITS),
    }
    return render(request, "visits/visit_list.html", context)


@require_GET
@membership_required(Capability.VIEW_VISITS)
def visit_export(request: HttpRequest) -> StreamingHttpResponse:
    actor = actor_of(request)
    form = VisitFilterForm(request.GET or None, years=selectors.visit_years(actor=actor))
    visits = selectors.visit_list(actor=actor, filters=form.filters())
    headers = ["id", "place_ref", "place", "type", "announced", "status", "planned_for",
               "starts_on", "ends_on", "findings", "urgent_open"]  # fmt: skip
    rows = (
        [v.pk, v.place.external_ref, v.place.name, v.visit_type, v.announced, v.status,
         v.planned_for, v.starts_on, v.ends_on, v.finding_count, v.has_urgent]  # type: ignore[attr-defined]
        for v in visits.iterator(chunk_size=1000)
    )  # fmt: skip
    response = StreamingHttpResponse(
        downloads.csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="vigil-visits.csv"'
    return response


def _planned_item(request: HttpRequest, actor: Membership) -> PlannedVisit | None:
    item_id = request.GET.get("planned") or request.POST.get("planned")
    if not item_id:
        return None
    return selectors.planned_visit_get(actor=actor, pk=item_id)


@membership_required(Capability.PLAN_VISITS)
def visit_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    item = _planned_item(request, actor)
    initial = (
        {"place": item.place, "visit_type": item.visit_type, "planned_for": item.month}
        if item
        else {}
    )
    if "place" in request.GET and not item:
        initial["place"] = request.GET["place"]
    form = VisitForm(request.POST or None, actor=actor, initial=initial)

    def save(data: dict[str, Any]) -> Visit:
        leader = actor.user if data.pop("lead") else None
        return services.visit_create(actor=actor, planned_item=item, leader=leader, **data)

    saved = form_saved(
        request,
        form,
        save,
        done=_("Visit created. Add the team next."),
        to=lambda visit: reverse("visits:visit_detail", args=[visit.pk]),
    )
    context = {"form": form, "visit": None, "item": item}
    status = 400 if request.method == "POST" else 200  # a failed POST (ADR 0013)
    return saved or render(request, "visits/visit_form.html", context, status=status)


@membership_required(Capability.VIEW_VISITS)
def visit_edit(request: HttpRequest, visit_id: int) -> HttpResponse:
    actor = actor_of(request)
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    initial = {
        field: getattr(visit, field)
        for field in ("visit_type", "announced", "planned_for", "starts_on", "ends_on",
                      "objectives", "summary", "methodology")
    }  # fmt: skip
    initial["themes"] = list(visit.themes.all())
    form = VisitEditForm(request.POST or None, actor=actor, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: services.visit_update(actor=actor, visit=visit, **data),
        done=_("Changes saved."),
        to=reverse("visits:visit_detail", args=[visit.pk]),
    )
    return saved or render(request, "visits/visit_form.html", {"form": form, "visit": visit})


def _detail(request: HttpRequest, visit: Visit, **forms: Any) -> HttpResponse:
    actor = actor_of(request)
    editable = can_edit_visit(actor, visit)
    context = {
        "visit": visit,
        "can_edit": editable,
        "next_steps": [Visit.Status(s) for s in workflow.next_steps(visit)],
        "team_form": forms.get("team_form") or TeamMemberForm(actor=actor),
        "observation_form": forms.get("observation_form") or ObservationForm(actor=actor),
        "register_form": forms.get("register_form") or RegisterCheckForm(),
        "report_form": forms.get("report_form")
        or ReportSentForm(
            initial={"sent_on": visit.report_sent_on, "recipients": visit.report_recipients}
        ),
        "checklist_versions": selectors.current_versions(actor=actor, place=visit.place)
        if editable
        else [],
        "panels": panels_for(hooks.VISIT_PANEL, visit, actor),
        **selectors.visit_detail_data(actor=actor, visit=visit),
    }
    status = 400 if forms else 200
    return render(request, "visits/visit_detail.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_VISITS)
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    return _detail(request, visit_get(actor=actor_of(request), pk=visit_id))


def _post_and_return(
    request: HttpRequest,
    visit: Visit,
    form: Any,
    form_name: str,
    action: Callable[[dict[str, Any]], object],
    done: str,
    anchor: str,
) -> HttpResponse:
    to = reverse("visits:visit_detail", args=[visit.pk]) + anchor
    saved = form_saved(request, form, action, done=done, to=to)
    return saved or _detail(request, visit, **{form_name: form})


@require_POST
@membership_required(Capability.VIEW_VISITS)
def visit_status(request: HttpRequest, visit_id: int) -> HttpResponse:
    actor = actor_of(request)
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.visit_set_status(actor=actor, visit=visit, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The visit is now “%(s)s”.")
                % {"s": Visit.Status(form.cleaned_data["status"]).label},
            )
    return HttpResponseRedirect(reverse("visits:visit_detail", args=[visit.pk]))


@require_POST
@membership_required(Capability.VIEW_VISITS)
def team_add(request: HttpRequest, visit_id: int) -> HttpResponse:
    actor = actor_of(request)
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    form = TeamMemberForm(request.POST, actor=actor)
    return _post_and_return(
        request, visit, form, "team_form",
        lambda data: services.team_member_add(actor=actor, visit=visit, **data),
        _("Added to the team."), "#team",
    )  # fmt: skip


@require_POST
@membership_required(Capability.VIEW_VISITS)
def team_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = actor_of(request)
    member = get_for_actor(TeamMember.objects.select_related("visit"), actor=actor, pk=member_id)
    services.team_member_remove(actor=actor, member=member)
    messages.success(request, _("Removed from the team."))
    return HttpResponseRedirect(reverse("visits:visit_detail", args=[member.visit_id]) + "#team")


@require_POST
@membership_required(Capability.VIEW_VISITS)
def observation_add(request: HttpRequest, visit_id: int) -> HttpResponse:
    actor = actor_of(request)
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    form = ObservationForm(request.POST, actor=actor)
    return _post_and_return(
        request, visit, form, "observation_form",
        lambda data: services.observation_add(actor=actor, visit=visit, **data),
        _("Observation recorded."), "#observations",
    )  # fmt: skip


@require_POST
@membership_required(Capability.VIEW_VISITS)
def register_check_add(request: HttpRequest, visit_id: int) -> HttpResponse:
    actor = actor_of(request)
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    form = RegisterCheckForm(request.POST)
    return _post_and_return(
        request, visit, form, "register_form",
        lambda data: services.register_check_add(actor=actor, visit=visit, **data),
        _("Register check recorded."), "#registers",
    )  # fmt: skip


@require_POST
@membership_required(Capability.VIEW_VISITS)
def report_sent(request: HttpRequest, visit_id: int) -> HttpResponse:
    actor = actor_of(request)
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    form = ReportSentForm(request.POST)
    return _post_and_return(
        request, visit, form, "report_form",
        lambda data: services.report_mark_sent(actor=actor, visit=visit, **data),
        _("Recorded that the report was sent."), "#report",
    )  # fmt: skip


@membership_required(Capability.VIEW_VISITS)
def finding_create(request: HttpRequest, visit_id: int) -> HttpResponse:
    actor = actor_of(request)
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    form = FindingForm(
        request.POST or None, actor=actor, visit=visit, answer_choices=answer_choices(visit)
    )
    saved = form_saved(
        request,
        form,
        lambda data: services.finding_create(actor=actor, visit=visit, **data),
        done=_("Finding recorded."),
        to=lambda finding: (
            reverse("visits:visit_detail", args=[visit.pk]) + f"#finding-{finding.pk}"
        ),
    )
    return saved or render(request, "visits/finding_form.html", {"form": form, "visit": visit})


@require_POST
@membership_required(Capability.VIEW_VISITS)
def finding_act(request: HttpRequest, finding_id: int) -> HttpResponse:
    actor = actor_of(request)
    finding = get_for_actor(Finding.objects.select_related("visit"), actor=actor, pk=finding_id)
    form = FindingActionForm(request.POST)
    if form.is_valid():
        try:
            services.finding_mark_acted_on(actor=actor, finding=finding, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Action recorded."))
    else:
        messages.error(request, _("Say what was done."))
    url = reverse("visits:visit_detail", args=[finding.visit_id]) + f"#finding-{finding.pk}"
    return HttpResponseRedirect(url)


# --- the visit plan -----------------------------------------------------------------


@require_GET
@membership_required(Capability.VIEW_VISITS)
def plan_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "plans": selectors.plan_list(actor=actor),
        "can_plan": actor_can(actor, Capability.PLAN_VISITS),
    }
    return render(request, "visits/plan_list.html", context)


@membership_required(Capability.PLAN_VISITS)
def plan_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = VisitPlanForm(request.POST or None)
    saved = form_saved(
        request,
        form,
        lambda data: services.plan_create(actor=actor, **data),
        done=None,
        to=lambda plan: reverse("visits:plan_detail", args=[plan.pk]),
    )
    return saved or render(request, "visits/plan_form.html", {"form": form})


@membership_required(Capability.VIEW_VISITS)
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    actor = actor_of(request)
    plan = selectors.plan_get(actor=actor, pk=plan_id)
    can_plan = actor_can(actor, Capability.PLAN_VISITS)
    form = PlannedVisitForm(request.POST or None, actor=actor)
    if request.method == "POST":
        if not can_plan:
            from django.core.exceptions import PermissionDenied

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
    done = [
        i for i in items if i.visit and i.visit.status not in ("planned", "preparing", "cancelled")
    ]
    context = {
        "plan": plan,
        "items": items,
        "done_count": len(done),
        "reactive": list(selectors.reactive_visits(plan=plan)),
        "form": form,
        "can_plan": can_plan,
    }
    return render(request, "visits/plan_detail.html", context, status=400 if form.errors else 200)
