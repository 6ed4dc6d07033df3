"""The audit trail: the institution's events, filtered, on a page or as CSV."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vigil.core import selectors
from vigil.core.access import membership_required
from vigil.core.downloads import table_download
from vigil.core.forms import AuditFilterForm
from vigil.core.http import StaffRequest
from vigil.core.models import AuditEvent
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.core.services.audit_trail import audit_trail_exported

# Column names of the export, as tools that verify or load the trail expect them.
EXPORT_HEADERS = ("sequence", "time", "actor", "action", "target_type", "target_id", "hash")


def _audit_events(request: StaffRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    """The filter form, and the events it selects (all of them while it is not valid)."""
    actor = request.membership
    people = [(m.user_id, str(m.user)) for m in selectors.membership_list(actor=actor)]
    form = AuditFilterForm(request.GET or None, actors=people)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(
        actor=actor,
        actor_id=filters.get("actor"),
        action=filters.get("action", ""),
        target_type=filters.get("target_type", ""),
        target_id=filters.get("target_id", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    return form, events


@require_GET
@membership_required(Capability.VIEW_AUDIT)
def audit_list(request: StaffRequest) -> HttpResponse:
    """The institution's audit events, newest first, with filters."""
    form, events = _audit_events(request)
    pages = selectors.audit_event_pages(actor=request.membership, events=events)
    return render(request, "core/audit_list.html", {"form": form, **paginate(request, pages)})


def _export_row(event: AuditEvent) -> list[object]:
    return [
        event.sequence,
        timezone.localtime(event.created_at).isoformat(),
        event.actor.email if event.actor else "",
        event.action,
        event.target_type,
        event.target_id,
        event.hash,
    ]


@require_GET
@membership_required(Capability.VIEW_AUDIT)
def audit_export(request: StaffRequest) -> HttpResponseBase:
    """The filtered audit events as CSV, streamed; the download is an event of its own."""
    form, events = _audit_events(request)
    filters = form.cleaned_data if form.is_valid() else {}
    audit_trail_exported(actor=request.membership, filters=filters, rows=events.count())
    return table_download(
        fmt="csv",
        filename="vigil-audit",
        headers=EXPORT_HEADERS,
        rows=(_export_row(event) for event in selectors.audit_event_stream(events)),
        private=True,
    )
