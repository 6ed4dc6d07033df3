"""Reads of platform data: memberships, the audit trail, uploads, jobs and documents.

Every function takes the acting membership (or, before one is chosen, the user).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from vigil.core.access import (
    actor_can,
    audit_event_parts,
    audit_events_for,
    get_for_actor,
    may_see_work_of,
)
from vigil.core.models import AuditEvent, GeneratedDocument, Job, Membership, StoredUpload
from vigil.core.pagination import MergedList
from vigil.core.retention import (
    HOLD_REASONS,
    RetentionRule,
    expired,
    held_apart,
    retention_periods,
    retention_rules,
)
from vigil.core.roles import Capability

Rows = TypeVar("Rows", bound=QuerySet[Any])

# --- what every app's selectors share ------------------------------------------------------


def narrowed(queryset: Rows, lookups: Mapping[str, Any]) -> Rows:
    """`queryset` filtered by each lookup whose value is set: a list filter left empty keeps
    every row. Values of lookups across a multi-valued relation must not be combined here
    (one `filter()` call joins it once), so those stay a `filter()` of their own."""
    chosen = {lookup: value for lookup, value in lookups.items() if value}
    return queryset.filter(**chosen) if chosen else queryset


# --- memberships --------------------------------------------------------------------------


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
        Membership.objects.for_actor(actor)
        .select_related("user")
        .order_by("-is_active", "user__full_name", "user__email")
    )


def membership_get(*, actor: Membership, pk: Any) -> Membership:
    return get_for_actor(Membership.objects.select_related("user"), actor=actor, pk=pk)


# --- the audit trail ----------------------------------------------------------------------


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
    events = narrowed(
        audit_events_for(actor),
        {
            "actor_id": actor_id,
            "action__startswith": action,
            "target_type": target_type,
            "target_id": target_id,
        },
    )
    if since:
        events = events.filter(created_at__gte=_day_start(since))
    if until:
        events = events.filter(created_at__lt=_day_start(until) + timedelta(days=1))
    return events.select_related("actor").order_by("-sequence")


def audit_event_pages(*, actor: Membership, events: QuerySet[AuditEvent]) -> MergedList:
    """`events` (of `audit_event_list`) as the list pages them: the institution's own events
    and its members' sign-ins (no institution) each read newest first from the index
    `audit_by_institution`, then merged (see MergedList)."""
    return MergedList(events, audit_event_parts(actor, events), key="sequence")


def audit_event_stream(events: QuerySet[AuditEvent]) -> Iterator[AuditEvent]:
    """The events a chunk at a time, so that a long trail never sits in memory whole."""
    return events.iterator(chunk_size=1000)


# --- imports and background jobs ----------------------------------------------------------


def upload_get(*, actor: Membership, pk: Any) -> StoredUpload:
    """An uploaded import file, for the person who uploaded it, or an administrator or
    commissioner (as their jobs); 404 for every other member, as for a missing file."""
    upload = get_for_actor(StoredUpload.objects.all(), actor=actor, pk=pk)
    if not may_see_work_of(actor, upload.uploaded_by_id):
        raise Http404
    return upload


def job_latest_retry(job: Job) -> Job | None:
    """The newest job started again from `job`, if any."""
    return job.retries.order_by("-pk").first()


def job_get(*, actor: Membership, pk: Any) -> Job:
    """A job its starter, or an administrator or commissioner, may watch; 404 for others."""
    job = get_for_actor(Job.objects.select_related("created_by"), actor=actor, pk=pk)
    if not may_see_work_of(actor, job.created_by_id):
        raise Http404
    return job


# --- generated documents ------------------------------------------------------------------

# Documents about people (medico-legal reports) hold testimony: administrators, who run
# the system, may not read them; only their author and commissioners may.
TESTIMONY_SUBJECTS = ("people.",)


def document_get(*, actor: Membership, pk: Any) -> GeneratedDocument:
    """A document the actor may download (see vigil.core.services.documents); 404 otherwise.

    A document is the redacted output of one reader's request, so it is that reader's: only
    the person who had it made, the institution's commissioners and its administrators may
    download it (testimony: not administrators). Every other institution gets 404.
    """
    document = get_for_actor(GeneratedDocument.objects.all(), actor=actor, pk=pk)
    if not may_see_work_of(actor, document.created_by_id):
        raise Http404
    is_testimony = document.subject.startswith(TESTIMONY_SUBJECTS)
    oversees = actor_can(actor, Capability.OVERSEE_CASES)
    if is_testimony and actor.user_id != document.created_by_id and not oversees:
        raise Http404
    return document


# --- retention ----------------------------------------------------------------------------

# The preview lists this many records of each kind; the count says how many there are.
RETENTION_PREVIEW_ROWS = 200


@dataclass(frozen=True)
class ExpiringKind:
    rule: RetentionRule
    days: int | None
    count: int
    held: list[tuple[str, int]]  # (why, how many)
    # (label, the day it expires), soonest first
    records: list[tuple[str, date]]


def retention_preview(
    *, actor: Membership, now: datetime, window_days: int = 30, rows: int = RETENTION_PREVIEW_ROWS
) -> list[ExpiringKind]:
    """What expires within `window_days` of `now` (or already has), per kind, for the
    institution's administrators; labels never name a person."""
    periods = retention_periods(actor.institution_id)
    kinds = []
    for rule in retention_rules():
        days = periods[rule.key]
        if days is None:
            kinds.append(ExpiringKind(rule, None, 0, [], []))
            continue
        horizon = now + timedelta(days=window_days) - timedelta(days=days)
        records = expired(rule, rule.model.objects.for_actor(actor), horizon)
        _free, held = held_apart(records, rule.holds())
        listed = list(records.order_by(rule.dated_by, "pk")[:rows]) if rows else []
        kinds.append(
            ExpiringKind(
                rule,
                days,
                records.count(),
                [(str(HOLD_REASONS[reason]), n) for reason, n in held.items()],
                [
                    (
                        rule.describe(record),
                        timezone.localdate(getattr(record, rule.dated_by) + timedelta(days=days)),
                    )
                    for record in listed
                ],
            )
        )
    return kinds


def term_overrides(*, institution_id: int, language: str) -> dict[str, str]:
    """The institution's wording of shipped terms in `language`: {English source: wording}."""
    from vigil.core.models import TermOverride

    rows = TermOverride.objects.for_institution(institution_id).filter(language=language)
    return dict(rows.values_list("source", "text"))


def term_override_list(*, actor: Membership, language: str) -> dict[str, str]:
    return term_overrides(institution_id=actor.institution_id, language=language)
