"""The visit priority list: the latest score of every open place, riskiest first, and how
much of the riskiest share the current visit plan covers.

The list reads the latest score of each place with its place in one query per page, so its
cost does not grow with the register.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.dates import months_before
from vigil.core.models import Membership
from vigil.core.overview import OverviewFigure, Step
from vigil.places.models import Place
from vigil.places.selectors.register import area_and_descendants
from vigil.risk.models import RiskScore
from vigil.risk.selectors.scores import (
    TOP_REASONS,
    Reason,
    evidence_coverage,
    latest_scores,
    stored_summary,
    top_reasons,
)
from vigil.visits.models import PlannedVisit, VisitPlan

# The shares of the riskiest places whose coverage by the visit plan the list shows.
COVERAGE_SHARES = (10, 20)


@dataclass
class PriorityFilters:
    q: str = ""
    kind: int | None = None
    authority: int | None = None
    area: int | None = None
    min_score: Decimal | None = None
    never_visited: bool = False
    not_visited_months: int | None = None


def priority_list(
    *, actor: Membership, filters: PriorityFilters | None = None
) -> QuerySet[RiskScore]:
    f = filters or PriorityFilters()
    scores = latest_scores(actor=actor)
    if f.q:
        scores = scores.filter(Q(place__name__icontains=f.q) | Q(place__external_ref__iexact=f.q))
    if f.kind:
        scores = scores.filter(place__kind_id=f.kind)
    if f.authority:
        scores = scores.filter(place__authority_id=f.authority)
    if f.area:
        scores = scores.filter(place__area_id__in=area_and_descendants(actor, f.area))
    if f.min_score is not None:
        scores = scores.filter(score__gte=f.min_score)
    if f.never_visited:
        scores = scores.filter(place__last_visited_on__isnull=True)
    if f.not_visited_months:
        cutoff = months_before(timezone.localdate(), f.not_visited_months)
        scores = scores.filter(
            Q(place__last_visited_on__lt=cutoff) | Q(place__last_visited_on__isnull=True)
        )
    return scores.select_related(
        "place__kind", "place__authority", "place__area", "configuration"
    ).order_by("-score", "place__name", "pk")


@dataclass(frozen=True)
class PriorityRow:
    rank: int
    score: RiskScore
    reasons: list[Reason]
    planned: bool
    kind_rank: tuple[int, int] | None = None  # (rank, places) among places of the same kind

    @property
    def place(self) -> Place:
        return self.score.place

    @property
    def coverage(self) -> tuple[int, int]:
        """(weighted factors with evidence, weighted factors)."""
        return evidence_coverage(self.score.parts)

    @property
    def bar_width(self) -> str:
        # An SVG coordinate made here: a template would localise it ("12,5").
        return f"{min(max(float(self.score.score), 0.0), 100.0):.1f}"


def priority_rows(
    scores: Sequence[RiskScore],
    *,
    first_rank: int,
    planned_ids: set[int],
    kind_ranks: dict[int, tuple[int, int]] | None = None,
) -> list[PriorityRow]:
    ranks = kind_ranks or {}
    return [
        PriorityRow(
            first_rank + i,
            s,
            top_reasons(s.parts),
            s.place_id in planned_ids,
            ranks.get(s.place_id),
        )
        for i, s in enumerate(scores)
    ]


def export_headers() -> list[str]:
    """The export's column names, in the reader's language."""
    reasons = []
    for number in range(1, TOP_REASONS + 1):
        reasons += [_("Reason %(n)s") % {"n": number}, _("Reason %(n)s: points") % {"n": number}]
    return [_("Rank"), _("Place"), _("Reference"), _("Kind"), _("Authority"), _("Area"),
            _("Score"), _("Configuration version"), _("Computed on"), _("Last visit"),
            *reasons]  # fmt: skip


def priority_export_rows(
    *, actor: Membership, filters: PriorityFilters | None = None
) -> Iterator[list[Any]]:
    """The filtered priority list as rows of `export_headers`, streamed in chunks."""
    scores = priority_list(actor=actor, filters=filters)
    for rank, score in enumerate(scores.iterator(chunk_size=1000), start=1):
        place = score.place
        reasons: list[Any] = []
        for reason in top_reasons(score.parts):
            reasons += [reason.name, reason.points]
        reasons += [""] * (2 * TOP_REASONS - len(reasons))
        yield [rank, place.name, place.external_ref, place.kind.label, place.authority.name,
               place.area.name if place.area else "", score.score, score.configuration.version,
               score.computed_on, place.last_visited_on or "", *reasons]  # fmt: skip


# --- the visit plan ------------------------------------------------------------------------


def plan_current(*, actor: Membership, on: date | None = None) -> VisitPlan | None:
    """The visit plan covering the date (today), as the one-click add uses it."""
    on = on or timezone.localdate()
    return (
        VisitPlan.objects.for_actor(actor)
        .filter(starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on", "-pk")
        .first()
    )


def plans_open(*, actor: Membership, on: date | None = None) -> list[VisitPlan]:
    """The visit plans a place can still be added to (not ended), earliest first."""
    on = on or timezone.localdate()
    return list(
        VisitPlan.objects.for_actor(actor).filter(ends_on__gte=on).order_by("starts_on", "pk")
    )


def plan_for_adding(
    *, actor: Membership, on: date | None = None, plans: list[VisitPlan] | None = None
) -> VisitPlan | None:
    """The plan a place goes into unless the user chooses another: the one covering today,
    except in its last month when a later plan exists (in December, next year's plan), and
    the next plan to start when none covers today."""
    on = on or timezone.localdate()
    plans = plans_open(actor=actor, on=on) if plans is None else plans
    covering = [p for p in plans if p.starts_on <= on]
    later = [p for p in plans if p.starts_on > on]
    if covering:
        current = max(covering, key=lambda p: (p.starts_on, p.pk))
        in_last_month = current.ends_on.replace(day=1) <= on.replace(day=1)
        return later[0] if in_last_month and later else current
    return later[0] if later else None


def month_for_adding(plan: VisitPlan, on: date | None = None) -> date:
    """The month a place is planned for unless the user chooses: this month, or the plan's
    first month when it starts later."""
    on = on or timezone.localdate()
    return max(on.replace(day=1), plan.starts_on.replace(day=1))


def plan_months(plan: VisitPlan, on: date | None = None) -> list[date]:
    """The months of the plan a visit can still be planned for (from this month on)."""
    month = month_for_adding(plan, on)
    months = []
    while month <= plan.ends_on:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def planned_place_ids(*, actor: Membership, plan: VisitPlan | None) -> set[int]:
    """Places with a line in the visit plan (a plan holds hundreds at most)."""
    if plan is None:
        return set()
    return set(
        PlannedVisit.objects.for_actor(actor).filter(plan=plan).values_list("place_id", flat=True)
    )


def place_awaits_visit(*, actor: Membership, plan: VisitPlan, place: Place) -> bool:
    """The place has a line of the plan that no visit has taken up yet."""
    return (
        PlannedVisit.objects.for_actor(actor)
        .filter(plan=plan, place=place, visit__isnull=True)
        .exists()
    )


@dataclass(frozen=True)
class CoverageShare:
    percent: int  # of the riskiest places
    places: int
    covered: int

    @property
    def covered_percent(self) -> int:
        return round(self.covered * 100 / self.places) if self.places else 0

    @property
    def bar_width(self) -> str:
        return f"{self.covered * 100 / self.places:.1f}" if self.places else "0"


@dataclass
class Coverage:
    plan: VisitPlan | None
    scored: int
    shares: list[CoverageShare] = field(default_factory=list)


def coverage(*, actor: Membership, plan: VisitPlan | None, planned_ids: set[int]) -> Coverage:
    """How many of the riskiest 10 % and 20 % of places the visit plan plans to visit.

    Read from the riskiest places the last recomputation stored, in priority order.
    """
    summary = stored_summary(actor)
    if summary is not None:
        scored, ranked = summary["scored"], summary["riskiest"]
    else:  # no run has stored its figures yet
        scores = latest_scores(actor=actor)
        scored = scores.count()
        widest = math.ceil(scored * max(COVERAGE_SHARES) / 100)
        ordered = scores.order_by("-score", "place__name", "pk")
        ranked = list(ordered.values_list("place_id", flat=True)[:widest])
    shares = []
    for percent in COVERAGE_SHARES:
        top = ranked[: math.ceil(scored * percent / 100)]
        shares.append(CoverageShare(percent, len(top), sum(1 for p in top if p in planned_ids)))
    return Coverage(plan=plan, scored=scored, shares=shares)


UNVISITED_MONTHS = 12


def risk_overview(actor: Membership, today: date) -> list[OverviewFigure]:
    """The commissioner's overview: of the riskiest tenth of open places, those not visited
    for a year (two queries: the count of scored places, then the riskiest)."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    scores = latest_scores(actor=actor)
    riskiest = math.ceil(scores.count() * COVERAGE_SHARES[0] / 100)
    if not riskiest:
        return []
    cutoff = months_before(today, UNVISITED_MONTHS)
    last_visits = scores.order_by("-score", "pk").values_list("place__last_visited_on", flat=True)
    unvisited = sum(1 for day in last_visits[:riskiest] if day is None or day < cutoff)
    return [
        OverviewFigure(
            "risk-unvisited",
            gettext_lazy("Highest-risk places not visited for a year"),
            unvisited,
            reverse("risk:risk_priorities") + f"?not_visited_months={UNVISITED_MONTHS}",
            detail=gettext_lazy("of the riskiest %(n)d") % {"n": riskiest},
            order=50,
        )
    ]


def risk_steps(actor: Membership) -> list[Step]:
    """Getting started: someone has looked at the weights and saved them."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from vigil.risk.models import RiskConfiguration

    reviewed = RiskConfiguration.objects.for_actor(actor).filter(created_by__isnull=False)
    return [
        Step(
            "risk",
            gettext_lazy("Review the risk configuration"),
            gettext_lazy("Check the weight of each risk factor and save it as your own."),
            reverse("risk:risk_configuration"),
            reviewed.exists(),
            order=50,
        )
    ]
