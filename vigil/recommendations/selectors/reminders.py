"""Reads for reminders: the events due today across institutions, who is told of them, and a
person's own reminders (nobody sees another's)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core.access import get_for_actor
from vigil.core.attention import AttentionItem
from vigil.core.dates import day
from vigil.core.models import Institution, Membership
from vigil.core.roles import Role
from vigil.recommendations.models import Recommendation, Reminder, ReminderDigest, Source
from vigil.recommendations.selectors.recommendations import open_q

DUE_SOON_DAYS = 14
RESPONSE_AWAITED_DAYS = 60
LEADER_ROLES = (Role.ADMIN, Role.COMMISSIONER)
CHUNK = 500
ATTENTION_LIMIT = 5

# ---- the events of a day, in every institution -------------------------------------------


def _open() -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(open_q())


def due_soon(today: date) -> QuerySet[Recommendation]:
    return _open().filter(due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))


def overdue(today: date) -> QuerySet[Recommendation]:
    return _open().filter(due_on__lt=today)


def response_awaited(today: date) -> QuerySet[Recommendation]:
    """No response recorded 60 days after issue. UN mechanisms' recommendations are
    addressed to the State by the UN, not by the institution, so no answer is awaited here."""
    return (
        _open()
        .filter(response="", issued_on__lte=today - timedelta(days=RESPONSE_AWAITED_DAYS))
        .exclude(source=Source.UN_MECHANISM)
    )


def in_chunks(queryset: QuerySet[Recommendation]) -> Iterator[list[Recommendation]]:
    """Keyset pages: no cursor stays open while reminders are written between them."""
    last = 0
    while chunk := list(
        queryset.filter(pk__gt=last).select_related("authority").order_by("pk")[:CHUNK]
    ):
        yield chunk
        last = chunk[-1].pk


class Recipients:
    """Who is told about a recommendation: its author while still an active member of its
    institution, and the institution's active leaders. Members are read once per institution."""

    def __init__(self) -> None:
        self._leaders: dict[int, set[int]] = {}
        self._members: dict[int, set[int]] = {}

    def load(self, institution_ids: Iterable[int]) -> None:
        missing = set(institution_ids) - set(self._members)
        if not missing:
            return
        active = Membership.objects.filter(is_active=True, user__is_active=True)
        institutions = Institution.objects.filter(pk__in=missing).prefetch_related(
            Prefetch("memberships", queryset=active, to_attr="active_memberships")
        )
        for institution_id in missing:
            self._leaders[institution_id], self._members[institution_id] = set(), set()
        for institution in institutions:
            for membership in institution.active_memberships:
                self._members[institution.pk].add(membership.user_id)
                if membership.role in LEADER_ROLES:
                    self._leaders[institution.pk].add(membership.user_id)

    def of(self, rec: Recommendation) -> set[int]:
        users = set(self._leaders[rec.institution_id])
        if rec.created_by_id in self._members[rec.institution_id]:
            users.add(rec.created_by_id)
        return users


def existing_keys(kind: str, recs: list[Recommendation]) -> set[tuple[int, str]]:
    """(user, key) of the reminders of this kind already made about these recommendations."""
    made = Reminder.objects.filter(recommendation_id__in=[rec.pk for rec in recs], kind=kind)
    return set(made.values_list("user_id", "key"))


def institutions_reminded() -> set[int]:
    """The institutions that have had reminders: for the others, the next run is the first."""
    made = Reminder.objects.order_by().values_list("institution_id", flat=True).distinct()
    return set(made)


def run_counts(stamp: datetime) -> dict[tuple[int, int], dict[str, int]]:
    """How many reminders of each kind a run made, per person and institution."""
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    made = Reminder.objects.filter(created_at=stamp).values_list(
        "user_id", "institution_id", "kind"
    )
    for user_id, institution_id, kind, n in made.annotate(n=Count("pk")).order_by():
        counts[(user_id, institution_id)][kind] = n
    return dict(counts)


def run_reminders(stamp: datetime, user_id: int, institution_id: int) -> QuerySet[Reminder]:
    """The reminders a run made for one person in one institution."""
    return Reminder.objects.for_institution(institution_id).filter(
        created_at=stamp, user_id=user_id
    )


