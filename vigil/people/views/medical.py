"""Istanbul Protocol examinations: recording, the body chart, findings and the medico-legal report.

Every page reaches the examination (or its case) through `vigil.people.access`, so that
someone without need to know, in this institution or another, gets the 404 of a record that
does not exist; each read leaves an audit event there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.core.access import membership_required
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.models import Membership
from vigil.people import access
from vigil.people.forms.medical import (
    ExaminationForm,
    MarkForm,
    PsychologicalFindingForm,
    ReportForm,
)
from vigil.people.models import Case, ConsentScope, Examination
from vigil.people.reports import medical as medical_report
from vigil.people.reports.body_chart import chart_context
from vigil.people.selectors.evidence import evidence_for
from vigil.people.selectors.interviews import latest_interview_with
from vigil.people.services import medical as services

_EXAMINATION_FIELDS = (
    "person",
    "examiner",
    "examiner_qualifications",
    "examined_on",
    "consent_given",
    "interpreter",
    "history",
    "physical_findings",
    "psychological_findings",
    "overall_opinion",
)


def _may_edit(actor: Membership, examination: Examination) -> bool:
    try:
        services.require_examination_editor(actor, examination)
    except PermissionDenied:  # reading is allowed, writing is not
        return False
    return True


def _detail_url(examination: Examination) -> str:
    return reverse("people:examination_detail", kwargs={"examination_id": examination.pk})


# --- creating and editing ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@membership_required()
def examination_create(request: StaffRequest, case_id: int) -> HttpResponse:
    """A new Istanbul Protocol examination of one of the case's victims."""
    actor = request.membership
    case = access.case_get(actor=actor, pk=case_id)
    form = ExaminationForm(
        request.POST or None,
        actor=actor,
        case=case,
        initial={
            "examiner": actor.user,
            "examined_on": timezone.localdate(),
            "person": case.victims.first() if case.victims.count() == 1 else None,
        },
    )

    def save(values: dict[str, Any]) -> Examination:
        person = values.pop("person")
        return services.examination_create(actor=actor, case=case, person=person, **values)

    saved = form_saved(
        request,
        form,
        save,
        done=lambda _saved: (
            _("Examination of %(person)s recorded. Place the marks on the body chart.")
            % {"person": form.cleaned_data["person"].pseudonym}
        ),
        to=_detail_url,
    )
    return saved or _form_page(request, form, case=case, examination=None)


@require_http_methods(["GET", "POST"])
@membership_required()
def examination_edit(request: StaffRequest, examination_id: int) -> HttpResponse:
    """The examination's particulars and findings, edited by its examiner."""
    actor = request.membership
    examination = access.examination_get(actor=actor, pk=examination_id)
    services.require_examination_editor(actor, examination)
    initial = {name: getattr(examination, name) for name in _EXAMINATION_FIELDS}
    form = ExaminationForm(
        request.POST or None,
        actor=actor,
        case=examination.case,
        initial=initial,
        record=examination,
    )

    def save(data: dict[str, Any]) -> None:
        changed = {name: data[name] for name in form.changed_data}
        if changed:
            services.examination_update(actor=actor, examination=examination, **changed)

    saved = form_saved(request, form, save, done=_("Changes saved."), to=_detail_url(examination))
    return saved or _form_page(request, form, case=examination.case, examination=examination)


def _form_page(
    request: HttpRequest, form: ExaminationForm, *, case: Case, examination: Examination | None
) -> HttpResponse:
    context = {
        "form": form,
        "case": case,
        "examination": examination,
        "case_url": reverse("people:case_detail", args=[case.pk]),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "people/examination_form.html", context, status=status)


# --- the examination page ----------------------------------------------------------------


def _where_consent_is_recorded(actor: Membership, examination: Examination) -> tuple[str, str]:
    """Where the examined person's consent is recorded ("interview" or "case") and the link
    to that page, or "" when the actor may not record it there.

    An interviewee's consent is on their interview; a victim who came from a complaint or a
    referral was never interviewed, so theirs is on the case.
    """
    interview = latest_interview_with(actor, examination.person_id)
    if interview is not None:
        return "interview", reverse("people:interview_detail", args=[interview.pk]) + "#consent"
    case = examination.case
    if access.can_manage_case(actor, case):
        return "case", reverse("people:case_consent", args=[case.pk, examination.person_id])
    return "case", ""


