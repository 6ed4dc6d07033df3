"""Reminders about recommendations: due dates approaching, overdue items, responses awaited.

`reminders_send()` runs on a schedule (`vigil send_reminders` from cron, or the django-tasks
task `send_reminders_task`). For each event it creates one `Reminder` per recipient: the
ledger that names the event by its `key` (kind, recommendation, and the date the event is
about), unique per user, so an event is never reminded twice; a new due date is a new event.

People read digests, not single reminders: a run files each person's new reminders in their
`ReminderDigest` of the day, and mails them once, grouped by kind and counted, with the first
lines of each kind. The first run of an institution announces what is outstanding as counts
(a database with years of recommendations would otherwise send thousands of items).

Recipients: the recommendation's author while still an active member of its institution,
and the institution's active commissioners and administrators
(`vigil.recommendations.selectors.reminders`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from vigil.core.audit import audit_record
from vigil.core.dates import day
from vigil.core.models import Institution, Membership, User
from vigil.recommendations.models import Recommendation, Reminder, ReminderDigest
from vigil.recommendations.selectors.reminders import (
    Recipients,
    counts_of_run,
    due_soon,
    existing_keys,
    in_chunks,
    institutions_reminded,
    overdue,
    response_awaited,
    run_counts,
    run_lines,
    run_reminders,
    unread_digests,
    unread_reminders,
)

logger = logging.getLogger(__name__)

MAX_LINES_PER_MAIL = 50  # a first digest longer than this gives counts only
LINES_PER_KIND = 10
Kind = Reminder.Kind


def event_key(kind: str, recommendation: Recommendation) -> str:
    """What makes an event: a changed due date (or date of issue) is a new event."""
    day = recommendation.issued_on if kind == Kind.RESPONSE_AWAITED else recommendation.due_on
    return f"{kind}:{recommendation.pk}:{day}"


def _message(kind: str, rec: Recommendation) -> str:
    due = day(rec.due_on) if rec.due_on else ""
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
        "date": day(rec.issued_on),
    }


def _create(kind: str, recs: list[Recommendation], recipients: Recipients, stamp: datetime) -> int:
    """Create the reminders of these events that do not exist yet; returns how many."""
    recipients.load(rec.institution_id for rec in recs)
    wanted = {
        (user_id, event_key(kind, rec)): rec for rec in recs for user_id in recipients.of(rec)
    }
    if not wanted:
        return 0
    with transaction.atomic():
        existing = existing_keys(kind, recs)
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


@dataclass(frozen=True)
class Filed:
    """What one run filed in a person's digest of the day."""

    digest: ReminderDigest
    kinds: dict[str, int]  # {kind: reminders this run added}
    first: bool  # the institution's first run: an announcement


def _digests(
    stamp: datetime, today: date, reminded_before: set[int]
) -> dict[tuple[int, int], Filed]:
    """File the run's reminders into each person's digest of the day; returns, per person and
    institution, the digest and what this run added to it."""
    made = {}
    for (user_id, institution_id), kinds in run_counts(stamp).items():
        first = institution_id not in reminded_before
        with transaction.atomic():
            digest, created = ReminderDigest.objects.select_for_update().get_or_create(
                user_id=user_id,
                institution_id=institution_id,
                on=today,
                defaults={
                    "counts": kinds,
                    "first": first,
                    "created_at": stamp,
                },
            )
            if not created:  # a second run on the same day adds to the day's digest
                digest.counts = {
                    kind: int(digest.counts.get(kind, 0)) + kinds.get(kind, 0)
                    for kind in Kind.values
                    if digest.counts.get(kind) or kinds.get(kind)
                }
                digest.read_at = None
                digest.save(update_fields=["counts", "read_at"])
            run_reminders(stamp, user_id, institution_id).update(digest=digest)
        made[(user_id, institution_id)] = Filed(digest, kinds, first)
    return made


def _mail(stamp: datetime, digests: dict[tuple[int, int], Filed]) -> tuple[int, int]:
    """One e-mail per person and institution: this run's reminders, grouped and counted."""
    sent = failed = 0
    users = User.objects.in_bulk([user_id for user_id, _i in digests])
    institutions = Institution.objects.in_bulk([inst for _u, inst in digests])
    for (user_id, institution_id), filed in digests.items():
        mine = run_reminders(stamp, user_id, institution_id)
        now = timezone.now()
        # Claim them first, so that a run at the same time cannot mail them too.
        if not mine.filter(emailed_at__isnull=True).update(emailed_at=now):
            continue
        try:
            _send(users[user_id], institutions[institution_id], filed, stamp)
        except Exception as error:  # the SMTP server's message may quote addresses
            logger.error("Reminder e-mail could not be sent: %s", type(error).__name__)
            mine.update(emailed_at=None)
            failed += 1
        else:
            ReminderDigest.objects.filter(pk=filed.digest.pk).update(emailed_at=now)
            sent += 1
    return sent, failed


