"""Checklist pages: the library, importing XLSForms, filling a checklist for a visit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from vigil.core.access import actor_can, actor_of, get_for_actor, membership_required
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.visits import selectors
from vigil.visits.access import can_edit_visit, visit_get, visit_get_for_edit
from vigil.visits.models import ChecklistSubmission, ChecklistVersion, Visit


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLSForm (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class SubmissionUploadForm(forms.Form):
    version = forms.ModelChoiceField(
        label=gettext_lazy("Checklist and version"), queryset=ChecklistVersion.objects.none()
    )
    file = forms.FileField(
        label=gettext_lazy("Export from ODK Central or KoboToolbox (.csv or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [v.pk for v in selectors.current_versions(actor=actor)]
        self.fields["version"].queryset = ChecklistVersion.objects.filter(  # type: ignore[attr-defined]
            pk__in=ids
        ).select_related("template")


@membership_required(Capability.VIEW_VISITS)
def checklist_list(request: HttpRequest) -> HttpResponse:
    from vigil.visits.checklists import checklist_import
    from vigil.visits.xlsform import XLSFormError

    actor = actor_of(request)
    can_manage = actor_can(actor, Capability.MANAGE_CHECKLISTS)
    form = XLSFormUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST":
        if not can_manage:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                version = checklist_import(actor=actor, content=upload.read(), filename=upload.name)
            except XLSFormError as error:
                problems = list(error.messages)
            except ValidationError as error:
                problems = list(error.messages)
            else:
                messages.success(
                    request,
                    _("%(title)s version %(v)s imported.")
                    % {"title": version.template.title, "v": version.version},
                )
                return HttpResponseRedirect(reverse("visits:checklist_list"))
    context = {
        "templates": selectors.checklist_templates(actor=actor),
        "form": form,
        "problems": problems,
        "can_manage": can_manage,
    }
    return render(request, "visits/checklist_list.html", context, status=400 if problems else 200)


@require_GET
@membership_required(Capability.VIEW_VISITS)
def checklist_export(request: HttpRequest, version_id: int) -> HttpResponse:
    from vigil.visits.checklists import definition_of
    from vigil.visits.xlsform import write_xlsform

    version = selectors.version_get(actor=actor_of(request), pk=version_id)
    response = HttpResponse(
        write_xlsform(definition_of(version)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{version.template.form_id}-{version.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@membership_required(Capability.VIEW_VISITS)
def submission_start(request: HttpRequest, visit_id: int) -> HttpResponse:
    from vigil.visits.checklists import submission_start as start

    actor = actor_of(request)
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    if not request.POST.get("version", "").isdigit():
        messages.error(request, _("Choose a checklist to start."))
        return HttpResponseRedirect(reverse("visits:visit_detail", args=[visit.pk]) + "#checklists")
    version = selectors.version_get(actor=actor, pk=request.POST["version"])
    submission = start(actor=actor, visit=visit, version=version)
    return HttpResponseRedirect(reverse("visits:submission_fill", args=[submission.pk]))


@membership_required(Capability.VIEW_VISITS)
def submission_import(request: HttpRequest, visit_id: int) -> HttpResponse:
    from vigil.visits.checklists import submissions_import

    actor = actor_of(request)
    visit = visit_get_for_edit(actor=actor, pk=visit_id)
    form = SubmissionUploadForm(request.POST or None, request.FILES or None, actor=actor)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = submissions_import(
                actor=actor,
                visit=visit,
                version=form.cleaned_data["version"],
                content=upload.read(),
                filename=upload.name,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
    context = {"visit": visit, "form": form, "report": report}
    return render(
        request, "visits/submission_import.html", context, status=400 if form.errors else 200
    )


def _submission(request: HttpRequest, submission_id: int) -> ChecklistSubmission:
    submission = get_for_actor(
        ChecklistSubmission.objects.select_related("version__template", "visit__place"),
        actor=actor_of(request),
        pk=submission_id,
    )
    visit_get(actor=actor_of(request), pk=submission.visit_id)
    return submission


@membership_required(Capability.VIEW_VISITS)
def submission_fill(request: HttpRequest, submission_id: int) -> HttpResponse:
    from vigil.visits.checklist_form import answers_from_post, render_tree
    from vigil.visits.checklists import definition_of, submission_save
    from vigil.visits.xlsform import evaluate_form

    actor = actor_of(request)
    submission = _submission(request, submission_id)
    editable = can_edit_visit(actor, submission.visit)
    definition = definition_of(submission.version)
    language = request.GET.get("lang") or request.POST.get("lang") or definition.default_language
    if language not in definition.languages:
        language = definition.default_language
    answers = submission.answers
    problem = ""
    if request.method == "POST":
        if not editable:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        answers = answers_from_post(definition, request.POST)
        try:
            submission_save(
                actor=actor,
                submission=submission,
                answers=answers,
                complete=request.POST.get("action") == "complete",
                language=language,
            )
        except ValidationError as error:
            problem = " ".join(error.messages)
        submission.refresh_from_db()
        if request.POST.get("action") == "complete" and not problem:
            messages.success(request, _("Checklist complete."))
            return HttpResponseRedirect(
                reverse("visits:visit_detail", args=[submission.visit_id]) + "#checklists"
            )
        answers = submission.answers if request.POST.get("action") != "add" else answers
    state = evaluate_form(definition, answers, language)
    context = {
        "submission": submission,
        "visit": submission.visit,
        "definition": definition,
        "language": language,
        "tree": render_tree(
            definition,
            answers,
            state,
            language,
            show_required=request.POST.get("action") == "complete",
        ),
        "editable": editable,
        "problem": problem,
        "error_count": len(state.errors),
        "showing_errors": request.method == "POST",
    }
    template = (
        "visits/_checklist_form.html"
        if request.headers.get("HX-Request")
        else "visits/submission_fill.html"
    )
    return render(request, template, context)


def answer_choices(visit: Visit) -> list[tuple[str, str]]:
    """Every answered question of the visit's checklists, as evidence a finding can cite."""
    from vigil.visits.checklists import definition_of

    choices = []
    for submission in visit.checklists.select_related("version__template"):
        definition = definition_of(submission.version)
        for path, value in sorted(submission.answers.items()):
            if value in (None, "", []) or isinstance(value, list | dict):
                continue
            element = definition.find(path)
            label = next(iter(element.labels.values()), path) if element else path
            choices.append(
                (
                    f"{submission.pk}:{path}",
                    f"{submission.version.template.title} · {label}: {value}",
                )
            )
    return choices
