"""The people section's front page: what the reader may do, and the figures everyone may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from vigil.core.access import actor_can, membership_required
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.core.suppression import threshold_for
from vigil.people.forms.statistics import PeriodForm
from vigil.people.selectors.statistics import people_statistics, shown_sections


def _work_links(can_search: bool) -> list[tuple[Any, str]]:
    candidates = [
        (_("Interviews"), "people:interview_list"),
        (_("Cases"), "people:case_list"),
        (_("Overdue cases"), "people:case_overdue"),
        (_("Reprisals register"), "people:reprisal_list"),
        (_("Record a reprisal"), "people:reprisal_create"),
        (_("Check-backs"), "people:check_back_list"),
        (_("Schedule a check-back"), "people:check_back_create"),
    ]
    if can_search:
        candidates.append((_("Find a person"), "people:people_search"))
    return [(label, reverse(name)) for label, name in candidates]


@require_GET
@membership_required(Capability.VIEW_PEOPLE_STATISTICS)
def people_home(request: StaffRequest) -> HttpResponse:
    """The people area's home: what the reader works on, or counts for those who see none."""
    actor = request.membership
    can_record = actor_can(actor, Capability.RECORD_INTERVIEWS)
    can_search = actor_can(actor, Capability.SEARCH_PEOPLE)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    period = form.period()
    below = threshold_for(actor)
    sections = people_statistics(actor=actor, today=today, period=period)
    context = {
        "can_record": can_record,
        "can_search": can_search,
        "links": _work_links(can_search) if can_record or can_search else [],
        "sections": shown_sections(sections, below),
        "below": below,
        "form": form,
        "period": period,
        "today": today,
    }
    return render(request, "people/home.html", context)
