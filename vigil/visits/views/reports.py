"""Asking for a visit report: choose its audience, then watch it being written."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from vigil.core.access import membership_required
from vigil.core.forms import form_failed
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.visits.access import visit_get
from vigil.visits.forms.reports import ReportForm
from vigil.visits.reports.common import FORMATS
from vigil.visits.reports.jobs import report_job_start

FORMAT_NAMES = {"docx": gettext_lazy("Word (DOCX)"), "pdf": gettext_lazy("PDF")}


@require_http_methods(["GET", "POST"])
@membership_required(Capability.VIEW_VISITS)
def visit_report(request: StaffRequest, visit_id: int, fmt: str) -> HttpResponse:
    """Choose for whom the visit report is written; a valid choice starts the job."""
    if fmt not in FORMATS:
        raise Http404
    actor = request.membership
    visit = visit_get(actor=actor, pk=visit_id)
    form = ReportForm(request.POST or None, institution=actor.institution)
    if request.method == "POST" and form.is_valid():
        job = report_job_start(
            actor=actor,
            visit=visit,
            fmt=fmt,
            audience=form.cleaned_data["audience"],
            language=form.cleaned_data["language"],
        )
        return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
    if request.method == "POST":
        form_failed(request)  # an audience not offered: the choice again, with 400
    context = {"visit": visit, "form": form, "fmt": fmt, "format_name": FORMAT_NAMES[fmt]}
    return render(request, "visits/report_generate.html", context)
