"""A person's reminders about recommendations: the list, and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from vigil.core.access import actor_of, membership_required
from vigil.core.roles import Capability
from vigil.recommendations import reminders


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    mine = reminders.reminders_of(actor)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        mine = mine.filter(read_at__isnull=True)
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread_only": unread_only,
        "query": "unread=1" if unread_only else "",
        "unread_count": reminders.reminders_of(actor).filter(read_at__isnull=True).count(),
    }
    return render(request, "recommendations/reminder_list.html", context)


@require_POST
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_read(request: HttpRequest, reminder_id: int) -> HttpResponse:
    actor = actor_of(request)
    reminder = reminders.reminder_get(actor=actor, pk=reminder_id)
    reminders.reminder_mark_read(actor=actor, reminder=reminder)
    messages.success(request, _("Reminder marked read."))
    return HttpResponseRedirect(reverse("recommendations:reminder_list"))


@require_POST
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_read_all(request: HttpRequest) -> HttpResponse:
    count = reminders.reminders_mark_all_read(actor=actor_of(request))
    messages.success(
        request,
        ngettext("%(n)d reminder marked read.", "%(n)d reminders marked read.", count)
        % {"n": count},
    )
    return HttpResponseRedirect(reverse("recommendations:reminder_list"))
