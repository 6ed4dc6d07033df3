"""Reads of risk: the visit priority list, a place's explanation, the configuration pages.

Every read is scoped by the acting membership. The priority list reads the latest score of
each place with its place in one query per page, so its cost does not grow with the register.
"""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vigil.core.access import get_for_actor, scoped
from vigil.core.models import AuditEvent, Membership
from vigil.places.models import Place
from vigil.places.selectors.register import area_and_descendants
from vigil.risk.configuration import (
    DEFAULT_SATURATION,
    current_configuration,
    factors_for,
    thresholds_of,
)
from vigil.risk.models import (
    ChecklistMapping,
    FactorGroup,
    RiskConfiguration,
    RiskFactor,
    RiskScore,
    RiskState,
)
from vigil.visits.models import ChecklistTemplate, PlannedVisit, VisitPlan

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

ZERO = Decimal(0)
# The shares of the riskiest places whose coverage by the visit plan the list shows.
COVERAGE_SHARES = (10, 20)
TOP_REASONS = 3

# The thresholds of a configuration, as people read them (form labels and change history).
THRESHOLD_LABELS: dict[str, _StrPromise] = {
    "window_months": _("Evidence window (months)"),
    "recent_months": _("Recent allegations (months)"),
    "visit_due_months": _("A visit is due after (months)"),
    "visit_overdue_months": _("A visit is long overdue after (months)"),
    "occupancy_full_ratio": _("Occupancy that counts in full (ratio to capacity)"),
    "share_full": _("Share of a group that counts in full"),
}