def _groups(
    user_id: int, institution_id: int, kinds: dict[str, int], stamp: datetime, *, listed: bool
) -> list[dict[str, Any]]:
    groups = []
    for kind in (Kind.OVERDUE, Kind.DUE_SOON, Kind.RESPONSE_AWAITED):
        count = kinds.get(kind.value, 0)
        if not count:
            continue
        lines = (
            run_lines(stamp, user_id, institution_id, kind.value, LINES_PER_KIND) if listed else []
        )
        groups.append(
            {
                "label": kind.label,
                "count": formats.number_format(count, force_grouping=True),
                "lines": lines,
                "more": count - len(lines) if lines else 0,
            }
        )
    return groups


def _send(user: User, institution: Institution, filed: Filed, stamp: datetime) -> None:
    total = sum(filed.kinds.values())
    # The first run of an institution is an announcement: counts, not a backlog of items.
    listed = not filed.first or total <= MAX_LINES_PER_MAIL
    context = {
        "name": user.get_full_name(),
        "institution": institution.name,
        "first": filed.first,
        "groups": _groups(user.pk, institution.pk, filed.kinds, stamp, listed=listed),
        "url": _base_url() + reverse("recommendations:reminder_digest", args=[filed.digest.pk]),
    }
    if filed.first:
        subject = ngettext(
            "Vigil reminders begin: %(count)s reminder about recommendations",
            "Vigil reminders begin: %(count)s reminders about recommendations",
            total,
        ) % {"count": formats.number_format(total, force_grouping=True)}
    else:
        subject = ngettext(
            "Vigil: %(count)d new reminder about recommendations",
            "Vigil: %(count)d new reminders about recommendations",
            total,
        ) % {"count": total}
    body = render_to_string("recommendations/email/reminders.txt", context)
    send_mail(subject, body, None, [user.email], fail_silently=False)


def reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Create the reminders due today, file them in each person's digest of the day, and mail
    each person one digest; for every institution. Returns the counts."""
    today = today or timezone.localdate()
    stamp = timezone.now()  # marks the reminders this run creates
    recipients = Recipients()
    counts: dict[str, int] = {}
    reminded_before = institutions_reminded()
    with translation.override(settings.LANGUAGE_CODE):
        for kind, events in (
            (Kind.DUE_SOON, due_soon(today)),
            (Kind.OVERDUE, overdue(today)),
            (Kind.RESPONSE_AWAITED, response_awaited(today)),
        ):
            counts[kind.value] = 0
            for recs in in_chunks(events):
                counts[kind.value] += _create(kind, recs, recipients, stamp)
        per_institution = counts_of_run(stamp)
        digests = _digests(stamp, today, reminded_before)
        counts["emails"], counts["email_failures"] = _mail(stamp, digests)
    for institution, created in per_institution.items():
        with transaction.atomic():
            audit_record(
                action="recommendation.reminders_sent",
                actor=None,
                institution=institution,
                details={"created": created, "on": today.isoformat()},
            )
    return counts


@task()
def send_reminders_task(today: str | None = None) -> dict[str, int]:
    """The scheduled job, for django-tasks; `today` (ISO date) is for catching up a missed day."""
    return reminders_send(today=date.fromisoformat(today) if today else None)


# ---- a person marks their own reminders read ---------------------------------------------
# A person's own notification, not the institution's data: no audit event.


@transaction.atomic
def reminder_mark_read(*, actor: Membership, reminder: Reminder) -> None:
    if reminder.user_id == actor.user_id and reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])


@transaction.atomic
def reminders_mark_all_read(*, actor: Membership) -> int:
    """Every reminder and digest of the person read; returns how many days were unread."""
    now = timezone.now()
    unread_reminders(actor).update(read_at=now)
    return unread_digests(actor).update(read_at=now)


@transaction.atomic
def digest_mark_read(*, actor: Membership, digest: ReminderDigest) -> None:
    """A day's digest read, with the reminders it holds."""
    if digest.user_id != actor.user_id or digest.read_at is not None:
        return
    digest.read_at = timezone.now()
    digest.save(update_fields=["read_at"])
    unread_reminders(actor).filter(digest=digest).update(read_at=digest.read_at)
