"""A person's reminders about recommendations: the list, and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from vigil.core.access import membership_required
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.recommendations.selectors.reminders import reminder_get, reminders_of, unread_reminders
from vigil.recommendations.services.reminders import reminder_mark_read, reminders_mark_all_read


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_list(request: StaffRequest) -> HttpResponse:
    """The person's reminders, newest first (or the unread ones only)."""
    actor = request.membership
    unread_only = request.GET.get("unread") == "1"
    mine = unread_reminders(actor) if unread_only else reminders_of(actor)
    context = {
        "page": Paginator(mine, 50).get_page(request.GET.get("page")),
        "unread_only": unread_only,
        "query": "unread=1" if unread_only else "",
        "unread_count": unread_reminders(actor).count(),
    }
    return render(request, "recommendations/reminder_list.html", context)


@require_POST
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_read(request: StaffRequest, reminder_id: int) -> HttpResponse:
    """Mark one reminder read."""
    actor = request.membership
    reminder_mark_read(actor=actor, reminder=reminder_get(actor=actor, pk=reminder_id))
    messages.success(request, _("Reminder marked read."))
    return HttpResponseRedirect(reverse("recommendations:reminder_list"))


@require_POST
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_read_all(request: StaffRequest) -> HttpResponse:
    """Mark all the person's reminders read."""
    count = reminders_mark_all_read(actor=request.membership)
    messages.success(
        request,
        ngettext("%(n)d reminder marked read.", "%(n)d reminders marked read.", count)
        % {"n": count},
    )
    return HttpResponseRedirect(reverse("recommendations:reminder_list"))