def _decimal(value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ZERO
    return number if number.is_finite() else ZERO


def months_before(on: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    return date(year, month + 1, min(on.day, calendar.monthrange(year, month + 1)[1]))


# --- the priority list ---------------------------------------------------------------------


@dataclass
class PriorityFilters:
    q: str = ""
    kind: int | None = None
    authority: int | None = None
    area: int | None = None
    min_score: Decimal | None = None
    never_visited: bool = False
    not_visited_months: int | None = None


@dataclass(frozen=True)
class Reason:
    """A factor that weighs in a place's score."""

    factor: str
    name: str
    points: Decimal


def top_reasons(parts: Iterable[Mapping[str, Any]], count: int = TOP_REASONS) -> list[Reason]:
    """The factors that earn most points, as `Explanation.top` orders them."""
    earning = [
        Reason(str(p.get("factor", "")), str(p.get("name", "")), _decimal(p.get("points")))
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
    return scoped(RiskScore.objects.filter(is_latest=True), actor=actor).exclude(
        place__status=Place.Status.CLOSED
    )


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

    @property
    def place(self) -> Place:
        return self.score.place

    @property
    def bar_width(self) -> str:
        # An SVG coordinate made here: a template would localise it ("12,5").
        return f"{min(max(float(self.score.score), 0.0), 100.0):.1f}"


def priority_rows(
    scores: Sequence[RiskScore], *, first_rank: int, planned_ids: set[int]
) -> list[PriorityRow]:
    return [
        PriorityRow(first_rank + i, s, top_reasons(s.parts), s.place_id in planned_ids)
        for i, s in enumerate(scores)
    ]


def plan_current(*, actor: Membership, on: date | None = None) -> VisitPlan | None:
    """The visit plan covering the date (today), as the one-click add uses it."""
    on = on or timezone.localdate()
    return (
        scoped(VisitPlan.objects.all(), actor=actor)
        .filter(starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on", "-pk")
        .first()
    )


def planned_place_ids(*, actor: Membership, plan: VisitPlan | None) -> set[int]:
    """Places with a line in the visit plan (a plan holds hundreds at most)."""
    if plan is None:
        return set()
    return set(
        scoped(PlannedVisit.objects.filter(plan=plan), actor=actor).values_list(
            "place_id", flat=True
        )
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
    """How many of the riskiest 10 % and 20 % of places the visit plan plans to visit."""
    scores = latest_scores(actor=actor)
    scored = scores.count()
    widest = math.ceil(scored * max(COVERAGE_SHARES) / 100)
    ranked = list(
        scores.order_by("-score", "place__name", "pk").values_list("place_id", flat=True)[:widest]
    )
    shares = []
    for percent in COVERAGE_SHARES:
        top = ranked[: math.ceil(scored * percent / 100)]
        shares.append(CoverageShare(percent, len(top), sum(1 for p in top if p in planned_ids)))
    return Coverage(plan=plan, scored=scored, shares=shares)


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
    scores = latest_scores(actor=actor)
    in_use = [
        VersionInUse(row["configuration__version"], row["places"], row["at"])
        for row in scores.values("configuration__version")
        .annotate(places=Count("pk"), at=Max("computed_at"))
        .order_by("-configuration__version")
    ]
    state = RiskState.objects.filter(institution_id=actor.institution_id).first()
    open_places = scoped(Place.objects.exclude(status=Place.Status.CLOSED), actor=actor)
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


# --- one place -----------------------------------------------------------------------------


def place_latest_score(*, actor: Membership, place: Place) -> RiskScore | None:
    return (
        scoped(RiskScore.objects.filter(place=place, is_latest=True), actor=actor)
        .select_related("configuration")
        .first()
    )


def place_history(*, actor: Membership, place: Place) -> list[RiskScore]:
    """Every stored score of the place, oldest first, without the explanations."""
    return list(
        scoped(RiskScore.objects.filter(place=place), actor=actor)
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
    factors = {f.code: f for f in factors_for(actor.institution_id)}
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
                weight=_decimal(part.get("weight")),
                value=_decimal(part.get("value")),
                points=_decimal(part.get("points")),
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


# --- configuration -------------------------------------------------------------------------


def factor_list(*, actor: Membership) -> list[RiskFactor]:
    return list(factors_for(actor.institution_id))


@dataclass
class FactorRow:
    factor: RiskFactor
    weight: Decimal
    saturation: Decimal
    mappings: int


def factors_by_group(*, actor: Membership) -> list[tuple[str, str | Promise, list[FactorRow]]]:
    """The catalogue by group, with each factor's weight in the current configuration."""
    configuration = current_configuration(actor.institution_id)
    weights = configuration.weights if configuration else {}
    saturation = (thresholds_of(configuration).get("saturation") or {}) if configuration else {}
    mapped = dict(
        scoped(ChecklistMapping.objects.all(), actor=actor)
        .values("factor_id")
        .annotate(n=Count("pk"))
        .values_list("factor_id", "n")
    )
    rows: dict[str, list[FactorRow]] = defaultdict(list)
    for factor in factors_for(actor.institution_id):
        default = factor.default_weight if configuration is None else ZERO
        rows[factor.group].append(
            FactorRow(
                factor=factor,
                weight=_decimal(weights.get(factor.code, default)),
                saturation=_decimal(saturation.get(factor.code, DEFAULT_SATURATION)),
                mappings=mapped.get(factor.pk, 0),
            )
        )
    return [(key, label, rows[key]) for key, label in FactorGroup.choices if rows.get(key)]


def configuration_versions(*, actor: Membership) -> QuerySet[RiskConfiguration]:
    return scoped(RiskConfiguration.objects.all(), actor=actor).select_related("created_by")


@dataclass(frozen=True)
class Change:
    label: str | Promise
    old: Any
    new: Any


def _changes_of(details: Mapping[str, Any], names: Mapping[str, str]) -> list[Change]:
    changes = []
    for key, values in (details.get("changed") or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, None)
        if key == "saturation":
            old, new = old or {}, new or {}
            for code in sorted(set(old) | set(new)):
                if old.get(code) != new.get(code):
                    label = _("Evidence for the full value: %(factor)s") % {
                        "factor": names.get(code, code)
                    }
                    changes.append(Change(label, old.get(code), new.get(code)))
        elif _same_number(old, new):
            continue  # written differently ("2.00" and "2"), the same value
        elif key in THRESHOLD_LABELS:
            changes.append(Change(THRESHOLD_LABELS[key], old, new))
        else:
            label = _("Weight: %(factor)s") % {"factor": names.get(key, key)}
            changes.append(Change(label, old, new))
    return changes


def _same_number(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return False
    try:
        return Decimal(str(old)) == Decimal(str(new))
    except ArithmeticError:
        return False


def configuration_changes(
    *, actor: Membership, configurations: Iterable[RiskConfiguration]
) -> dict[int, list[Change]]:
    """What each version changed, as its audit event recorded it."""
    ids = {str(c.pk): c.pk for c in configurations}
    if not ids:
        return {}
    names = {f.code: f.name for f in factors_for(actor.institution_id)}
    events = AuditEvent.objects.filter(
        institution_id=actor.institution_id,
        action="risk.configuration_changed",
        target_type="risk.riskconfiguration",
        target_id__in=list(ids),
    ).values_list("target_id", "details")
    return {ids[target]: _changes_of(details or {}, names) for target, details in events}


# --- checklist mappings --------------------------------------------------------------------


def mapping_list(*, actor: Membership) -> QuerySet[ChecklistMapping]:
    return (
        scoped(ChecklistMapping.objects.all(), actor=actor)
        .select_related("factor", "template", "created_by")
        .order_by("factor__order", "factor__name", "template__title", "question", "pk")
    )


def mapping_get(*, actor: Membership, pk: Any) -> ChecklistMapping:
    return get_for_actor(
        ChecklistMapping.objects.select_related("factor", "template"), actor=actor, pk=pk
    )


def checklist_templates_for(*, actor: Membership) -> QuerySet[ChecklistTemplate]:
    """The shipped checklists and the institution's own."""
    return ChecklistTemplate.objects.filter(
        Q(institution__isnull=True) | Q(institution_id=actor.institution_id)
    ).order_by("title", "pk")


def checklist_template_get(*, actor: Membership, pk: Any) -> ChecklistTemplate:
    try:
        return checklist_templates_for(actor=actor).get(pk=pk)
    except (ChecklistTemplate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Question:
    path: str
    label: str
    choices: tuple[str, ...] = ()


def template_questions(template: ChecklistTemplate) -> list[Question]:
    """The questions of the checklist's latest version, in form order."""
    from vigil.visits.xlsform.model import FormDefinition

    version = template.versions.order_by("-imported_at", "-pk").first()
    if version is None:
        return []
    try:
        definition = FormDefinition.from_dict(version.definition)
    except (KeyError, ValueError, TypeError):
        return []
    language = definition.default_language
    questions = []
    for element in definition.questions():
        label = element.labels.get(language) or next(iter(element.labels.values()), "")
        choices = definition.choice_names(element.list_name) if element.list_name else []
        questions.append(Question(element.path, str(label), tuple(choices)))
    return questions


def factor_for_mapping(*, actor: Membership, pk: Any) -> RiskFactor:
    try:
        return factors_for(actor.institution_id).get(pk=pk)
    except (RiskFactor.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