def _detail(
    request: StaffRequest, examination: Examination, *, status: int = 200, **forms: Any
) -> HttpResponse:
    actor = request.membership
    full = medical_report.load_examination(examination.pk)
    marks = list(full.marks.all())
    can_edit = _may_edit(actor, examination)
    consent = medical_report.consent_in_force_for(examination)
    consent_on, consent_url = (
        _where_consent_is_recorded(actor, full) if consent is None else ("", "")
    )
    context = {
        "examination": full,
        "case": full.case,
        "marks": marks,
        "psychological_items": list(full.psychological_items.all()),
        "chart": chart_context(marks, interactive=can_edit),
        "can_edit": can_edit,
        "consent": consent,
        "consent_on": consent_on,
        "consent_url": consent_url,
        "consent_scopes": [
            ConsentScope(scope).label
            for scope in (consent.scopes if consent else [])
            if scope in ConsentScope.values
        ],
        "evidence": evidence_for(actor=actor, holder=examination),
        "evidence_add_url": reverse("people:examination_evidence_add", args=[examination.pk]),
        "case_url": reverse("people:case_detail", args=[full.case_id]),
        "mark_form": forms.get("mark_form") or MarkForm(),
        "psychological_form": forms.get("psychological_form") or PsychologicalFindingForm(),
        "report_form": forms.get("report_form") or ReportForm(institution=actor.institution),
    }
    return render(request, "people/examination_detail.html", context, status=status)


@require_GET
@membership_required()
def examination_detail(request: StaffRequest, examination_id: int) -> HttpResponse:
    """One examination, with its body chart, findings and files."""
    examination = access.examination_get(actor=request.membership, pk=examination_id)
    return _detail(request, examination)


def _post(
    request: StaffRequest,
    examination: Examination,
    form: Any,
    name: str,
    action: Callable[[dict[str, Any]], str],
    anchor: str,
) -> HttpResponse:
    """Run a service with a valid form; otherwise the page again, with the errors, and 400.

    `action` returns the message that confirms what was done.
    """
    to = _detail_url(examination) + anchor
    saved = form_saved(request, form, action, done=lambda done: done, to=to)
    return saved or _detail(request, examination, status=400, **{name: form})


@require_POST
@membership_required()
def examination_mark_add(request: StaffRequest, examination_id: int) -> HttpResponse:
    """A mark added to the examination's body chart."""
    actor = request.membership
    examination = access.examination_get(actor=actor, pk=examination_id)
    services.require_examination_editor(actor, examination)

    def add(data: dict[str, Any]) -> str:
        mark = services.body_mark_add(actor=actor, examination=examination, **data)
        return _("Mark %(number)s placed on the chart.") % {"number": mark.number}

    return _post(request, examination, MarkForm(request.POST), "mark_form", add, "#body-chart")


@require_POST
@membership_required()
def examination_mark_remove(request: StaffRequest, mark_id: int) -> HttpResponse:
    """A mark removed from the body chart."""
    actor = request.membership
    mark = access.body_mark_get(actor=actor, pk=mark_id)
    examination = mark.examination
    services.body_mark_remove(actor=actor, mark=mark)
    messages.success(
        request,
        _("Mark %(number)s removed; the other marks keep their numbers.") % {"number": mark.number},
    )
    return HttpResponseRedirect(_detail_url(examination) + "#body-chart")


@require_POST
@membership_required()
def examination_psychological_add(request: StaffRequest, examination_id: int) -> HttpResponse:
    """A psychological finding added to the examination."""
    actor = request.membership
    examination = access.examination_get(actor=actor, pk=examination_id)
    services.require_examination_editor(actor, examination)

    def record(data: dict[str, Any]) -> str:
        services.psychological_finding_add(actor=actor, examination=examination, **data)
        return _("Psychological finding recorded.")

    form = PsychologicalFindingForm(request.POST)
    return _post(request, examination, form, "psychological_form", record, "#psychological")


@require_POST
@membership_required()
def examination_report(request: StaffRequest, examination_id: int) -> HttpResponse:
    """Start writing the medico-legal report; the reader watches it on the job's page."""
    actor = request.membership
    examination = access.examination_get(actor=actor, pk=examination_id)
    form = ReportForm(request.POST, institution=actor.institution)
    if not form.is_valid():
        return _detail(request, examination, status=400, report_form=form)
    job = medical_report.report_job_start(
        actor=actor,
        examination=examination,
        audience=form.cleaned_data["audience"],
        language=form.cleaned_data["language"],
    )
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
