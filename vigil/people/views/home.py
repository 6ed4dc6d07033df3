"""The people section's front page: what the reader may do, and the figures everyone may see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigil.core.access import actor_can, actor_of, membership_required
from vigil.core.roles import Capability


@require_GET
@membership_required(Capability.VIEW_PEOPLE_STATISTICS)
def people_home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "can_record": actor_can(actor, Capability.RECORD_INTERVIEWS),
        "can_search": actor_can(actor, Capability.SEARCH_PEOPLE),
    }
    return render(request, "people/home.html", context)
