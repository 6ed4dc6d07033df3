"""A person's reminders about recommendations: one line per day, each day's reminders, and
marking them read."""

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
from vigil.recommendations.selectors.reminders import (
    digest_get,
    digest_reminders,
    digest_summary,
    digests_of,
    reminder_get,
    unread_digests,
)
from vigil.recommendations.services.reminders import (
    digest_mark_read,
    reminder_mark_read,
    reminders_mark_all_read,
)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_list(request: StaffRequest) -> HttpResponse:
    """The person's reminders, one line per day, newest first (or the unread days only)."""
    actor = request.membership
    unread_only = request.GET.get("unread") == "1"
    mine = unread_digests(actor) if unread_only else digests_of(actor)
    page = Paginator(mine, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [(digest, digest_summary(digest)) for digest in page],
        "unread_only": unread_only,
        "query": "unread=1" if unread_only else "",
        "unread_count": unread_digests(actor).count(),
    }
    return render(request, "recommendations/reminder_list.html", context)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_digest(request: StaffRequest, digest_id: int) -> HttpResponse:
    """One day's reminders of the person, grouped by kind, in pages."""
    actor = request.membership
    digest = digest_get(actor=actor, pk=digest_id)
    reminders = digest_reminders(actor=actor, digest=digest)
    context = {
        "digest": digest,
        "summary": digest_summary(digest),
        "page": Paginator(reminders, 50).get_page(request.GET.get("page")),
        "query": "",
    }
    return render(request, "recommendations/reminder_digest.html", context)


@require_POST
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_digest_read(request: StaffRequest, digest_id: int) -> HttpResponse:
    """Mark one day's reminders read."""
    actor = request.membership
    digest_mark_read(actor=actor, digest=digest_get(actor=actor, pk=digest_id))
    messages.success(request, _("Reminders marked read."))
    return HttpResponseRedirect(reverse("recommendations:reminder_list"))


@require_POST
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_read(request: StaffRequest, reminder_id: int) -> HttpResponse:
    """Mark one reminder read."""
    actor = request.membership
    reminder = reminder_get(actor=actor, pk=reminder_id)
    reminder_mark_read(actor=actor, reminder=reminder)
    messages.success(request, _("Reminder marked read."))
    if reminder.digest_id:
        return HttpResponseRedirect(
            reverse("recommendations:reminder_digest", args=[reminder.digest_id])
        )
    return HttpResponseRedirect(reverse("recommendations:reminder_list"))


@require_POST
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def reminder_read_all(request: StaffRequest) -> HttpResponse:
    """Mark all the person's reminders read."""
    count = reminders_mark_all_read(actor=request.membership)
    messages.success(
        request,
        ngettext(
            "%(n)d day of reminders marked read.", "%(n)d days of reminders marked read.", count
        )
        % {"n": count},
    )
    return HttpResponseRedirect(reverse("recommendations:reminder_list"))
