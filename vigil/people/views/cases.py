"""Allegation cases: the list, intake, the case page and its workflow, team and referrals.

Need to know: every page about one case starts with `case_get`, which gives the team and
commissioners the case (and an audit event) and everyone else the 404 of a missing case.
Roles are not checked before that lookup, so an administrator, an analyst or an unassigned
investigator cannot tell a real case from a made-up number.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.core import downloads
from vigil.core.access import actor_can, membership_required
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.redaction import Audience, Mention, Row, redact_table
from vigil.core.roles import Capability
from vigil.people import access
from vigil.people.consent_rules import MENTION_INTERVIEWEE, person_ref
from vigil.people.forms.cases import (
    AssignForm,
    CaseFilterForm,
    CaseForm,
    CaseMoveForm,
    DeadlinesForm,
    FollowUpForm,
    PerpetratorForm,
    ReferralForm,
    UnassignForm,
    case_initial,
)
from vigil.people.models import Case, CaseStage, IntakeSource
from vigil.people.selectors import cases as reads
from vigil.people.selectors.evidence import evidence_for
from vigil.people.services import cases as services
from vigil.people.views.exports import named_export
from vigil.people.workflow import next_stages

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _posted(request: HttpRequest) -> Any:
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _case_url(case: Case, anchor: str = "") -> str:
    return reverse("people:case_detail", args=[case.pk]) + anchor


def _managed_case(request: StaffRequest, case_id: int) -> tuple[Membership, Case]:
    """The case (404 unless the reader needs to know), then 403 unless they may change it."""
    actor = request.membership
    case = access.case_get(actor=actor, pk=case_id)
    access.require_case_manager(actor, case)
    return actor, case


# --- lists ---------------------------------------------------------------------------------


@require_GET
@membership_required(Capability.OPEN_CASES)
def case_list(request: StaffRequest) -> HttpResponse:
    """The cases the reader is on the team of (all, for oversight), filtered, with due dates."""
    actor = request.membership
    form = CaseFilterForm(request.GET or None, actor=actor)
    today = timezone.localdate()
    cases = reads.case_list(actor=actor, filters=form.filters(), today=today)
    context: dict[str, Any] = {"form": form, **paginate(request, cases)}
    days = reads.stage_days(actor)
    context["cases"] = reads.with_due_dates(context["page"].object_list, days, today)
    context["can_configure"] = actor_can(actor, Capability.CONFIGURE_CASES)
    return render(request, "people/case_list.html", context)


@require_GET
@membership_required(Capability.OPEN_CASES)
def case_export(request: StaffRequest) -> HttpResponseBase:
    """The filtered list as CSV or XLSX, pseudonymised: victims appear by pseudonym and no
    identity is decrypted. Names need the named export, which asks for a reason."""
    fmt = request.GET.get("fmt", "csv")
    if fmt not in downloads.TABLE_FORMATS:
        raise Http404
    return _case_download(request.membership, request.GET, fmt=fmt)


@require_http_methods(["GET", "POST"])
@membership_required(Capability.OPEN_CASES)
def case_export_named(request: StaffRequest) -> HttpResponseBase:
    """The export with names (where consent allows), after a confirmation step that asks
    why; the reason goes into the export's audit event. Sent by POST: no URL carries it."""
    return named_export(
        request,
        title=_("Export cases with names"),
        back=reverse("people:case_list"),
        download=lambda query, fmt, reason: _case_download(
            request.membership, query, fmt=fmt, named=True, reason=reason
        ),
    )


def _case_download(
    actor: Membership, query: QueryDict, *, fmt: str, named: bool = False, reason: str = ""
) -> HttpResponseBase:
    today = timezone.localdate()
    filters = CaseFilterForm(query or None, actor=actor).filters()
    cases = reads.case_export_list(actor=actor, filters=filters, today=today, named=named)
    days = reads.stage_days(actor)
    # Labels for readers; the codes beside them keep the file usable by other tools.
    headers = [_("Reference"), _("Received on"), _("Source"), _("Source (code)"), _("Stage"),
               _("Stage (code)"), _("In this stage since"), _("Due on"), _("Outcome"),
               _("Outcome (code)"), _("Date of the incident"), _("Place of the incident"),
               _("Types of ill-treatment"), _("Types of ill-treatment (codes)"),
               _("Alleged victims")]  # fmt: skip
    rows = []
    for case in reads.with_due_dates(cases, days, today):
        victims: list[Any] = []
        for position, person in enumerate(case.victims.all()):
            if position:
                victims.append("; ")
            if not named:
                victims.append(person.pseudonym)
                continue
            victims.append(
                Mention(
                    kind=MENTION_INTERVIEWEE,
                    name=person.full_name,
                    pseudonym=person.pseudonym,
                    ref=person_ref(person.pk),
                )
            )
        types = list(case.ill_treatment_types.all())
        cells = [case.reference, case.received_on.isoformat(), case.get_source_display(),
                 case.source, case.get_stage_display(), case.stage,
                 case.stage_since.isoformat(),
                 case.due_on.isoformat() if case.due_on else "",  # type: ignore[attr-defined]
                 case.get_outcome_display(), case.outcome,
                 case.incident_date.isoformat() if case.incident_date else "",
                 case.incident_place.name if case.incident_place else "",
                 ", ".join(t.label for t in types), ", ".join(t.code for t in types)]  # fmt: skip
        # No row source: the case stays in the export; only the victims follow consent.
        rows.append(Row(cells=[[cell] for cell in cells] + [victims or [""]]))
    table = redact_table(
        title=_("Cases"), headers=headers, rows=rows, reader=actor, audience=Audience.INTERNAL
    )
    services.cases_exported(actor=actor, fmt=fmt, rows=len(table), named=named, reason=reason)
    return downloads.table_download(
        fmt=fmt,
        filename="vigil-cases-named" if named else "vigil-cases",
        headers=headers,
        rows=table,
        title="cases",
        private=True,
    )


