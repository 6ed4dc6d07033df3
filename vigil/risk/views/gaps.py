"""Protection gaps: the heat map page, a cell's places, and the XLSX and PDF exports."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from vigil.core.access import membership_required
from vigil.core.downloads import XLSX_CONTENT_TYPE, file_download
from vigil.core.http import StaffRequest
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.risk.forms.gaps import GapsFilterForm, GapsReportForm
from vigil.risk.reports.common import explanation, filename, scope_text
from vigil.risk.reports.jobs import gaps_report_start
from vigil.risk.reports.workbook import gaps_xlsx
from vigil.risk.selectors.gap_cells import gaps_cell
from vigil.risk.selectors.gaps import bands, gaps_build

CELL_FIELDS = {
    "factor": gettext_lazy("Risk factor"),
    "dimension": gettext_lazy("Columns"),
    "value": gettext_lazy("Column"),
}


def _filter_form(request: StaffRequest) -> GapsFilterForm:
    return GapsFilterForm(request.GET or None, actor=request.membership)


def _page(request: StaffRequest, form: GapsFilterForm, status: int = 200) -> HttpResponse:
    gaps = gaps_build(actor=request.membership, filters=form.filters())
    context = {
        "form": form,
        "gaps": gaps,
        "bands": bands(),
        "explanation": explanation(),
        "scope": scope_text(gaps),
        "query": request.GET.urlencode(),
    }
    return render(request, "risk/gaps.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_gaps(request: StaffRequest) -> HttpResponse:
    """The heat map of risk factors by column, the missing safeguards and the trend."""
    return _page(request, _filter_form(request))


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_gaps_cell(request: StaffRequest) -> HttpResponse:
    """The places of one cell of the heat map where the factor contributes."""
    form = _filter_form(request)
    filters = form.filters()
    back = reverse("risk:risk_gaps") + "?" + urlencode(filters.as_params())
    errors: list[tuple[str, str]] = []
    if form.is_bound and not form.is_valid():
        errors = [
            (str(form.fields[name].label or name) if name in form.fields else "", str(message))
            for name, messages in form.errors.items()
            for message in messages
        ]
    else:
        try:
            drill = gaps_cell(
                actor=request.membership,
                filters=filters,
                factor=request.GET.get("factor", "").strip(),
                dimension=request.GET.get("dimension", "").strip(),
                value=request.GET.get("value", "").strip(),
            )
        except ValidationError as error:
            errors = [
                (str(CELL_FIELDS.get(name, "")), str(message))
                for name, messages in error.message_dict.items()
                for message in messages
            ]
    if errors:
        return render(request, "risk/gaps_cell.html", {"errors": errors, "back": back}, status=400)
    context = {"drill": drill, "back": back, **paginate(request, drill.rows)}
    return render(request, "risk/gaps_cell.html", context)


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_gaps_xlsx(request: StaffRequest) -> HttpResponseBase:
    """The protection gaps as a workbook, at once (figures only: no person, no place)."""
    actor = request.membership
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return _page(request, form, status=400)
    gaps = gaps_build(actor=actor, filters=form.filters())
    return file_download(
        gaps_xlsx(gaps, institution=actor.institution),
        filename=filename(gaps, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


@require_http_methods(["GET", "POST"])
@membership_required(Capability.VIEW_RISK)
def risk_gaps_pdf(request: StaffRequest) -> HttpResponse:
    """The PDF report's form; a valid POST writes it in the background."""
    actor = request.membership
    if request.method == "POST":
        form = GapsReportForm(request.POST, actor=actor)
        if form.is_valid():
            job = gaps_report_start(
                actor=actor,
                filters=form.filters(),
                audience=form.cleaned_data["audience"],
                language=form.cleaned_data["language"],
            )
            return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
    else:
        # Linked from the page with its filters: they are what the form proposes.
        chosen = GapsFilterForm(request.GET or None, actor=actor).filters()
        form = GapsReportForm(initial=chosen.as_params(), actor=actor)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "today": timezone.localdate(), "title": _("Protection gaps (PDF)")}
    return render(request, "risk/gaps_pdf_form.html", context, status=status)
