"""Reminders about recommendations: due dates approaching, overdue items, responses awaited.

`reminders_send()` runs on a schedule (`vigil send_reminders` from cron, or the django-tasks
task `send_reminders_task`). For each event it creates one in-app `Reminder` per recipient and
sends each recipient one e-mail listing their new reminders. An event is named by the
reminder's `key` (kind, recommendation, and the date the event is about), unique per user, so
a reminder is never created, nor mailed, twice; a new due date is a new event.

Recipients: the recommendation's author while still an active member of its institution,
and the institution's active commissioners and administrators.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from vigil.core.access import get_for_actor, scoped
from vigil.core.attention import AttentionItem
from vigil.core.audit import audit_record
from vigil.core.models import Institution, Membership
from vigil.core.roles import Role
from vigil.recommendations.models import SETTLED, Recommendation, Reminder, Source

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 14
RESPONSE_AWAITED_DAYS = 60
LEADER_ROLES = (Role.ADMIN, Role.COMMISSIONER)
CHUNK = 500
MAX_LINES_PER_MAIL = 50
Kind = Reminder.Kind


def _open() -> QuerySet[Recommendation]:
    return Recommendation.objects.exclude(status__in=SETTLED)


def _due_soon(today: date) -> QuerySet[Recommendation]:
    return _open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))


def _overdue(today: date) -> QuerySet[Recommendation]:
    return _open().filter(due_on__lt=today)


def _response_awaited(today: date) -> QuerySet[Recommendation]:
    """No response recorded 60 days after issue. UN mechanisms' recommendations are
    addressed to the State by the UN, not by the institution, so no answer is awaited here."""
    return (
        _open()
        .filter(response="", issued_on__lte=today - timedelta(days=RESPONSE_AWAITED_DAYS))
        .exclude(source=Source.UN_MECHANISM)
    )


def event_key(kind: str, recommendation: Recommendation) -> str:
    """What makes an event: a changed due date (or date of issue) is a new event."""
    day = recommendation.issued_on if kind == Kind.RESPONSE_AWAITED else recommendation.due_on
    return f"{kind}:{recommendation.pk}:{day}"


def _message(kind: str, rec: Recommendation) -> str:
    due = formats.date_format(rec.due_on) if rec.due_on else ""
    if kind == Kind.DUE_SOON:
        return _("Recommendation %(ref)s is due on %(date)s.") % {"ref": rec.reference, "date": due}
    if kind == Kind.OVERDUE:
        return _("Recommendation %(ref)s is overdue: it was due on %(date)s.") % {
            "ref": rec.reference,
            "date": due,
        }
    return _("No response yet from %(addressee)s to recommendation %(ref)s of %(date)s.") % {
        "addressee": rec.authority.name if rec.authority else rec.get_addressee_display(),
        "ref": rec.reference,
        "date": formats.date_format(rec.issued_on),
    }


class _Recipients:
    """Who is told about a recommendation; memberships are read once per institution."""

    def __init__(self) -> None:
        self._leaders: dict[int, set[int]] = {}
        self._members: dict[int, set[int]] = {}

    def load(self, institution_ids: Iterable[int]) -> None:
        missing = set(institution_ids) - set(self._members)
        if not missing:
            return
        for institution_id in missing:
            self._leaders[institution_id], self._members[institution_id] = set(), set()
        active = Membership.objects.filter(
            institution_id__in=missing, is_active=True, user__is_active=True
        ).values_list("institution_id", "user_id", "role")
        for institution_id, user_id, role in active:
            self._members[institution_id].add(user_id)
            if role in LEADER_ROLES:
                self._leaders[institution_id].add(user_id)

    def of(self, rec: Recommendation) -> set[int]:
        users = set(self._leaders[rec.institution_id])
        if rec.created_by_id in self._members[rec.institution_id]:
            users.add(rec.created_by_id)
        return users


def _chunks(queryset: QuerySet[Recommendation]) -> Iterator[list[Recommendation]]:
    """Keyset pages: no cursor stays open while reminders are written between them."""
    last = 0
    while chunk := list(
        queryset.filter(pk__gt=last).select_related("authority").order_by("pk")[:CHUNK]
    ):
        yield chunk
        last = chunk[-1].pk


def _create(kind: str, recs: list[Recommendation], recipients: _Recipients, stamp: Any) -> int:
    """Create the reminders of these events that do not exist yet; returns how many."""
    recipients.load(rec.institution_id for rec in recs)
    wanted = {
        (user_id, event_key(kind, rec)): rec for rec in recs for user_id in recipients.of(rec)
    }
    if not wanted:
        return 0
    with transaction.atomic():
        existing = set(
            Reminder.objects.filter(
                recommendation_id__in=[rec.pk for rec in recs], kind=kind
            ).values_list("user_id", "key")
        )
        new = [
            Reminder(
                institution_id=rec.institution_id,
                user_id=user_id,
                recommendation=rec,
                kind=kind,
                key=key,
                message=_message(kind, rec)[:300],
                created_at=stamp,
            )
            for (user_id, key), rec in wanted.items()
            if (user_id, key) not in existing
        ]
        # A run at the same time may have created some meanwhile: the unique (user, key)
        # keeps one row, and only rows carrying this run's stamp are mailed by this run.
        Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def _base_url() -> str:
    return getattr(settings, "VIGIL_BASE_URL", "").rstrip("/")


def _mail(stamp: Any) -> tuple[int, int]:
    """One e-mail per person and institution for the reminders this run created."""
    pending = (
        Reminder.objects.filter(created_at=stamp, emailed_at__isnull=True)
        .select_related("user", "institution")
        .order_by("user_id", "institution_id", "kind", "recommendation_id")
    )
    groups: dict[tuple[int, int], list[Reminder]] = defaultdict(list)
    for reminder in pending:
        groups[(reminder.user_id, reminder.institution_id)].append(reminder)
    sent = failed = 0
    for reminders in groups.values():
        user, institution = reminders[0].user, reminders[0].institution
        pks = [r.pk for r in reminders]
        now = timezone.now()
        # Claim them first, so that a run at the same time cannot mail them too.
        if not Reminder.objects.filter(pk__in=pks, emailed_at__isnull=True).update(emailed_at=now):
            continue
        try:
            _send(user.email, user.get_full_name(), institution, reminders)
        except Exception as error:  # the SMTP server's message may quote addresses
            logger.error("Reminder e-mail could not be sent: %s", type(error).__name__)
            Reminder.objects.filter(pk__in=pks).update(emailed_at=None)
            failed += 1
        else:
            sent += 1
    return sent, failed


def _send(email: str, name: str, institution: Institution, reminders: list[Reminder]) -> None:
    context = {
        "name": name,
        "institution": institution.name,
        "reminders": reminders[:MAX_LINES_PER_MAIL],
        "more": max(len(reminders) - MAX_LINES_PER_MAIL, 0),
        "url": _base_url() + reverse("recommendations:reminder_list"),
    }
    subject = ngettext(
        "Vigil: %(count)d new reminder about recommendations",
        "Vigil: %(count)d new reminders about recommendations",
        len(reminders),
    ) % {"count": len(reminders)}
    body = render_to_string("recommendations/email/reminders.txt", context)
    send_mail(subject, body, None, [email], fail_silently=False)


def reminders_send(today: date | None = None) -> dict[str, int]:
    """Create and mail the reminders due today, for every institution; returns the counts."""
    today = today or timezone.localdate()
    stamp = timezone.now()  # marks the reminders this run creates
    recipients = _Recipients()
    counts: dict[str, int] = {}
    per_institution: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with translation.override(settings.LANGUAGE_CODE):
        for kind, events in (
            (Kind.DUE_SOON, _due_soon(today)),
            (Kind.OVERDUE, _overdue(today)),
            (Kind.RESPONSE_AWAITED, _response_awaited(today)),
        ):
            counts[kind.value] = 0
            for recs in _chunks(events):
                counts[kind.value] += _create(kind, recs, recipients, stamp)
        for institution_id, kind, created in (
            Reminder.objects.filter(created_at=stamp)
            .values_list("institution_id", "kind")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            per_institution[institution_id][kind] = created
        counts["emails"], counts["email_failures"] = _mail(stamp)
    institutions = Institution.objects.in_bulk(list(per_institution))
    for institution_id, created in per_institution.items():
        with transaction.atomic():
            audit_record(
                action="recommendation.reminders_sent",
                actor=None,
                institution=institutions[institution_id],
                details={"created": dict(created), "on": today.isoformat()},
            )
    return counts


@task()
def send_reminders_task(today: str | None = None) -> dict[str, int]:
    """The scheduled job, for django-tasks; `today` (ISO date) is for catching up a missed day."""
    return reminders_send(today=date.fromisoformat(today) if today else None)


# ---- reading and marking a person's reminders ---------------------------------------------


def reminders_of(actor: Membership) -> QuerySet[Reminder]:
    """The acting person's own reminders in the active institution (nobody sees another's)."""
    return (
        scoped(Reminder.objects.all(), actor=actor)
        .filter(user_id=actor.user_id)
        .select_related("recommendation")
        .order_by("-created_at", "-pk")
    )


def reminder_get(*, actor: Membership, pk: Any) -> Reminder:
    return get_for_actor(Reminder.objects.filter(user_id=actor.user_id), actor=actor, pk=pk)


def reminder_mark_read(*, actor: Membership, reminder: Reminder) -> None:
    # A person's own notification, not the institution's data: no audit event.
    if reminder.user_id == actor.user_id and reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])


def reminders_mark_all_read(*, actor: Membership) -> int:
    return reminders_of(actor).filter(read_at__isnull=True).update(read_at=timezone.now())


ATTENTION_LIMIT = 5


def reminders_attention(actor: Membership) -> list[AttentionItem]:
    """The person's unread reminders, for the home page."""
    # Reminders of recommendations settled since then no longer need anyone's attention.
    pending = (
        reminders_of(actor).filter(read_at__isnull=True).exclude(recommendation__status__in=SETTLED)
    )
    unread = list(pending[: ATTENTION_LIMIT + 1])
    items = [
        AttentionItem(
            kind=f"reminder-{reminder.kind}",
            title=reminder.message,
            detail=reminder.get_kind_display(),
            url=reverse("recommendations:recommendation_detail", args=[reminder.recommendation_id]),
            since=reminder.created_at,
        )
        for reminder in unread[:ATTENTION_LIMIT]
    ]
    if len(unread) > ATTENTION_LIMIT:
        more = pending.count() - ATTENTION_LIMIT
        items.append(
            AttentionItem(
                kind="reminder-more",
                title=ngettext("%(n)d more unread reminder", "%(n)d more unread reminders", more)
                % {"n": more},
                detail=_("See all your reminders"),
                url=reverse("recommendations:reminder_list"),
            )
        )
    return items
