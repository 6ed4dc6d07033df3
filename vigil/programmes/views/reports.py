"""Asking for a programme report or a Good Practice Report, then watching it being written."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vigil.core.access import membership_required
from vigil.core.http import StaffRequest
from vigil.core.models import Job
from vigil.core.roles import Capability
from vigil.programmes.forms.reports import GoodPracticeReportForm, ProgrammeReportForm
from vigil.programmes.reports.jobs import good_practice_report_start, programme_report_start
from vigil.programmes.selectors.programmes import has_programmes, programme_get


def _job_page(job: Job) -> HttpResponse:
    return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))


@require_http_methods(["GET", "POST"])
@membership_required(Capability.VIEW_PROGRAMMES)
def programme_report(request: StaffRequest, programme_id: int) -> HttpResponse:
    """Ask for the programme's report: its file type and who it is for."""
    actor = request.membership
    programme = programme_get(actor=actor, pk=programme_id)
    form = ProgrammeReportForm(request.POST or None, institution=actor.institution)
    if request.method == "POST" and form.is_valid():
        return _job_page(
            programme_report_start(
                actor=actor,
                programme=programme,
                fmt=form.cleaned_data["format"],
                audience=form.cleaned_data["audience"],
                language=form.cleaned_data["language"],
            )
        )
    status = 400 if request.method == "POST" else 200
    context = {"programme": programme, "form": form}
    return render(request, "programmes/report_generate.html", context, status=status)


@require_http_methods(["GET", "POST"])
@membership_required(Capability.VIEW_PROGRAMMES)
def good_practice_report(request: StaffRequest) -> HttpResponse:
    """Ask for the Good Practice Report of some of the institution's programmes."""
    actor = request.membership
    form = GoodPracticeReportForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        return _job_page(
            good_practice_report_start(
                actor=actor,
                programmes=list(form.cleaned_data["programmes"]),
                fmt=form.cleaned_data["format"],
                language=form.cleaned_data["language"],
            )
        )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "has_programmes": has_programmes(actor=actor)}
    return render(request, "programmes/good_practice_report_generate.html", context, status=status)