def run_lines(
    stamp: datetime, user_id: int, institution_id: int, kind: str, limit: int
) -> list[str]:
    """The first messages of one kind that a run made for one person."""
    made = run_reminders(stamp, user_id, institution_id).filter(kind=kind)
    return list(made.order_by("recommendation_id").values_list("message", flat=True)[:limit])


def counts_of_run(stamp: datetime) -> dict[Institution, dict[str, int]]:
    """How many reminders of each kind a run made, per institution."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    made = Reminder.objects.filter(created_at=stamp).values_list("institution_id", "kind")
    for institution_id, kind, created in made.annotate(n=Count("pk")).order_by():
        counts[institution_id][kind] = created
    institutions = Institution.objects.in_bulk(list(counts))
    return {institutions[pk]: created for pk, created in counts.items()}


# ---- a person's reminders ----------------------------------------------------------------


def reminders_of(actor: Membership) -> QuerySet[Reminder]:
    """The acting person's own reminders in the active institution (nobody sees another's)."""
    return (
        Reminder.objects.for_actor(actor)
        .filter(user_id=actor.user_id)
        .select_related("recommendation")
        .order_by("-created_at", "-pk")
    )


def unread_reminders(actor: Membership) -> QuerySet[Reminder]:
    return reminders_of(actor).filter(read_at__isnull=True)


def reminder_get(*, actor: Membership, pk: Any) -> Reminder:
    return get_for_actor(Reminder.objects.filter(user_id=actor.user_id), actor=actor, pk=pk)


def digests_of(actor: Membership) -> QuerySet[ReminderDigest]:
    """The acting person's own daily digests in the active institution, newest first."""
    return (
        ReminderDigest.objects.for_actor(actor).filter(user_id=actor.user_id).order_by("-on", "-pk")
    )


def unread_digests(actor: Membership) -> QuerySet[ReminderDigest]:
    return digests_of(actor).filter(read_at__isnull=True)


def digest_get(*, actor: Membership, pk: Any) -> ReminderDigest:
    return get_for_actor(ReminderDigest.objects.filter(user_id=actor.user_id), actor=actor, pk=pk)


def digest_reminders(*, actor: Membership, digest: ReminderDigest) -> QuerySet[Reminder]:
    """A digest's reminders, grouped by kind, in the order of the recommendations."""
    return reminders_of(actor).filter(digest=digest).order_by("kind", "recommendation_id", "pk")


def digest_summary(digest: ReminderDigest) -> str:
    """The digest in one line: "3 overdue, 1 due soon, 2 awaiting a response"."""
    wording = {
        Reminder.Kind.OVERDUE: lambda n: ngettext("%(n)s overdue", "%(n)s overdue", n),
        Reminder.Kind.DUE_SOON: lambda n: ngettext("%(n)s due soon", "%(n)s due soon", n),
        Reminder.Kind.RESPONSE_AWAITED: lambda n: ngettext(
            "%(n)s awaiting a response", "%(n)s awaiting a response", n
        ),
    }
    parts = []
    for kind, words in wording.items():
        count = int(digest.counts.get(kind.value, 0))
        if count:
            parts.append(words(count) % {"n": formats.number_format(count, force_grouping=True)})
    return ", ".join(parts)


def reminders_attention(actor: Membership) -> list[AttentionItem]:
    """The person's unread daily digests, for the home page: one line per day, counted."""
    unread = list(unread_digests(actor)[: ATTENTION_LIMIT + 1])
    items = [
        AttentionItem(
            kind="reminder-digest",
            title=_("Reminders about recommendations: %(summary)s")
            % {"summary": digest_summary(digest)},
            detail=_("Reminders of %(day)s") % {"day": day(digest.on)},
            url=reverse("recommendations:reminder_digest", args=[digest.pk]),
            since=digest.created_at,
        )
        for digest in unread[:ATTENTION_LIMIT]
    ]
    if len(unread) > ATTENTION_LIMIT:
        more = unread_digests(actor).count() - ATTENTION_LIMIT
        items.append(
            AttentionItem(
                kind="reminder-more",
                title=ngettext(
                    "%(n)d more day of unread reminders",
                    "%(n)d more days of unread reminders",
                    more,
                )
                % {"n": more},
                detail=_("See all your reminders"),
                url=reverse("recommendations:reminder_list"),
            )
        )
    return items
