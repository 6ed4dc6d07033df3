"""Pages of the annual report: the list, a report with its chapters and workflow, a chapter's
editor with its history. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from vigil.core.access import actor_can, membership_required
from vigil.core.forms import add_service_errors
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.reports import selectors, services
from vigil.reports.forms import (
    AnnualReportForm,
    ChapterForm,
    GenerateForm,
    NewChapterForm,
    NewSubmissionForm,
    SubmissionForm,
)
from vigil.reports.jobs import annual_report_job_start, submission_job_start
from vigil.reports.models import AnnualReport
from vigil.reports.richtext import word_count
from vigil.reports.submissions import build_submission

VIEW = Capability.VIEW_VISITS
WRITE = Capability.WRITE_REPORTS


def _detail(report: AnnualReport) -> str:
    return reverse("reports:annual_detail", args=[report.pk])


@require_http_methods(["GET", "POST"])
@membership_required(VIEW)
def annual_list(request: StaffRequest) -> HttpResponse:
    actor = request.membership
    can_write = actor_can(actor, WRITE)
    form = AnnualReportForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            try:
                report = services.annual_report_create(
                    actor=actor, year=form.cleaned_data["year"], title=form.cleaned_data["title"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return HttpResponseRedirect(_detail(report))
    context = {
        "reports": selectors.annual_report_list(actor=actor),
        "form": form,
        "can_write": can_write,
    }
    return render(request, "reports/annual_list.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET"])
@membership_required(VIEW)
def annual_detail(request: StaffRequest, report_id: int) -> HttpResponse:
    actor = request.membership
    report = selectors.annual_report_get(actor=actor, pk=report_id)
    chapters = list(selectors.chapter_list(actor=actor, report=report))
    number = 0
    for chapter in chapters:
        if chapter.included:
            number += 1
        chapter.number = number if chapter.included else None  # type: ignore[attr-defined]
        chapter.words = word_count(chapter.body) if chapter.is_narrative else None  # type: ignore[attr-defined]
    context = {
        "report": report,
        "chapters": chapters,
        "can_write": actor_can(actor, WRITE) and report.status == AnnualReport.Status.DRAFT,
        "can_submit": actor_can(actor, WRITE) and report.status == AnnualReport.Status.DRAFT,
        "can_review": actor_can(actor, Capability.APPROVE_REPORTS)
        and report.status == AnnualReport.Status.REVIEW,
        "new_chapter": NewChapterForm(),
        "generate": GenerateForm(institution=actor.institution),
    }
    return render(request, "reports/annual_detail.html", context)


@require_http_methods(["GET", "POST"])
@membership_required(VIEW)
def chapter_edit(request: StaffRequest, chapter_id: int) -> HttpResponse:
    actor = request.membership
    chapter = selectors.chapter_get(actor=actor, pk=chapter_id)
    report = chapter.report
    editable = actor_can(actor, WRITE) and report.status == AnnualReport.Status.DRAFT
    history = list(selectors.chapter_history(actor=actor, chapter=chapter)[:50])
    initial = {"title": chapter.title, "body": chapter.body}
    earlier = request.GET.get("revision")
    if earlier:
        revision = next((r for r in history if str(r.pk) == earlier), None)
        if revision is None:
            raise Http404
        initial["body"] = revision.body
    form = ChapterForm(request.POST or None, initial=initial, narrative=chapter.is_narrative)
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            try:
                services.chapter_save(
                    actor=actor,
                    chapter=chapter,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data.get("body", ""),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The chapter's draft is saved."))
                return HttpResponseRedirect(reverse("reports:chapter_edit", args=[chapter.pk]))
    context = {
        "chapter": chapter,
        "report": report,
        "form": form,
        "editable": editable,
        "history": history,
        "words": word_count(chapter.body) if chapter.is_narrative else None,
    }
    return render(request, "reports/chapter_edit.html", context, status=400 if form.errors else 200)


@require_POST
@membership_required(WRITE)
def chapter_add(request: StaffRequest, report_id: int) -> HttpResponse:
    actor = request.membership
    report = selectors.annual_report_get(actor=actor, pk=report_id)
    form = NewChapterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A chapter needs a title."))
        return HttpResponseRedirect(_detail(report))
    try:
        chapter = services.chapter_add(actor=actor, report=report, title=form.cleaned_data["title"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(_detail(report))
    return HttpResponseRedirect(reverse("reports:chapter_edit", args=[chapter.pk]))


@require_POST
@membership_required(WRITE)
def chapter_arrange(request: StaffRequest, chapter_id: int) -> HttpResponse:
    actor = request.membership
    chapter = selectors.chapter_get(actor=actor, pk=chapter_id)
    try:
        services.chapter_arrange(actor=actor, chapter=chapter, move=request.POST.get("move", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(_detail(chapter.report) + "#chapters")


TRANSITIONS = {
    "submit": (services.annual_report_submit, gettext_lazy("The report is sent for review.")),
    "return": (
        services.annual_report_return,
        gettext_lazy("The report is sent back to its writers."),
    ),
    "approve": (
        services.annual_report_approve,
        gettext_lazy("The report is approved; its figures are frozen."),
    ),
}


@require_POST
@membership_required(VIEW)
def annual_transition(request: StaffRequest, report_id: int, action: str) -> HttpResponse:
    if action not in TRANSITIONS:
        raise Http404
    actor = request.membership
    report = selectors.annual_report_get(actor=actor, pk=report_id)
    service, done = TRANSITIONS[action]
    try:
        service(actor=actor, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done))
    return HttpResponseRedirect(_detail(report))


@require_POST
@membership_required(VIEW)
def annual_generate(request: StaffRequest, report_id: int) -> HttpResponse:
    actor = request.membership
    report = selectors.annual_report_get(actor=actor, pk=report_id)
    form = GenerateForm(request.POST, institution=actor.institution)
    if not form.is_valid():
        messages.error(request, _("Choose the file type, the version and the language."))
        return HttpResponseRedirect(_detail(report))
    job = annual_report_job_start(
        actor=actor,
        report=report,
        fmt=form.cleaned_data["format"],
        audience=form.cleaned_data["audience"],
        language=form.cleaned_data["language"],
    )
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))


# --- submissions to UN bodies --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@membership_required(VIEW)
def submission_list(request: StaffRequest) -> HttpResponse:
    actor = request.membership
    can_write = actor_can(actor, WRITE)
    form = NewSubmissionForm(request.POST or None)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            try:
                submission = services.submission_create(
                    actor=actor,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data["title"],
                    since=form.cleaned_data["since"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return HttpResponseRedirect(
                    reverse("reports:submission_detail", args=[submission.pk])
                )
    context = {
        "submissions": selectors.submission_list(actor=actor),
        "form": form,
        "can_write": can_write,
    }
    status = 400 if form.errors else 200
    return render(request, "reports/submission_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required(VIEW)
def submission_detail(request: StaffRequest, submission_id: int) -> HttpResponse:
    actor = request.membership
    submission = selectors.submission_get(actor=actor, pk=submission_id)
    can_write = actor_can(actor, WRITE)
    initial = {
        "title": submission.title,
        "since": submission.since,
        "word_limit": submission.word_limit,
        "introduction": submission.introduction,
        "good_practices": selectors.submission_practice_ids(submission=submission),
    }
    form = SubmissionForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST":
        if not can_write:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submission_update(
                    actor=actor,
                    submission=submission,
                    title=data["title"],
                    since=data["since"],
                    word_limit=data["word_limit"],
                    introduction=data["introduction"],
                    good_practice_ids=[p.pk for p in data["good_practices"]],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The submission is saved."))
                return HttpResponseRedirect(
                    reverse("reports:submission_detail", args=[submission.pk])
                )
    built = build_submission(submission)
    numbered = []
    number = 0
    for heading, paragraphs in built.sections:
        rows = []
        for text in paragraphs:
            number += 1
            rows.append((number, text))
        numbered.append((heading, rows))
    context = {
        "submission": submission,
        "form": form,
        "can_write": can_write,
        "built": built,
        "numbered": numbered,
    }
    status = 400 if form.errors else 200
    return render(request, "reports/submission_detail.html", context, status=status)


@require_POST
@membership_required(VIEW)
def submission_generate(request: StaffRequest, submission_id: int) -> HttpResponse:
    actor = request.membership
    submission = selectors.submission_get(actor=actor, pk=submission_id)
    job = submission_job_start(actor=actor, submission=submission)
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
