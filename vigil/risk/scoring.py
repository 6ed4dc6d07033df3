"""The score: a pure, deterministic function of a place's evidence and one configuration.

Each factor gets a value between 0 and 1 from the evidence (more evidence of a risk never
lowers it). The weighted evidence `E = Σ weight × value` makes the score
`100 × (1 − 2^(−E / H))`, where H (`half_score_evidence`, 3 by default) is the weighted
evidence at which a place scores 50: one factor of weight 3 at its maximum (allegations,
ill-treatment found) scores 50, two of them 75 (decision 0027). A factor without evidence
costs the others nothing. The score is shared among the factors in proportion to their
`weight × value`, rounded to hundredths so that the parts add up to it exactly (largest
remainders first): the score stays below 100, and a factor of weight 0 earns nothing.
Nothing here reads the database or the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, localcontext

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
_CENT = Decimal("0.01")
_VALUE = Decimal("0.0001")
DAYS_PER_MONTH = Decimal("30.4375")

# What a finding of each severity counts towards an "observed" factor.
SEVERITY_WEIGHT = {
    "observation": Decimal("0.25"),
    "concern": Decimal("0.5"),
    "serious": Decimal("0.75"),
    "urgent": ONE,
}
# Shares of a population count a factor may read.
POPULATION_FIELDS = ("women", "juveniles", "foreign_nationals", "pre_trial", "disabilities")


@dataclass(slots=True)
class Link:
    """Evidence behind a factor: `target` is "url_name:pk" (plus "#anchor"), never personal."""

    target: str
    label: str
    on: date | None = None


@dataclass(slots=True)
class FindingInput:
    theme: str
    severity: str
    on: date
    link: Link
    # The standards the finding cites ("Body of Principles|Principle 11"): a finding that cites
    # a standard some factor names is credited to that factor, not to its theme's factors.
    standards: tuple[str, ...] = ()


@dataclass(slots=True)
class DatedInput:
    """An allegation, a reprisal, an overdue urgent recommendation or a mapped answer."""

    on: date
    link: Link
    factor: str = ""  # mapped answers: the factor the answer is evidence of


@dataclass(slots=True)
class RegisterInput:
    register: str
    irregularities: int
    on: date
    link: Link


@dataclass(frozen=True)
class PopulationInput:
    total: int
    on: date
    link: Link
    shares: tuple[tuple[str, int], ...] = ()  # (field, count) for POPULATION_FIELDS

    def count_of(self, name: str) -> int | None:
        return dict(self.shares).get(name)


@dataclass(frozen=True)
class PlaceInputs:
    place_id: int
    capacity: int | None = None
    population: PopulationInput | None = None
    visits: tuple[DatedInput, ...] = ()
    findings: tuple[FindingInput, ...] = ()
    answers: tuple[DatedInput, ...] = ()
    allegations: tuple[DatedInput, ...] = ()
    reprisals: tuple[DatedInput, ...] = ()
    urgent_recommendations: tuple[DatedInput, ...] = ()
    registers: tuple[RegisterInput, ...] = ()


@dataclass(frozen=True)
class FactorSpec:
    code: str
    name: str
    measure: str
    weight: Decimal
    saturation: Decimal = Decimal(3)
    themes: tuple[str, ...] = ()
    registers: tuple[str, ...] = ()
    population_field: str = ""
    # Standards whose citation by a finding credits the finding to this factor.
    standards: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoringConfig:
    version: int
    factors: tuple[FactorSpec, ...]
    window_months: int = 36
    recent_months: int = 12
    visit_due_months: int = 12
    visit_overdue_months: int = 36
    occupancy_full_ratio: Decimal = Decimal("1.5")
    share_full: Decimal = Decimal("0.5")
    # The weighted evidence (Σ weight × value) at which a place scores 50.
    half_score_evidence: Decimal = Decimal(3)

    @property
    def total_weight(self) -> Decimal:
        return sum((f.weight for f in self.factors if f.weight > 0), ZERO)

    @property
    def claimed_standards(self) -> frozenset[str]:
        """Standards some factor names: a finding citing one is credited to that factor."""
        return frozenset(s for f in self.factors for s in f.standards)


@dataclass(frozen=True)
class Part:
    factor: str
    name: str
    weight: Decimal
    value: Decimal
    points: Decimal
    evidence: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Explanation:
    score: Decimal
    parts: tuple[Part, ...] = field(default_factory=tuple)

    def top(self, count: int = 3) -> list[Part]:
        """The factors that weigh most, for the priority list."""
        earning = [p for p in self.parts if p.points > 0]
        return sorted(earning, key=lambda p: (-p.points, p.factor))[:count]


# --- measures ---------------------------------------------------------------------------


def _months_before(on: date, months: int) -> date:
    return on - timedelta(days=int(DAYS_PER_MONTH * months))


def _clamp(value: Decimal) -> Decimal:
    return min(ONE, max(ZERO, value)).quantize(_VALUE, rounding=ROUND_HALF_EVEN)


def _saturating(count: Decimal, saturation: Decimal) -> Decimal:
    return _clamp(count / saturation) if saturation > 0 else (ONE if count > 0 else ZERO)


def _within(items: Iterable[DatedInput], since: date, on: date) -> list[DatedInput]:
    return [item for item in items if since <= item.on <= on]


def _recent_first(links: Iterable[Link], limit: int = 5) -> tuple[Link, ...]:
    return tuple(
        sorted(links, key=lambda link: (link.on or date.min, link.target), reverse=True)[:limit]
    )


@dataclass
class _Window:
    """A place's findings and mapped answers inside the scoring window, indexed once per
    place so that each of the factors reads only its own (a place has hundreds of findings)."""

    since: date
    findings_by_theme: dict[str, list[FindingInput]]
    answers_by_factor: dict[str, list[DatedInput]]
    findings_by_standard: dict[str, list[FindingInput]] = field(default_factory=dict)
    claimed: frozenset[str] = frozenset()


def _window(inputs: PlaceInputs, config: ScoringConfig, on: date) -> _Window:
    since = _months_before(on, config.window_months)
    claimed = config.claimed_standards
    findings: dict[str, list[FindingInput]] = {}
    by_standard: dict[str, list[FindingInput]] = {}
    for finding in inputs.findings:
        if since <= finding.on <= on:
            findings.setdefault(finding.theme, []).append(finding)
            for standard in finding.standards:
                if standard in claimed:
                    by_standard.setdefault(standard, []).append(finding)
    answers: dict[str, list[DatedInput]] = {}
    for answer in _within(inputs.answers, since, on):
        answers.setdefault(answer.factor, []).append(answer)
    return _Window(since, findings, answers, by_standard, claimed)


def _observed(spec: FactorSpec, window: _Window) -> tuple[Decimal, list[Link]]:
    """Findings of the factor's themes and those citing its standards, and mapped answers.

    A factor that names standards is one safeguard: a finding of its theme that cites the
    standard of *another* safeguard (and none of its own) is evidence of that one, not of
    this one ("held beyond 48 hours without a judge" is not about notifying the family)."""
    own = set(spec.standards)
    findings: list[FindingInput] = []
    seen: set[int] = set()
    for theme in spec.themes:
        for finding in window.findings_by_theme.get(theme, ()):
            cited = {s for s in finding.standards if s in window.claimed}
            if own and cited and not cited & own:
                continue
            seen.add(id(finding))
            findings.append(finding)
    for standard in spec.standards:
        for finding in window.findings_by_standard.get(standard, ()):
            if id(finding) not in seen:  # citing two of its standards counts once
                seen.add(id(finding))
                findings.append(finding)
    answers = window.answers_by_factor.get(spec.code, [])
    count = sum((SEVERITY_WEIGHT.get(f.severity, ZERO) for f in findings), ZERO)
    count += len(answers)
    return _saturating(count, spec.saturation), [f.link for f in findings] + [
        a.link for a in answers
    ]


def _counted(items: list[DatedInput], spec: FactorSpec) -> tuple[Decimal, list[Link]]:
    return _saturating(Decimal(len(items)), spec.saturation), [i.link for i in items]


def _allegations(
    spec: FactorSpec, inputs: PlaceInputs, config: ScoringConfig, on: date, since: date
) -> tuple[Decimal, list[Link]]:
    recent_since = _months_before(on, config.recent_months)
    items = _within(inputs.allegations, since, on)
    weighted = sum((Decimal(2) if i.on >= recent_since else ONE for i in items), ZERO)
    return _saturating(weighted, spec.saturation), [i.link for i in items]


def _occupancy(
    spec: FactorSpec, inputs: PlaceInputs, config: ScoringConfig, on: date
) -> tuple[Decimal, list[Link]]:
    population = inputs.population
    if not (population and inputs.capacity and population.on <= on):
        return ZERO, []
    ratio = Decimal(population.total) / Decimal(inputs.capacity)
    span = config.occupancy_full_ratio - ONE
    value = _clamp((ratio - ONE) / span) if span > 0 else (ONE if ratio > ONE else ZERO)
    return value, [population.link] if value > 0 else []


def _population_share(
    spec: FactorSpec, inputs: PlaceInputs, config: ScoringConfig, on: date
) -> tuple[Decimal, list[Link]]:
    population = inputs.population
    if not (population and population.total and population.on <= on):
        return ZERO, []
    count = population.count_of(spec.population_field)
    if not count:
        return ZERO, []
    share = Decimal(count) / Decimal(population.total)
    value = _clamp(share / config.share_full) if config.share_full > 0 else ONE
    return value, [population.link]


def _time_since_visit(
    spec: FactorSpec, inputs: PlaceInputs, config: ScoringConfig, on: date
) -> tuple[Decimal, list[Link]]:
    visits = [v for v in inputs.visits if v.on <= on]
    if not visits:
        return ONE, []
    last = max(visits, key=lambda v: (v.on, v.link.target))
    months = Decimal((on - last.on).days) / DAYS_PER_MONTH
    span = Decimal(config.visit_overdue_months - config.visit_due_months)
    due = Decimal(config.visit_due_months)
    value = _clamp((months - due) / span) if span > 0 else (ONE if months > due else ZERO)
    return value, [last.link]


def _registers(
    spec: FactorSpec, inputs: PlaceInputs, on: date, since: date
) -> tuple[Decimal, list[Link]]:
    checks = [
        r
        for r in inputs.registers
        if since <= r.on <= on
        and r.irregularities > 0
        and (not spec.registers or r.register in spec.registers)
    ]
    count = Decimal(sum(r.irregularities for r in checks))
    return _saturating(count, spec.saturation), [r.link for r in checks]


def factor_value(
    spec: FactorSpec,
    inputs: PlaceInputs,
    config: ScoringConfig,
    on: date,
    window: _Window | None = None,
) -> tuple[Decimal, tuple[Link, ...]]:
    """The factor's value in [0, 1] for the place on the date, and the evidence behind it."""
    window = window or _window(inputs, config, on)
    since = window.since
    measure = spec.measure
    if measure == "observed":
        value, links = _observed(spec, window)
    elif measure == "allegations":
        value, links = _allegations(spec, inputs, config, on, since)
    elif measure == "reprisals":
        value, links = _counted(_within(inputs.reprisals, since, on), spec)
    elif measure == "urgent_recommendations":
        # Overdue on the date, whenever they were issued.
        value, links = _counted([r for r in inputs.urgent_recommendations if r.on < on], spec)
    elif measure == "register_irregularities":
        value, links = _registers(spec, inputs, on, since)
    elif measure == "occupancy":
        value, links = _occupancy(spec, inputs, config, on)
    elif measure == "population_share":
        value, links = _population_share(spec, inputs, config, on)
    elif measure == "time_since_visit":
        value, links = _time_since_visit(spec, inputs, config, on)
    else:
        value, links = ZERO, []
    if measure != "observed":
        # A checklist question mapped to any factor adds its evidence.
        answers = window.answers_by_factor.get(spec.code, [])
        if answers:
            value = max(value, _saturating(Decimal(len(answers)), spec.saturation))
            links = links + [a.link for a in answers]
    return value, _recent_first(links)


