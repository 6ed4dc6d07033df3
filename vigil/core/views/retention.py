"""Retention: the institution's periods, and what expires in the next 30 days."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vigil.core.access import membership_required
from vigil.core.forms import RetentionForm, form_saved
from vigil.core.http import StaffRequest
from vigil.core.retention import retention_periods, retention_rules
from vigil.core.roles import Capability
from vigil.core.selectors import retention_preview
from vigil.core.services import retention as services

PREVIEW_DAYS = 30


@membership_required(Capability.MANAGE_INSTITUTION)
def retention_settings(request: StaffRequest) -> HttpResponse:
    """How long each kind of personal data is kept."""
    actor = request.membership
    form = RetentionForm(
        request.POST or None,
        rules=retention_rules(),
        max_days=services.MAX_RETENTION_DAYS,
        initial=retention_periods(actor.institution_id),
    )
    saved = form_saved(
        request,
        form,
        lambda data: services.retention_periods_set(actor=actor, periods=data),
        done=_("Retention periods saved."),
        to=reverse("core:retention_settings"),
    )
    if saved:
        return saved
    status = 400 if request.method == "POST" else 200
    return render(request, "core/retention_settings.html", {"form": form}, status=status)


@require_GET
@membership_required(Capability.MANAGE_INSTITUTION)
def retention_expiring(request: StaffRequest) -> HttpResponse:
    """What will expire in the next 30 days (or already has, before the next run)."""
    kinds = retention_preview(
        actor=request.membership, now=timezone.now(), window_days=PREVIEW_DAYS
    )
    return render(
        request,
        "core/retention_expiring.html",
        {"kinds": kinds, "window_days": PREVIEW_DAYS},
    )
