"""The follow-up dashboard page and its CSV export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigil.core import downloads
from vigil.core.access import actor_of, membership_required
from vigil.core.roles import Capability
from vigil.recommendations.dashboard import (
    CSV_HEADERS,
    DashboardFilterForm,
    dashboard_build,
    dashboard_csv_rows,
)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_dashboard(request: HttpRequest) -> HttpResponse:
    form = DashboardFilterForm(request.GET or None)
    dashboard = dashboard_build(actor=actor_of(request), filters=form.filters())
    context = {"form": form, "dashboard": dashboard, "query": request.GET.urlencode()}
    return render(request, "recommendations/dashboard.html", context)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_dashboard_export(request: HttpRequest) -> StreamingHttpResponse:
    form = DashboardFilterForm(request.GET or None)
    dashboard = dashboard_build(actor=actor_of(request), filters=form.filters())
    response = StreamingHttpResponse(
        downloads.csv_lines(CSV_HEADERS, dashboard_csv_rows(dashboard)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="vigil-recommendations-dashboard.csv"'
    return response