@require_GET
@membership_required(Capability.OPEN_CASES)
def case_overdue(request: StaffRequest) -> HttpResponse:
    """Cases past their stage's deadline, and referrals whose follow-up is due."""
    actor = request.membership
    today = timezone.localdate()
    context = {
        "cases": reads.overdue_case_list(actor=actor, today=today),
        "referrals": list(reads.referrals_due(actor=actor, today=today)),
        "today": today,
    }
    return render(request, "people/case_overdue.html", context)


@membership_required(Capability.CONFIGURE_CASES)
def case_deadlines(request: StaffRequest) -> HttpResponse:
    """The days a case may stay in each stage, set by the institution."""
    actor = request.membership
    days = reads.stage_days(actor)
    form = DeadlinesForm(_posted(request), days=days)
    if saved := form_saved(
        request,
        form,
        lambda data: services.stage_deadlines_set(actor=actor, days_by_stage=data),
        done=_("Deadlines saved."),
        to=reverse("people:case_deadlines"),
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    return render(request, "people/deadline_form.html", {"form": form}, status=status)


# --- intake ----------------------------------------------------------------------------------


def _initial_from(request: HttpRequest, actor: Membership) -> dict[str, Any]:
    """Opening a case from an interview fills in what the interview already says."""
    initial: dict[str, Any] = {"received_on": timezone.localdate(), "received_by": actor.user}
    interview_id = request.GET.get("interview")
    if not interview_id:
        return initial
    interview = access.interview_get(actor=actor, pk=interview_id)
    initial.update(
        source=IntakeSource.VISIT_INTERVIEW,
        interview=interview,
        received_on=interview.held_on,
        incident_place=interview.visit.place,
    )
    if interview.person_id:
        initial["victims"] = [interview.person]
    return initial


@membership_required(Capability.OPEN_CASES)
def case_create(request: StaffRequest) -> HttpResponse:
    """A new allegation case, at intake."""
    actor = request.membership
    form = CaseForm(_posted(request), actor=actor, initial=_initial_from(request, actor))
    if saved := form_saved(
        request,
        form,
        lambda data: services.case_open(actor=actor, **form.service_values()),
        done=lambda case: _("Case %(ref)s opened.") % {"ref": case.reference},
        to=_case_url,
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    return render(request, "people/case_form.html", {"form": form, "case": None}, status=status)


@membership_required()
def case_edit(request: StaffRequest, case_id: int) -> HttpResponse:
    """The particulars of a case, edited by its team."""
    actor, case = _managed_case(request, case_id)
    form = CaseForm(_posted(request), actor=actor, initial=case_initial(case), record=case)
    if saved := form_saved(
        request,
        form,
        lambda data: services.case_update(actor=actor, case=case, **form.service_values()),
        done=_("Changes saved."),
        to=_case_url(case),
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    return render(request, "people/case_form.html", {"form": form, "case": case}, status=status)


# --- one case --------------------------------------------------------------------------------


@require_GET
@membership_required()
def case_detail(request: StaffRequest, case_id: int) -> HttpResponse:
    """The whole case, for its team and those who oversee cases."""
    actor = request.membership
    case = access.case_get(actor=actor, pk=case_id)
    detail = reads.case_detail_data(actor=actor, case=case)
    can_manage = access.can_manage_case(actor, case)
    examinations = [
        (exam, reverse("people:examination_detail", args=[exam.pk])) for exam in detail.examinations
    ]
    reprisals = [
        (reprisal, reverse("people:reprisal_detail", args=[reprisal.pk]))
        for reprisal in detail.reprisals
    ]
    context = {
        "case": case,
        "detail": detail,
        "examinations": examinations,
        "reprisals": reprisals,
        "evidence": evidence_for(actor=actor, holder=case),
        "evidence_add_url": reverse("people:case_evidence_add", args=[case.pk])
        if can_manage
        else "",
        "examination_add_url": reverse("people:examination_create", args=[case.pk])
        if can_manage
        else "",
        "can_manage": can_manage,
        "can_assign": access.can_assign_team(actor, case),
        "can_move": bool(next_stages(case.stage)),
        "is_overdue": detail.due_on is not None and detail.due_on < timezone.localdate(),
    }
    return render(request, "people/case_detail.html", context)


@membership_required()
def case_move(request: StaffRequest, case_id: int) -> HttpResponse:
    """Move a case to its next stage, or to its outcome."""
    actor, case = _managed_case(request, case_id)
    form = CaseMoveForm(_posted(request), case=case, initial={"moved_on": timezone.localdate()})
    if saved := form_saved(
        request,
        form,
        lambda data: services.case_move(actor=actor, case=case, **form.service_values()),
        done=lambda move: (
            _("The case moved to “%(stage)s”.") % {"stage": CaseStage(move.to_stage).label}
        ),
        to=_case_url(case, "#moves"),
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "case": case, "can_move": bool(next_stages(case.stage))}
    return render(request, "people/case_move.html", context, status=status)


@require_POST
@membership_required()
def case_legal_hold(request: StaffRequest, case_id: int) -> HttpResponse:
    """Put the case under legal hold, or lift it (the case's team and commissioners)."""
    actor, case = _managed_case(request, case_id)
    on = request.POST.get("legal_hold") == "on"
    services.case_set_legal_hold(actor=actor, case=case, on=on)
    if on:
        messages.success(request, _("The case is under legal hold: nothing of it expires."))
    else:
        messages.success(request, _("The legal hold is lifted."))
    return HttpResponseRedirect(_case_url(case))


@membership_required()
def case_team(request: StaffRequest, case_id: int) -> HttpResponse:
    """The case's team: who is on it, adding and removing members."""
    actor = request.membership
    case = access.case_get(actor=actor, pk=case_id)
    can_assign = access.can_assign_team(actor, case)
    assign_form = AssignForm(actor=actor)
    unassign_errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not can_assign:
            raise PermissionDenied
        if request.POST.get("action") == "unassign":
            unassign = UnassignForm(request.POST)
            assignment = (
                reads.case_assignment(case, unassign.cleaned_data["user"])
                if unassign.is_valid()
                else None
            )
            try:
                if assignment is None:
                    raise ValidationError(_("This person is not on the case."))
                services.case_unassign(actor=actor, case=case, user=assignment.user)
            except ValidationError as error:
                unassign_errors = error.messages
            else:
                messages.success(request, _("Removed from the case."))
                return HttpResponseRedirect(reverse("people:case_team", args=[case.pk]))
        else:
            assign_form = AssignForm(request.POST, actor=actor)
            if saved := form_saved(
                request,
                assign_form,
                lambda data: services.case_assign(actor=actor, case=case, **data),
                done=_("Team updated."),
                to=reverse("people:case_team", args=[case.pk]),
            ):
                return saved
        status = 400
    context = {
        "case": case,
        "team": reads.case_team_list(case),
        "can_assign": can_assign,
        "form": assign_form,
        "unassign_errors": unassign_errors,
    }
    return render(request, "people/case_team.html", context, status=status)


def _case_subform(
    request: StaffRequest,
    case_id: int,
    form_class: Any,
    action: Any,
    *,
    title: str,
    done: str,
    anchor: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    actor, case = _managed_case(request, case_id)
    form = form_class(_posted(request), initial=initial)
    if saved := form_saved(
        request,
        form,
        lambda data: action(actor, case, data),
        done=done,
        to=_case_url(case, anchor),
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "case": case, "title": title}
    return render(request, "people/case_subform.html", context, status=status)


@membership_required()
def perpetrator_add(request: StaffRequest, case_id: int) -> HttpResponse:
    """An alleged perpetrator added to the case."""
    return _case_subform(
        request,
        case_id,
        PerpetratorForm,
        lambda actor, case, data: services.perpetrator_add(actor=actor, case=case, **data),
        title=_("Add an alleged perpetrator"),
        done=_("Alleged perpetrator added."),
        anchor="#perpetrators",
    )


@membership_required()
def referral_add(request: StaffRequest, case_id: int) -> HttpResponse:
    """A referral of the case to another body."""
    return _case_subform(
        request,
        case_id,
        ReferralForm,
        lambda actor, case, data: services.referral_add(actor=actor, case=case, **data),
        title=_("Refer the case to another body"),
        done=_("Referral recorded."),
        anchor="#referrals",
        initial={"sent_on": timezone.localdate()},
    )


@membership_required()
def referral_follow_up(request: StaffRequest, referral_id: int) -> HttpResponse:
    """What the other body did with a referral."""
    actor = request.membership
    referral = access.referral_get(actor=actor, pk=referral_id)
    # Reading the referral reads its case: audited like any other read of the case.
    case = access.case_get(actor=actor, pk=referral.case_id)
    access.require_case_manager(actor, case)
    form = FollowUpForm(
        _posted(request),
        initial={"status": referral.status, "follow_up_on": referral.follow_up_on},
    )
    if saved := form_saved(
        request,
        form,
        lambda data: services.referral_follow_up(actor=actor, referral=referral, **data),
        done=_("Follow-up recorded."),
        to=_case_url(case, "#referrals"),
    ):
        return saved
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "case": case, "referral": referral}
    return render(request, "people/referral_follow_up.html", context, status=status)
