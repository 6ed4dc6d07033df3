"""The follow-up dashboard page and its CSV export."""

from __future__ import annotations

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigil.core.access import membership_required
from vigil.core.downloads import table_download
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.recommendations.forms.dashboard import DashboardFilterForm
from vigil.recommendations.reports.dashboard import CSV_HEADERS, dashboard_csv_rows
from vigil.recommendations.selectors.dashboard import Dashboard, dashboard_build
from vigil.recommendations.services.dashboard import figures_ensure


def _dashboard(request: StaffRequest) -> tuple[DashboardFilterForm, Dashboard]:
    form = DashboardFilterForm(request.GET or None)
    figures_ensure(request.membership.institution_id)
    return form, dashboard_build(actor=request.membership, filters=form.filters())


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_dashboard(request: StaffRequest) -> HttpResponse:
    """How far recommendations are implemented, and how fast."""
    form, dashboard = _dashboard(request)
    context = {"form": form, "dashboard": dashboard, "query": request.GET.urlencode()}
    return render(request, "recommendations/dashboard.html", context)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_dashboard_export(request: StaffRequest) -> HttpResponseBase:
    """Every figure of the dashboard as CSV."""
    _form, dashboard = _dashboard(request)
    return table_download(
        fmt="csv",
        filename="vigil-recommendations-dashboard",
        headers=CSV_HEADERS,
        rows=dashboard_csv_rows(dashboard),
    )
