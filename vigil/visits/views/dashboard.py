"""The visits and findings dashboard and its CSV export."""

from __future__ import annotations

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigil.core.access import membership_required
from vigil.core.downloads import table_download
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.visits.forms.dashboard import DashboardFilterForm
from vigil.visits.reports.dashboard import CSV_HEADERS, dashboard_csv_rows
from vigil.visits.selectors.dashboard import VisitDashboard, dashboard_build


def _dashboard(request: StaffRequest) -> tuple[DashboardFilterForm, VisitDashboard]:
    form = DashboardFilterForm(request.GET or None, actor=request.membership)
    return form, dashboard_build(actor=request.membership, filters=form.filters())


@require_GET
@membership_required(Capability.VIEW_VISITS)
def visit_dashboard(request: StaffRequest) -> HttpResponse:
    """Visits done against planned, coverage, findings, urgent findings and interviews."""
    form, dashboard = _dashboard(request)
    context = {
        "form": form,
        "dashboard": dashboard,
        "query": request.GET.urlencode(),
        "filter_summary": form.summary(),
    }
    return render(request, "visits/dashboard.html", context)


@require_GET
@membership_required(Capability.VIEW_VISITS)
def visit_dashboard_export(request: StaffRequest) -> HttpResponseBase:
    """Every figure of the dashboard as CSV (small counts withheld as on the page)."""
    _form, dashboard = _dashboard(request)
    return table_download(
        fmt="csv",
        filename=f"vigil-visits-dashboard-{dashboard.year}",
        headers=CSV_HEADERS,
        rows=dashboard_csv_rows(dashboard),
    )
