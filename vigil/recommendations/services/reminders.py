"""Reminders about recommendations: due dates approaching, overdue items, responses awaited.

`reminders_send()` runs on a schedule (`vigil send_reminders` from cron, or the django-tasks
task `send_reminders_task`). For each event it creates one in-app `Reminder` per recipient and
sends each recipient one e-mail listing their new reminders. An event is named by the
reminder's `key` (kind, recommendation, and the date the event is about), unique per user, so
a reminder is never created, nor mailed, twice; a new due date is a new event.

Recipients: the recommendation's author while still an active member of its institution,
and the institution's active commissioners and administrators
(`vigil.recommendations.selectors.reminders`).
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from vigil.core.audit import audit_record
from vigil.core.dates import day
from vigil.core.models import Institution, Membership
from vigil.recommendations.models import Recommendation, Reminder
from vigil.recommendations.selectors.reminders import (
    Recipients,
    counts_of_run,
    due_soon,
    existing_keys,
    in_chunks,
    made_by_run,
    overdue,
    response_awaited,
    unread_reminders,
)

logger = logging.getLogger(__name__)

MAX_LINES_PER_MAIL = 50
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


def _mail(stamp: datetime) -> tuple[int, int]:
    """One e-mail per person and institution for the reminders this run created."""
    sent = failed = 0
    for reminders in made_by_run(stamp).values():
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


def reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Create and mail the reminders due today, for every institution; returns the counts."""
    today = today or timezone.localdate()
    stamp = timezone.now()  # marks the reminders this run creates
    recipients = Recipients()
    counts: dict[str, int] = {}
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
        counts["emails"], counts["email_failures"] = _mail(stamp)
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
    return unread_reminders(actor).update(read_at=timezone.now())