def _apportion(exact: list[Decimal]) -> list[Decimal]:
    """Hundredths that add up to the rounded total (largest remainders get the spare cents).

    Rounding each part alone can overshoot: six equal parts of 16.666… would make 100.02.
    Only parts with a remainder get a cent, so a part of 0 points stays at 0.
    """
    cents = [value * HUNDRED for value in exact]
    floors = [c.to_integral_value(rounding=ROUND_FLOOR) for c in cents]
    spare = int(sum(cents, ZERO).to_integral_value(rounding=ROUND_HALF_EVEN) - sum(floors, ZERO))
    by_remainder = sorted(range(len(cents)), key=lambda i: floors[i] - cents[i])  # stable
    for index in by_remainder[:spare]:
        floors[index] += 1
    return [(c / HUNDRED).quantize(_CENT) for c in floors]


def score_of(evidence: Decimal, half: Decimal) -> Decimal:
    """The exact score of weighted evidence: 100 × (1 − 2^(−evidence / half)), below 100."""
    if evidence <= 0:
        return ZERO
    if half <= 0:
        return HUNDRED
    with localcontext() as context:
        context.prec = 28
        return HUNDRED * (ONE - Decimal(2) ** (-evidence / half))


def score_place(inputs: PlaceInputs, config: ScoringConfig, on: date) -> Explanation:
    specs = sorted(config.factors, key=lambda f: f.code)
    window = _window(inputs, config, on)
    measured, weighted = [], []
    for spec in specs:
        weight = max(spec.weight, ZERO)
        value, links = factor_value(spec, inputs, config, on, window)
        measured.append((spec, weight, value, links))
        weighted.append(weight * value)
    evidence = sum(weighted, ZERO)
    total = score_of(evidence, config.half_score_evidence)
    exact = [total * w / evidence if evidence > 0 else ZERO for w in weighted]
    parts = tuple(
        Part(spec.code, spec.name, weight, value, points, links if value else ())
        for (spec, weight, value, links), points in zip(measured, _apportion(exact), strict=True)
    )
    return Explanation(score=sum((p.points for p in parts), ZERO), parts=parts)
