"""The visits: the list and its CSV, a visit's page, and what the team records on it (team,
observations, register checks, findings, the report sent)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core import hooks
from vigil.core.access import actor_can, membership_required
from vigil.core.downloads import table_download
from vigil.core.forms import ActorForm, ActorModelForm, form_saved
from vigil.core.http import StaffRequest
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.panels import panels_for
from vigil.core.roles import Capability
from vigil.visits.access import can_edit_visit, visit_get, visit_get_for_edit
from vigil.visits.forms.findings import (
    FindingActionForm,
    FindingForm,
    ObservationForm,
    RegisterCheckForm,
)
from vigil.visits.forms.visits import (
    ReportSentForm,
    StatusForm,
    TeamMemberForm,
    VisitEditForm,
    VisitFilterForm,
    VisitForm,
)
from vigil.visits.models import PlannedVisit, Visit
from vigil.visits.selectors import checklists as checklist_selectors
from vigil.visits.selectors import plan as plan_selectors
from vigil.visits.selectors import visits as selectors
from vigil.visits.selectors import workflow
from vigil.visits.services import visits as services
from vigil.visits.views.common import form_page, visit_url


def _filter_form(request: StaffRequest) -> VisitFilterForm:
    years = selectors.visit_years(actor=request.membership)
    return VisitFilterForm(request.GET or None, years=years)


@require_GET
@membership_required(Capability.VIEW_VISITS)
def visit_list(request: StaffRequest) -> HttpResponse:
    """The institution's visits, filtered, a page at a time."""
    actor = request.membership
    form = _filter_form(request)
    visits = selectors.visits_listed(actor=actor, filters=form.filters())
    context = {
        "form": form,
        **paginate(request, visits, rows=selectors.visit_list_rows),
        "can_plan": actor_can(actor, Capability.PLAN_VISITS),
    }
    return render(request, "visits/visit_list.html", context)


@require_GET
@membership_required(Capability.VIEW_VISITS)
def visit_export(request: StaffRequest) -> HttpResponseBase:
    """The listed visits as CSV."""
    filters = _filter_form(request).filters()
    return table_download(
        fmt="csv",
        filename="vigil-visits",
        headers=selectors.export_headers(),
        rows=selectors.visit_export_rows(actor=request.membership, filters=filters),
    )


def _planned_item(request: StaffRequest, actor: Membership) -> PlannedVisit | None:
    item_id = request.GET.get("planned") or request.POST.get("planned")
    if not item_id:
        return None
    return plan_selectors.planned_visit_get(actor=actor, pk=item_id)


@membership_required(Capability.PLAN_VISITS)
def visit_create(request: StaffRequest) -> HttpResponse:
    """A new visit, from the visit plan (`?planned=`) or outside it."""
    actor = request.membership
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

    return form_page(
        request,
        form,
        save,
        template="visits/visit_form.html",
        context={"visit": None, "item": item},
        done=_("Visit created. Add the team next."),
        to=lambda visit: visit_url(visit.pk),
    )


@membership_required(Capability.VIEW_VISITS)
def visit_edit(request: StaffRequest, visit_id: int) -> HttpResponse:
    """Edit a visit's details and the texts of its report."""
    actor = request.membership
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    initial = selectors.visit_edit_initial(visit)
    form = VisitEditForm(request.POST or None, actor=actor, initial=initial, record=visit)
    return form_page(
        request,
        form,
        lambda data: services.visit_update(actor=actor, visit=visit, **data),
        template="visits/visit_form.html",
        context={"visit": visit},
        done=_("Changes saved."),
        to=visit_url(visit.pk),
    )


# The forms of the visit page, by their name in its context; a failed POST shows them again.
_VISIT_PAGE_FORMS: dict[str, type[forms.BaseForm]] = {
    "team_form": TeamMemberForm,
    "observation_form": ObservationForm,
    "register_form": RegisterCheckForm,
    "report_form": ReportSentForm,
}


def _page_form(name: str, actor: Membership, data: Any = None, **kw: Any) -> forms.BaseForm:
    form_class = _VISIT_PAGE_FORMS[name]
    if issubclass(form_class, ActorForm | ActorModelForm):
        kw["actor"] = actor
    return form_class(data, **kw)


