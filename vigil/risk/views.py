"""Risk pages: the visit priority list, a place's explanation, the gaps, the configuration."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigil.core.access import membership_required
from vigil.core.roles import Capability


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_priorities(request: HttpRequest) -> HttpResponse:
    return render(request, "risk/priorities.html", {})
