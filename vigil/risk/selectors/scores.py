"""Reads of stored scores: a place's latest score, its history and explanation, and whether
the institution's scores are up to date.

Every read is scoped by the acting membership.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Membership
from vigil.places.models import Place
from vigil.risk.models import (
    FactorGroup,
    RiskAggregate,
    RiskConfiguration,
    RiskScore,
    RiskState,
)
from vigil.risk.selectors.common import ZERO, decimal_or_zero
from vigil.risk.selectors.configuration import current_configuration, factors_of

TOP_REASONS = 3


@dataclass(frozen=True)
class Reason:
    """A factor that weighs in a place's score."""

    factor: str
    name: str
    points: Decimal


def top_reasons(parts: Iterable[Mapping[str, Any]], count: int = TOP_REASONS) -> list[Reason]:
    """The factors that earn most points, as `Explanation.top` orders them."""
    earning = [
        Reason(str(p.get("factor", "")), str(p.get("name", "")), decimal_or_zero(p.get("points")))
        for p in parts
    ]
    earning = [reason for reason in earning if reason.points > 0]
    return sorted(earning, key=lambda r: (-r.points, r.factor))[:count]


def reasons_text(score: RiskScore | None) -> str:
    """The reason a place is planned, as its line in the visit plan keeps it."""
    if score is None:
        return str(_("Added from the visit priority list."))
    reasons = "; ".join(f"{r.name} ({r.points})" for r in top_reasons(score.parts))
    text = _("Risk score %(score)s (configuration v%(version)s).") % {
        "score": score.score,
        "version": score.configuration.version,
    }
    if reasons:
        text += " " + _("Top reasons: %(reasons)s.") % {"reasons": reasons}
    return text


def latest_scores(*, actor: Membership) -> QuerySet[RiskScore]:
    """Each open place's latest score."""
    return (
        RiskScore.objects.for_actor(actor)
        .filter(is_latest=True)
        .exclude(place__status=Place.Status.CLOSED)
    )


# --- are the scores up to date? ----------------------------------------------------------


@dataclass
class VersionInUse:
    version: int
    places: int
    computed_at: datetime | None


@dataclass
class ScoresStatus:
    """When the scores were computed, by which configuration, and whether they are stale."""

    configuration: RiskConfiguration | None
    in_use: list[VersionInUse]
    dirty_since: datetime | None
    unscored: int
    refreshed_at: datetime | None = None  # the last run, which writes only changed scores

    @property
    def computed_at(self) -> datetime | None:
        moments = [v.computed_at for v in self.in_use if v.computed_at]
        if self.refreshed_at:
            moments.append(self.refreshed_at)
        return max(moments) if moments else None

    @property
    def versions(self) -> list[int]:
        return [v.version for v in self.in_use]

    @property
    def recomputing(self) -> bool:
        return self.dirty_since is not None

    @property
    def behind(self) -> bool:
        """Some scores come from another version than the current one."""
        current = self.configuration.version if self.configuration else None
        return any(v.version != current for v in self.in_use)


def scores_status(*, actor: Membership) -> ScoresStatus:
    state = RiskState.objects.for_actor(actor).first()
    summary = stored_summary(actor)
    open_places = Place.objects.for_actor(actor).exclude(status=Place.Status.CLOSED)
    if summary is not None:
        in_use = [
            VersionInUse(version, places, datetime.fromisoformat(at))
            for version, places, at in summary["in_use"]
        ]
        unscored = max(open_places.count() - summary["scored"], 0)
    else:  # no run has stored its figures yet (a new institution, or just upgraded)
        in_use = [
            VersionInUse(row["configuration__version"], row["places"], row["at"])
            for row in latest_scores(actor=actor)
            .values("configuration__version")
            .annotate(places=Count("pk"), at=Max("computed_at"))
            .order_by("-configuration__version")
        ]
        unscored = open_places.exclude(
            Exists(RiskScore.objects.filter(place_id=OuterRef("pk"), is_latest=True))
        ).count()
    return ScoresStatus(
        configuration=current_configuration(actor.institution_id),
        in_use=in_use,
        dirty_since=state.dirty_since if state else None,
        unscored=unscored,
        refreshed_at=state.computed_at if state else None,
    )


def stored_summary(actor: Membership) -> dict[str, Any] | None:
    """What the last recomputation stored about the scores (`services.aggregates`)."""
    return (
        RiskAggregate.objects.for_actor(actor)
        .filter(name="summary")
        .values_list("data", flat=True)
        .first()
    )


# --- one place -----------------------------------------------------------------------------