def _detail(request: StaffRequest, visit: Visit, **bound: Any) -> HttpResponse:
    actor = request.membership
    editable = can_edit_visit(actor, visit)
    context = {
        "visit": visit,
        "can_edit": editable,
        "next_steps": [Visit.Status(s) for s in workflow.next_steps(visit)],
        **{name: _page_form(name, actor) for name in _VISIT_PAGE_FORMS},
        "report_form": _page_form(
            "report_form",
            actor,
            initial={"sent_on": visit.report_sent_on, "recipients": visit.report_recipients},
        ),
        "checklist_versions": checklist_selectors.current_versions(actor=actor, place=visit.place)
        if editable
        else [],
        "panels": panels_for(hooks.VISIT_PANEL, visit, actor),
        **selectors.visit_detail_data(actor=actor, visit=visit),
        **bound,
    }
    status = 400 if bound else 200
    return render(request, "visits/visit_detail.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_VISITS)
def visit_detail(request: StaffRequest, visit_id: int) -> HttpResponse:
    """A visit's page: its team, status, records, findings, checklists and panels."""
    return _detail(request, visit_get(actor=request.membership, pk=visit_id))


def _record_on_visit(
    request: StaffRequest,
    visit_id: int,
    form_name: str,
    service: Callable[..., object],
    done: str,
    anchor: str,
) -> HttpResponse:
    """A form of the visit page: saved through `service`, or the page again with its errors."""
    actor = request.membership
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    bound = _page_form(form_name, actor, request.POST)
    saved = form_saved(
        request,
        bound,
        lambda data: service(actor=actor, visit=visit, **data),
        done=done,
        to=visit_url(visit.pk, anchor),
    )
    return saved or _detail(request, visit, **{form_name: bound})


@require_POST
@membership_required(Capability.VIEW_VISITS)
def visit_status(request: StaffRequest, visit_id: int) -> HttpResponse:
    """Move a visit to another status; a refused move says why."""
    actor = request.membership
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
    return HttpResponseRedirect(visit_url(visit.pk))


@require_POST
@membership_required(Capability.VIEW_VISITS)
def team_add(request: StaffRequest, visit_id: int) -> HttpResponse:
    """Add a colleague, or a person outside Vigil, to the visit's team."""
    return _record_on_visit(
        request, visit_id, "team_form", services.team_member_add, _("Added to the team."), "#team"
    )


@require_POST
@membership_required(Capability.VIEW_VISITS)
def team_remove(request: StaffRequest, member_id: int) -> HttpResponse:
    """Remove someone from a visit's team."""
    actor = request.membership
    member = selectors.team_member_get(actor=actor, pk=member_id)
    services.team_member_remove(actor=actor, member=member)
    messages.success(request, _("Removed from the team."))
    return HttpResponseRedirect(visit_url(member.visit_id, "#team"))


@require_POST
@membership_required(Capability.VIEW_VISITS)
def observation_add(request: StaffRequest, visit_id: int) -> HttpResponse:
    """Record what the team saw or heard."""
    return _record_on_visit(
        request,
        visit_id,
        "observation_form",
        services.observation_add,
        _("Observation recorded."),
        "#observations",
    )


@require_POST
@membership_required(Capability.VIEW_VISITS)
def register_check_add(request: StaffRequest, visit_id: int) -> HttpResponse:
    """Record a register the team examined."""
    return _record_on_visit(
        request,
        visit_id,
        "register_form",
        services.register_check_add,
        _("Register check recorded."),
        "#registers",
    )


@require_POST
@membership_required(Capability.VIEW_VISITS)
def report_sent(request: StaffRequest, visit_id: int) -> HttpResponse:
    """Record when the visit report was sent, and to whom."""
    return _record_on_visit(
        request,
        visit_id,
        "report_form",
        services.report_mark_sent,
        _("Recorded that the report was sent."),
        "#report",
    )


@membership_required(Capability.VIEW_VISITS)
def finding_create(request: StaffRequest, visit_id: int) -> HttpResponse:
    """A finding of the visit, with the evidence it rests on."""
    actor = request.membership
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    form = FindingForm(
        request.POST or None,
        actor=actor,
        visit=visit,
        answer_choices=checklist_selectors.answer_choices(visit),
    )
    return form_page(
        request,
        form,
        lambda data: services.finding_create(actor=actor, visit=visit, **data),
        template="visits/finding_form.html",
        context={"visit": visit},
        done=_("Finding recorded."),
        to=lambda finding: visit_url(visit.pk, f"#finding-{finding.pk}"),
    )


@require_POST
@membership_required(Capability.VIEW_VISITS)
def finding_act(request: StaffRequest, finding_id: int) -> HttpResponse:
    """Record what was done about an urgent finding."""
    actor = request.membership
    finding = selectors.finding_get(actor=actor, pk=finding_id)
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
    return HttpResponseRedirect(visit_url(finding.visit_id, f"#finding-{finding.pk}"))
