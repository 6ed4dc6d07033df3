"""Asking for a visit report: choose its audience, then watch it being written."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from vigil.core.access import membership_required
from vigil.core.models import Membership
from vigil.core.redaction import Audience
from vigil.core.roles import Capability
from vigil.visits.access import visit_get
from vigil.visits.report import FORMATS, report_job_start

FORMAT_NAMES = {"docx": gettext_lazy("Word (DOCX)"), "pdf": gettext_lazy("PDF")}


class ReportForm(forms.Form):
    audience = forms.ChoiceField(
        label=gettext_lazy("Who is the report for?"),
        choices=[
            (Audience.AUTHORITIES.value, Audience.AUTHORITIES.label),
            (Audience.INTERNAL.value, Audience.INTERNAL.label),
        ],
        initial=Audience.AUTHORITIES.value,
        widget=forms.RadioSelect,
    )


@require_http_methods(["GET", "POST"])
@membership_required(Capability.VIEW_VISITS)
def visit_report(request: HttpRequest, visit_id: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    actor: Membership = request.membership  # type: ignore[attr-defined]
    visit = visit_get(actor=actor, pk=visit_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = report_job_start(
            actor=actor, visit=visit, fmt=fmt, audience=form.cleaned_data["audience"]
        )
        return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
    context = {"visit": visit, "form": form, "fmt": fmt, "format_name": FORMAT_NAMES[fmt]}
    return render(request, "visits/report_generate.html", context)
