"""Reads of prevention programmes and good practice, scoped by the acting membership."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from vigil.core.access import get_for_actor, scoped
from vigil.core.models import Membership, User
from vigil.programmes.models import (
    Activity,
    GoodPractice,
    Indicator,
    LogframeItem,
    Outcome,
    Programme,
)
from vigil.programmes.progress import Progress, indicator_progress
from vigil.recommendations.models import Recommendation

# --- programmes -----------------------------------------------------------------------


@dataclass
class ProgrammeFilters:
    q: str = ""
    status: str = ""
    theme: int | None = None


def programme_list(
    *, actor: Membership, filters: ProgrammeFilters | None = None
) -> QuerySet[Programme]:
    f = filters or ProgrammeFilters()
    programmes = scoped(Programme.objects.all(), actor=actor)
    for word in f.q.split():
        programmes = programmes.filter(
            Q(title__icontains=word) | Q(summary__icontains=word)
            | Q(protection_gap__icontains=word) | Q(partners__icontains=word)
        )  # fmt: skip
    if f.status:
        programmes = programmes.filter(status=f.status)
    if f.theme:
        programmes = programmes.filter(Exists(Programme.themes.through.objects.filter(
            programme_id=OuterRef("pk"), theme_id=f.theme)))  # fmt: skip
    return (
        programmes.select_related("champion")
        .prefetch_related("themes")
        .order_by("-starts_on", "title", "pk")
    )


def programme_get(*, actor: Membership, pk: Any) -> Programme:
    activities = Activity.objects.select_related("place", "logframe_item").order_by(
        "-starts_on", "pk"
    )
    return get_for_actor(
        Programme.objects.select_related("champion", "created_by").prefetch_related(
            Prefetch("activities", queryset=activities)
        ),
        actor=actor,
        pk=pk,
    )


def champions_for(*, actor: Membership) -> QuerySet[User]:
    """Who may lead a programme: the active members of the institution."""
    members = Membership.objects.filter(
        user_id=OuterRef("pk"), institution_id=actor.institution_id, is_active=True
    )
    return User.objects.filter(Exists(members)).order_by("full_name", "email")


# --- logframe ---------------------------------------------------------------------------


@dataclass
class LogframeLine:
    item: LogframeItem
    code: str  # "1", "1.2", "1.2.1": the place of the line in the tree
    depth: int
    indicators: list[tuple[Indicator, Progress]] = field(default_factory=list)


def logframe_lines(programme: Programme) -> list[LogframeLine]:
    """The logframe as a tree walked depth first: each objective, then what serves it."""
    items = list(
        LogframeItem.objects.filter(programme=programme)
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values"))
        )
        .order_by("order", "pk")
    )
    known = {item.pk for item in items}
    children: dict[int | None, list[LogframeItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id if item.parent_id in known else None].append(item)
    lines: list[LogframeLine] = []

    def walk(parent: int | None, prefix: str, depth: int) -> None:
        for number, item in enumerate(children.get(parent, []), start=1):
            code = f"{prefix}{number}"
            indicators = [(i, indicator_progress(i)) for i in item.indicators.all()]
            lines.append(LogframeLine(item, code, depth, indicators))
            walk(item.pk, f"{code}.", depth + 1)

    walk(None, "", 0)
    return lines


def logframe_item_get(*, actor: Membership, pk: Any) -> LogframeItem:
    return get_for_actor(
        LogframeItem.objects.select_related("programme", "parent"), actor=actor, pk=pk
    )


def logframe_items_of(programme: Programme) -> QuerySet[LogframeItem]:
    return LogframeItem.objects.filter(
        programme=programme, institution_id=programme.institution_id
    ).order_by("level", "order", "pk")


def indicator_get(*, actor: Membership, pk: Any) -> Indicator:
    return get_for_actor(
        Indicator.objects.select_related("item__programme").prefetch_related("values"),
        actor=actor,
        pk=pk,
    )


# --- activities and outcomes ------------------------------------------------------------


def activity_get(*, actor: Membership, pk: Any) -> Activity:
    return get_for_actor(
        Activity.objects.select_related("programme", "place", "logframe_item"), actor=actor, pk=pk
    )


def outcome_get(*, actor: Membership, pk: Any) -> Outcome:
    return get_for_actor(
        Outcome.objects.select_related("programme").prefetch_related("recommendations"),
        actor=actor,
        pk=pk,
    )


def outcomes_of(programme: Programme) -> QuerySet[Outcome]:
    return (
        Outcome.objects.filter(programme=programme, institution_id=programme.institution_id)
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.all()))
        .order_by("-achieved_on", "pk")
    )


def outcomes_for_recommendation(
    *, actor: Membership, recommendation: Recommendation
) -> QuerySet[Outcome]:
    """The outcomes that claim to implement a recommendation (for its page)."""
    return (
        scoped(Outcome.objects.all(), actor=actor)
        .filter(recommendations=recommendation)
        .select_related("programme")
        .order_by("-achieved_on", "pk")
    )


def recommendations_for(*, actor: Membership) -> QuerySet[Recommendation]:
    return scoped(Recommendation.objects.all(), actor=actor).order_by("-issued_on", "-pk")


def programme_detail_data(programme: Programme) -> dict[str, Any]:
    """Everything the programme page shows, in a number of queries that does not grow."""
    lines = logframe_lines(programme)
    return {
        "lines": lines,
        "indicator_count": sum(len(line.indicators) for line in lines),
        "activities": list(programme.activities.all()),
        "outcomes": list(outcomes_of(programme)),
        "good_practices": list(
            GoodPractice.objects.filter(
                programme=programme, institution_id=programme.institution_id
            ).prefetch_related("themes")
        ),
        "themes": list(programme.themes.all()),
        "place_kinds": list(programme.place_kinds.all()),
        "places": list(programme.places.all()),
        "risk_factors": list(programme.risk_factors.all()),
        "partner_authorities": list(programme.partner_authorities.all()),
    }


# --- good practice ----------------------------------------------------------------------


@dataclass
class GoodPracticeFilters:
    q: str = ""
    practice_theme: str = ""
    theme: int | None = None
    ready_to_share: bool = False
    programme: int | None = None


def good_practice_list(
    *, actor: Membership, filters: GoodPracticeFilters | None = None
) -> QuerySet[GoodPractice]:
    f = filters or GoodPracticeFilters()
    entries = scoped(GoodPractice.objects.all(), actor=actor)
    for word in f.q.split():  # every word, each in any of the texts
        entries = entries.filter(
            Q(title__icontains=word) | Q(what_worked__icontains=word)
            | Q(lessons__icontains=word) | Q(context__icontains=word)
            | Q(protection_gap__icontains=word)
        )  # fmt: skip
    if f.practice_theme:
        # A JSON list of codes; the quoted code matches one element on SQLite and PostgreSQL.
        entries = entries.filter(practice_themes__icontains=f'"{f.practice_theme}"')
    if f.theme:
        entries = entries.filter(Exists(GoodPractice.themes.through.objects.filter(
            goodpractice_id=OuterRef("pk"), theme_id=f.theme)))  # fmt: skip
    if f.ready_to_share:
        entries = entries.filter(ready_to_share=True)
    if f.programme:
        entries = entries.filter(programme_id=f.programme)
    return (
        entries.select_related("programme")
        .prefetch_related("themes")
        .order_by("-created_at", "-pk")
    )


def good_practice_get(*, actor: Membership, pk: Any) -> GoodPractice:
    return get_for_actor(
        GoodPractice.objects.select_related("programme", "created_by").prefetch_related("themes"),
        actor=actor,
        pk=pk,
    )
