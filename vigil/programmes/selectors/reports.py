"""What the programme report and the Good Practice Report read, for the reader they are
written for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.programmes.models import (
    Activity,
    GoodPractice,
    Outcome,
    Programme,
    RosterEntry,
    TrainingSession,
)


def programme_for_report(*, actor: Membership, pk: Any) -> Programme:
    """The programme with everything its report shows, oldest first."""
    activities = Activity.objects.select_related("place", "logframe_item").order_by(
        "starts_on", "pk"
    )
    outcomes = Outcome.objects.prefetch_related("recommendations").order_by("achieved_on", "pk")
    practices = GoodPractice.objects.prefetch_related("themes").order_by("created_at", "pk")
    programmes = Programme.objects.select_related("institution", "champion").prefetch_related(
        "themes",
        "place_kinds",
        "places",
        "partner_authorities",
        Prefetch("activities", queryset=activities),
        Prefetch("outcomes", queryset=outcomes),
        Prefetch("good_practices", queryset=practices),
    )
    return get_for_actor(programmes, actor=actor, pk=pk)


def programmes_chosen(*, actor: Membership, pks: Iterable[int]) -> list[Programme]:
    """Those of the chosen programmes that are still the actor's institution's."""
    return list(Programme.objects.for_actor(actor).filter(pk__in=list(pks)))


def sessions_for_report(programme: Programme) -> list[TrainingSession]:
    """The programme's training sessions, oldest first, with their topics and groups."""
    return list(
        TrainingSession.objects.filter(activity__programme=programme)
        .select_related("activity")
        .prefetch_related("topics", "groups")
        .order_by("activity__starts_on", "pk")
    )


def roster_words(*, actor: Membership) -> list[str]:
    """Every name and badge number on the institution's training rosters (to withhold)."""
    words: list[str] = []
    for person in RosterEntry.objects.for_actor(actor).values_list("person", flat=True):
        if isinstance(person, dict):
            words += [str(v) for v in person.values() if v]
    return words


def practices_to_share(
    *, actor: Membership, programmes: Iterable[Programme]
) -> QuerySet[GoodPractice]:
    """The entries of `programmes` marked ready to share, oldest first."""
    return (
        GoodPractice.objects.for_actor(actor)
        .filter(programme__in=list(programmes), ready_to_share=True)
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
