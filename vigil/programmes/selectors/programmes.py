"""Reads of prevention programmes, their logframe, indicators, activities and outcomes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
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
    programmes = Programme.objects.for_actor(actor)
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
    programmes = Programme.objects.select_related("champion", "created_by").prefetch_related(
        Prefetch("activities", queryset=activities)
    )
    return get_for_actor(programmes, actor=actor, pk=pk)


def export_headers() -> list[str]:
    """The export's column names, in the reader's language; the status code stands beside
    its label."""
    return [_("ID"), _("Title"), _("Status"), _("Status (code)"), _("Starts on"), _("Ends on"),
            _("Champion"), _("Themes"), _("Protection gap addressed"), _("Mentors"),
            _("Partners"), _("Budget"), _("Currency"), _("Funding")]  # fmt: skip


def programme_export_rows(*, actor: Membership, filters: ProgrammeFilters) -> Iterator[list[Any]]:
    """The rows of the programme list's table download (`export_headers`), streamed."""
    for p in programme_list(actor=actor, filters=filters).iterator(chunk_size=500):
        yield [p.pk, p.title, p.get_status_display(), p.status, p.starts_on, p.ends_on,
               str(p.champion),
               "; ".join(t.name for t in p.themes.all()), p.protection_gap, p.mentors,
               p.partners, p.budget, p.currency, p.funding]  # fmt: skip


def programme_choices(actor: Membership) -> QuerySet[Programme]:
    """The programmes a form offers (a choice field's `scope`), newest first."""
    return Programme.objects.for_actor(actor).order_by("-starts_on", "title", "pk")


def has_programmes(*, actor: Membership) -> bool:
    return Programme.objects.for_actor(actor).exists()


# --- logframe ---------------------------------------------------------------------------


@dataclass
class LogframeLine:
    item: LogframeItem
    code: str  # "1", "1.2", "1.2.1": the place of the line in the tree
    depth: int
    indicators: list[tuple[Indicator, Progress]] = field(default_factory=list)
    first: bool = True  # among the lines of the same parent: nothing to move up past
    last: bool = True


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
        siblings = children.get(parent, [])
        for number, item in enumerate(siblings, start=1):
            code = f"{prefix}{number}"
            indicators = [(i, indicator_progress(i)) for i in item.indicators.all()]
            first, last = number == 1, number == len(siblings)
            lines.append(LogframeLine(item, code, depth, indicators, first, last))
            walk(item.pk, f"{code}.", depth + 1)

    walk(None, "", 0)
    return lines


def logframe_branch(item: LogframeItem) -> list[LogframeItem]:
    """The line and every line below it, depth first."""
    lines = list(LogframeItem.objects.filter(programme_id=item.programme_id))
    below: dict[int | None, list[LogframeItem]] = {}
    for line in lines:
        below.setdefault(line.parent_id, []).append(line)
    branch, todo = [], [item]
    while todo:
        line = todo.pop()
        branch.append(line)
        todo.extend(below.get(line.pk, []))
    return branch


def logframe_delete_summary(item: LogframeItem) -> dict[str, Any]:
    """What goes with a line when it is deleted: the lines below it and their indicators;
    the activities that served them stay, unlinked."""
    ids = [line.pk for line in logframe_branch(item)]
    return {
        "lines_below": [line for line in logframe_lines(item.programme) if line.item.pk in ids][1:],
        "indicators": list(Indicator.objects.filter(item_id__in=ids).order_by("name")),
        "activities": list(
            Activity.objects.filter(logframe_item_id__in=ids).order_by("-starts_on", "pk")
        ),
    }


def logframe_item_get(*, actor: Membership, pk: Any) -> LogframeItem:
    return get_for_actor(
        LogframeItem.objects.select_related("programme", "parent"), actor=actor, pk=pk
    )


def logframe_items_of(*, actor: Membership, programme: Programme) -> QuerySet[LogframeItem]:
    """The lines an activity may serve."""
    return (
        LogframeItem.objects.for_actor(actor)
        .filter(programme=programme)
        .order_by("level", "order", "pk")
    )


def logframe_parents_of(*, actor: Membership, programme: Programme) -> QuerySet[LogframeItem]:
    """The lines a new line may belong to: every level but the last."""
    return logframe_items_of(actor=actor, programme=programme).exclude(
        level=LogframeItem.Level.ACTIVITY
    )


def indicator_get(*, actor: Membership, pk: Any) -> Indicator:
    indicators = Indicator.objects.select_related("item__programme").prefetch_related("values")
    return get_for_actor(indicators, actor=actor, pk=pk)


# --- activities and outcomes ------------------------------------------------------------


def activity_get(*, actor: Membership, pk: Any) -> Activity:
    activities = Activity.objects.select_related("programme", "place", "logframe_item")
    return get_for_actor(activities, actor=actor, pk=pk)


def outcome_get(*, actor: Membership, pk: Any) -> Outcome:
    outcomes = Outcome.objects.select_related("programme").prefetch_related("recommendations")
    return get_for_actor(outcomes, actor=actor, pk=pk)


def outcomes_for_recommendation(
    *, actor: Membership, recommendation: Recommendation
) -> QuerySet[Outcome]:
    """The outcomes that claim to implement a recommendation (for its page)."""
    return (
        Outcome.objects.for_actor(actor)
        .filter(recommendations=recommendation)
        .select_related("programme")
        .order_by("-achieved_on", "pk")
    )


def programme_detail_data(*, actor: Membership, programme: Programme) -> dict[str, Any]:
    """Everything the programme page shows, in a number of queries that does not grow."""
    lines = logframe_lines(programme)
    outcomes = (
        Outcome.objects.for_actor(actor)
        .filter(programme=programme)
        .prefetch_related("recommendations")
        .order_by("-achieved_on", "pk")
    )
    practices = (
        GoodPractice.objects.for_actor(actor).filter(programme=programme).prefetch_related("themes")
    )
    return {
        "lines": lines,
        "indicator_count": sum(len(line.indicators) for line in lines),
        "activities": list(programme.activities.all()),
        "outcomes": list(outcomes),
        "good_practices": list(practices),
        "themes": list(programme.themes.all()),
        "place_kinds": list(programme.place_kinds.all()),
        "places": list(programme.places.all()),
        "risk_factors": list(programme.risk_factors.all()),
        "partner_authorities": list(programme.partner_authorities.all()),
    }