def place_latest_score(*, actor: Membership, place: Place) -> RiskScore | None:
    return (
        RiskScore.objects.for_actor(actor)
        .filter(place=place, is_latest=True)
        .select_related("configuration")
        .first()
    )


def place_history(*, actor: Membership, place: Place) -> list[RiskScore]:
    """Every stored score of the place, oldest first, without the explanations."""
    return list(
        RiskScore.objects.for_actor(actor)
        .filter(place=place)
        .select_related("configuration")
        .defer("parts", "inputs_digest")
        .order_by("computed_on", "pk")
    )


@dataclass
class PartView:
    factor: str
    name: str
    description: str
    measure: str
    weight: Decimal
    value: Decimal
    points: Decimal
    evidence: list[dict[str, Any]]

    @property
    def contributing(self) -> bool:
        return self.points > 0

    @property
    def value_percent(self) -> int:
        return round(self.value * 100)


@dataclass
class GroupView:
    key: str
    label: str | Promise
    parts: list[PartView]

    @property
    def points(self) -> Decimal:
        return sum((p.points for p in self.parts), ZERO)

    @property
    def contributing(self) -> int:
        return sum(1 for p in self.parts if p.contributing)


def explanation(*, actor: Membership, score: RiskScore) -> list[GroupView]:
    """The score's parts grouped as the catalogue groups factors, contributing ones first."""
    factors = {f.code: f for f in factors_of(actor)}
    order = {key: index for index, key in enumerate(FactorGroup.values)}
    grouped: dict[str, list[PartView]] = defaultdict(list)
    for part in score.parts:
        code = str(part.get("factor", ""))
        factor = factors.get(code)
        grouped[factor.group if factor else ""].append(
            PartView(
                factor=code,
                name=str(part.get("name") or (factor.name if factor else code)),
                description=factor.description if factor else "",
                measure=factor.get_measure_display() if factor else "",
                weight=decimal_or_zero(part.get("weight")),
                value=decimal_or_zero(part.get("value")),
                points=decimal_or_zero(part.get("points")),
                evidence=list(part.get("evidence") or []),
            )
        )
    labels = dict(FactorGroup.choices)
    groups = []
    for key, parts in grouped.items():
        parts.sort(key=lambda p: (not p.contributing, -p.points, p.name))
        groups.append(GroupView(key, labels.get(key, _("Other factors")), parts))
    groups.sort(key=lambda g: (-g.points, order.get(g.key, len(order))))
    return groups


# --- a score in its context --------------------------------------------------------------


@dataclass(frozen=True)
class ScoreContext:
    """A number is never read alone: its rank among places of the same kind, and how many of
    the weighted factors have any evidence (decision 0027)."""

    rank: int  # 1 = the highest score among the comparable places
    comparable: int  # open places of the same kind with a score
    with_evidence: int  # weighted factors whose value is above 0
    weighted: int  # factors with a weight above 0

    @property
    def coverage_percent(self) -> int:
        return round(self.with_evidence * 100 / self.weighted) if self.weighted else 0


def evidence_coverage(parts: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """(weighted factors with evidence, weighted factors) of a stored explanation."""
    weighted = [p for p in parts if decimal_or_zero(p.get("weight")) > 0]
    return sum(1 for p in weighted if decimal_or_zero(p.get("value")) > 0), len(weighted)


def score_context(*, actor: Membership, score: RiskScore) -> ScoreContext:
    """The score's rank among the open places of the same kind, and its evidence coverage."""
    same_kind = latest_scores(actor=actor).filter(place__kind_id=score.place.kind_id)
    higher = same_kind.filter(score__gt=score.score).count()
    with_evidence, weighted = evidence_coverage(score.parts)
    return ScoreContext(higher + 1, same_kind.count(), with_evidence, weighted)


def ranks_by_kind(*, actor: Membership) -> dict[int, tuple[int, int]]:
    """Each scored open place's (rank, number of places) among the places of its kind: one
    query over the latest scores (numbers only), for a page of the priority list."""
    by_kind: dict[int, list[tuple[Decimal, int]]] = defaultdict(list)
    rows = latest_scores(actor=actor).values_list("place_id", "place__kind_id", "score")
    for place_id, kind_id, value in rows.iterator(chunk_size=5000):
        by_kind[kind_id].append((value, place_id))
    ranks: dict[int, tuple[int, int]] = {}
    for scores in by_kind.values():
        scores.sort(key=lambda item: item[0], reverse=True)
        rank, previous = 0, None
        for index, (value, place_id) in enumerate(scores, start=1):
            if value != previous:  # equal scores share a rank, as in score_context
                rank, previous = index, value
            ranks[place_id] = (rank, len(scores))
    return ranks
