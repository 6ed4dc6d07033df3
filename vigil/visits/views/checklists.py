"""Checklist pages: the library, importing XLSForms, filling a checklist for a visit and
importing filled ones."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core.access import actor_can, membership_required
from vigil.core.downloads import XLSX_CONTENT_TYPE, file_download
from vigil.core.forms import form_failed
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.visits.access import can_edit_visit, visit_get_for_edit
from vigil.visits.forms.checklists import (
    SubmissionUploadForm,
    XLSFormUploadForm,
    answers_from_post,
    render_tree,
)
from vigil.visits.selectors import checklists as selectors
from vigil.visits.services import checklists as services
from vigil.visits.views.common import visit_url
from vigil.visits.xlsform import XLSFormError, evaluate_form, form_language, write_xlsform
from vigil.visits.xlsform.evaluate import form_language_tag
from vigil.visits.xlsform.model import text_direction


@membership_required(Capability.VIEW_VISITS)
def checklist_list(request: StaffRequest) -> HttpResponse:
    """The checklist library; checklist managers import XLSForms here."""
    actor = request.membership
    can_manage = actor_can(actor, Capability.MANAGE_CHECKLISTS)
    form = XLSFormUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                version = services.checklist_import(
                    actor=actor, content=upload.read(), filename=upload.name
                )
            except (XLSFormError, ValidationError) as error:
                problems = list(error.messages)
            else:
                messages.success(
                    request,
                    _("%(title)s version %(v)s imported.")
                    % {"title": version.template.title, "v": version.version},
                )
                imported = selectors.definition_of(version)
                if not imported.web_fillable:
                    messages.warning(request, services.collect_only_message(imported))
                if imported.ignored_columns:
                    messages.info(
                        request,
                        _("Columns Vigil does not use were left out: %(columns)s.")
                        % {"columns": "; ".join(imported.ignored_columns)},
                    )
                return HttpResponseRedirect(reverse("visits:checklist_list"))
    context = {
        "templates": selectors.checklist_templates(actor=actor),
        "form": form,
        "problems": problems,
        "can_manage": can_manage,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "visits/checklist_list.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_VISITS)
def checklist_export(request: StaffRequest, version_id: int) -> HttpResponseBase:
    """A checklist version as its XLSForm, to edit and import again."""
    version = selectors.version_get(actor=request.membership, pk=version_id)
    definition = selectors.definition_of(version)
    # What the web checklist cannot evaluate is not in the definition: give the workbook back.
    content = write_xlsform(definition) if definition.web_fillable else bytes(version.xlsform)
    return file_download(
        content,
        filename=f"{version.template.form_id}-{version.version}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@require_POST
@membership_required(Capability.VIEW_VISITS)
def submission_start(request: StaffRequest, visit_id: int) -> HttpResponse:
    """Start filling a checklist for the visit."""
    actor = request.membership
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    if not request.POST.get("version", "").isdigit():
        messages.error(request, _("Choose a checklist to start."))
        return HttpResponseRedirect(visit_url(visit.pk, "#checklists"))
    version = selectors.version_get(actor=actor, pk=request.POST["version"])
    try:
        submission = services.submission_start(actor=actor, visit=visit, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(visit_url(visit.pk, "#checklists"))
    return HttpResponseRedirect(reverse("visits:submission_fill", args=[submission.pk]))


@membership_required(Capability.VIEW_VISITS)
def submission_import(request: StaffRequest, visit_id: int) -> HttpResponse:
    """Import checklists filled in ODK Collect or KoboToolbox for the visit."""
    actor = request.membership
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    form = SubmissionUploadForm(request.POST or None, request.FILES or None, actor=actor)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.submissions_import(
                actor=actor,
                visit=visit,
                version=form.cleaned_data["version"],
                content=upload.read(),
                filename=upload.name,
                accept_unmatched=form.cleaned_data.get("accept_unmatched", False),
            )
        except services.UnmatchedColumns as refused:
            form.add_error(None, refused.messages[0])
            form.offer_to_leave_out()
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
    context = {"visit": visit, "form": form, "report": report}
    return render(
        request, "visits/submission_import.html", context, status=400 if form.errors else 200
    )


@membership_required(Capability.VIEW_VISITS)
def submission_fill(request: StaffRequest, submission_id: int) -> HttpResponse:
    """Fill a checklist: every save keeps what was typed; completing checks every answer."""
    actor = request.membership
    submission = selectors.submission_get(actor=actor, pk=submission_id)
    definition = selectors.definition_of(submission.version)
    # A form the web cannot evaluate is filled in ODK Collect; its imports are read-only here.
    editable = can_edit_visit(actor, submission.visit) and definition.web_fillable
    # The reader's interface language picks the form's columns, unless they chose another.
    reader = form_language(definition, translation.get_language() or "")
    language = request.GET.get("lang") or request.POST.get("lang") or reader
    if language not in definition.languages:
        language = definition.default_language
    action = request.POST.get("action")
    answers = submission.answers
    problem = ""
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        answers = answers_from_post(definition, request.POST)
        try:
            services.submission_save(
                actor=actor,
                submission=submission,
                answers=answers,
                complete=action == "complete",
                language=language,
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
            if not request.headers.get("HX-Request"):  # htmx swaps only a 2xx answer
                form_failed(request)
        submission.refresh_from_db()
        if action == "complete" and not problem:
            messages.success(request, _("Checklist complete."))
            return HttpResponseRedirect(visit_url(submission.visit_id, "#checklists"))
        answers = submission.answers if action != "add" else answers
    state = evaluate_form(definition, answers, language)
    context = {
        "submission": submission,
        "visit": submission.visit,
        "definition": definition,
        "language": language,
        "form_lang": form_language_tag(language),
        "tree": render_tree(
            definition, answers, state, language, show_required=action == "complete"
        ),
        "editable": editable,
        "problem": problem,
        "form_dir": text_direction(language),
        "collect_only": (
            "" if definition.web_fillable else services.collect_only_message(definition)
        ),
        "error_count": len(state.errors),
        "showing_errors": request.method == "POST",
    }
    template = (
        "visits/_checklist_form.html"
        if request.headers.get("HX-Request")
        else "visits/submission_fill.html"
    )
    return render(request, template, context)
