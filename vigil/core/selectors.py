"""Reads of platform data. Every function takes the acting membership or user."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from vigil.core.models import AuditEvent, Membership


def active_memberships(*, user: AbstractBaseUser | AnonymousUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user_id=user.pk, is_active=True, user__is_active=True)
        .select_related("institution", "user")
        .order_by("institution__name")
    )


def membership_list(*, actor: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(institution_id=actor.institution_id)
        .select_related("user")
        .order_by("-is_active", "user__full_name", "user__email")
    )


def membership_get(*, actor: Membership, pk: Any) -> Membership:
    from vigil.core.access import get_for_actor

    return get_for_actor(Membership.objects.select_related("user"), actor=actor, pk=pk)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_list(
    *,
    actor: Membership,
    actor_id: int | None = None,
    action: str = "",
    target_type: str = "",
    target_id: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """The institution's events, newest first; dates are days in the institution's zone."""
    members = Membership.objects.filter(institution_id=actor.institution_id).values("user_id")
    # Sign-ins belong to no institution; each institution sees those of its own members.
    events = AuditEvent.objects.filter(
        Q(institution_id=actor.institution_id)
        | Q(institution__isnull=True, action__startswith="auth.", actor_id__in=members)
    )
    if actor_id:
        events = events.filter(actor_id=actor_id)
    if action:
        events = events.filter(action__startswith=action)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    if since:
        events = events.filter(created_at__gte=_day_start(since))
    if until:
        events = events.filter(created_at__lt=_day_start(until) + timedelta(days=1))
    return events.select_related("actor").order_by("-sequence")
