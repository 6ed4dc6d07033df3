"""Properties of the score, checked by hypothesis on generated places and configurations.

The scorer is pure (`vigil.risk.scoring`): these tests need no database. The factors are the
shipped catalogue's, with generated weights, saturations and thresholds, so every measure
(findings, answers, occupancy, shares, allegations, reprisals, visits, recommendations,
registers) is exercised.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigil.risk.builtin import CATALOGUE
from vigil.risk.scoring import (
    POPULATION_FIELDS,
    SEVERITY_WEIGHT,
    DatedInput,
    FactorSpec,
    FindingInput,
    Link,
    PlaceInputs,
    PopulationInput,
    RegisterInput,
    ScoringConfig,
    score_place,
)

# Deterministic in CI: the same examples on every run, and no time limit on slow machines.
settings.register_profile(
    "vigil-scoring",
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PROPERTIES = settings.get_profile("vigil-scoring")

ON = date(2026, 6, 1)
EARLIEST = date(2019, 1, 1)  # before any window, so some evidence falls outside it
LATEST = date(2026, 12, 31)  # after the scoring date, so some evidence is not yet counted
CODES = [code for code, *_rest in CATALOGUE]
THEMES = sorted(
    {theme for *_a, params, _w, _n, _d in CATALOGUE for theme in params.get("themes", [])}
)
REGISTERS = ["custody", "use_of_force", "disciplinary", "other"]
STANDARDS = [
    *sorted({s for *_a, params, _w, _n, _d in CATALOGUE for s in params.get("standards", [])}),
    "Nelson Mandela Rules|Rule 1",  # one that no factor names
]
HUNDRED = Decimal(100)

days = st.dates(min_value=EARLIEST, max_value=LATEST)
weights = st.one_of(
    st.just(Decimal(0)),
    st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False),
)
saturations = st.decimals(
    min_value=Decimal("0.25"), max_value=20, places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def configs(draw: st.DrawFn) -> ScoringConfig:
    specs = []
    for code, _group, measure, params, _weight, name, _why in CATALOGUE:
        specs.append(
            FactorSpec(
                code=code,
                name=name,
                measure=measure,
                weight=draw(weights),
                saturation=draw(saturations),
                themes=tuple(params.get("themes", ())),
                registers=tuple(params.get("registers", ())),
                population_field=str(params.get("field", "")),
                standards=tuple(params.get("standards", ())),
            )
        )
    due = draw(st.integers(min_value=0, max_value=60))
    return ScoringConfig(
        version=draw(st.integers(min_value=1, max_value=50)),
        factors=tuple(specs),
        window_months=draw(st.integers(min_value=1, max_value=120)),
        recent_months=draw(st.integers(min_value=1, max_value=60)),
        visit_due_months=due,
        visit_overdue_months=draw(st.integers(min_value=due + 1, max_value=due + 120)),
        occupancy_full_ratio=draw(
            st.decimals(min_value=Decimal("1.01"), max_value=5, places=2, allow_nan=False)
        ),
        share_full=draw(
            st.decimals(min_value=Decimal("0.01"), max_value=1, places=2, allow_nan=False)
        ),
        half_score_evidence=draw(
            st.decimals(min_value=Decimal("0.5"), max_value=100, places=2, allow_nan=False)
        ),
    )


class _Targets:
    """Unique evidence targets, so that the order of links never depends on the input order."""

    def __init__(self) -> None:
        self.n = 0

    def link(self, on: date, label: str = "evidence") -> Link:
        self.n += 1
        return Link(f"visit_detail:{self.n}", label, on)


def _dated(draw: st.DrawFn, targets: _Targets, max_size: int, factor: bool = False) -> tuple:
    items = []
    for on in draw(st.lists(days, max_size=max_size)):
        code = draw(st.sampled_from(CODES)) if factor else ""
        items.append(DatedInput(on, targets.link(on), factor=code))
    return tuple(items)


def _finding(draw: st.DrawFn, targets: _Targets) -> FindingInput:
    on = draw(days)
    theme = draw(st.sampled_from([*THEMES, "unlisted_theme"]))
    severity = draw(st.sampled_from([*SEVERITY_WEIGHT, "unknown"]))
    cited = tuple(draw(st.lists(st.sampled_from(STANDARDS), max_size=2, unique=True)))
    return FindingInput(theme, severity, on, targets.link(on, f"finding:{severity}"), cited)


def _register(draw: st.DrawFn, targets: _Targets) -> RegisterInput:
    on = draw(days)
    return RegisterInput(
        draw(st.sampled_from(REGISTERS)),
        draw(st.integers(min_value=0, max_value=12)),
        on,
        targets.link(on, "register"),
    )


def _population(draw: st.DrawFn, targets: _Targets) -> PopulationInput | None:
    if not draw(st.booleans()):
        return None
    total = draw(st.integers(min_value=0, max_value=2000))
    on = draw(days)
    shares = tuple(
        (name, draw(st.integers(min_value=0, max_value=total)))
        for name in POPULATION_FIELDS
        if draw(st.booleans())
    )
    return PopulationInput(total, on, targets.link(on, "population"), shares)


@st.composite
def places(draw: st.DrawFn) -> PlaceInputs:
    targets = _Targets()
    return PlaceInputs(
        place_id=draw(st.integers(min_value=1, max_value=10_000)),
        capacity=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=2000))),
        population=_population(draw, targets),
        visits=_dated(draw, targets, 4),
        findings=tuple(_finding(draw, targets) for _n in range(draw(st.integers(0, 8)))),
        answers=_dated(draw, targets, 5, factor=True),
        allegations=_dated(draw, targets, 6),
        reprisals=_dated(draw, targets, 3),
        urgent_recommendations=_dated(draw, targets, 3),
        registers=tuple(_register(draw, targets) for _n in range(draw(st.integers(0, 4)))),
    )


@st.composite
def risk_evidence(draw: st.DrawFn, place: PlaceInputs) -> PlaceInputs:
    """The same place with one more piece of evidence of a risk."""
    on = draw(st.dates(min_value=date(2024, 1, 1), max_value=ON))
    link = Link("visit_detail:999999", "added", on)
    kind = draw(
        st.sampled_from(
            ["finding", "allegation", "reprisal", "answer", "register", "urgent", "occupancy"]
        )
    )
    if kind == "finding":
        theme = draw(st.sampled_from(THEMES))
        severity = draw(st.sampled_from(list(SEVERITY_WEIGHT)))
        cited = tuple(draw(st.lists(st.sampled_from(STANDARDS), max_size=2, unique=True)))
        finding = FindingInput(theme, severity, on, link, cited)
        return replace(place, findings=(*place.findings, finding))
    if kind == "allegation":
        return replace(place, allegations=(*place.allegations, DatedInput(on, link)))
    if kind == "reprisal":
        return replace(place, reprisals=(*place.reprisals, DatedInput(on, link)))
    if kind == "answer":
        answer = DatedInput(on, link, factor=draw(st.sampled_from(CODES)))
        return replace(place, answers=(*place.answers, answer))
    if kind == "register":
        check = RegisterInput(draw(st.sampled_from(REGISTERS)), draw(st.integers(1, 12)), on, link)
        return replace(place, registers=(*place.registers, check))
    if kind == "urgent":
        return replace(place, urgent_recommendations=(*place.urgent_recommendations,
                                                      DatedInput(on, link)))  # fmt: skip
    # A higher occupancy: the same people in a smaller official capacity.
    if place.capacity is None:
        return replace(place, capacity=draw(st.integers(min_value=1, max_value=2000)))
    return replace(place, capacity=draw(st.integers(min_value=1, max_value=place.capacity)))


@PROPERTIES
@given(data=st.data(), config=configs(), place=places())
def test_evidence_of_a_risk_never_lowers_the_score(data, config, place):
    more = data.draw(risk_evidence(place))
    before, after = score_place(place, config, ON), score_place(more, config, ON)
    assert after.score >= before.score
    # Each factor's value can only grow too.
    values = {p.factor: p.value for p in before.parts}
    assert all(p.value >= values[p.factor] for p in after.parts)


@PROPERTIES
@given(config=configs(), place=places(), silenced=st.sets(st.sampled_from(CODES), min_size=1))
def test_a_factor_of_weight_zero_earns_nothing_whatever_the_evidence(config, place, silenced):
    config = replace(
        config,
        factors=tuple(
            replace(f, weight=Decimal(0)) if f.code in silenced else f for f in config.factors
        ),
    )
    explanation = score_place(place, config, ON)
    for part in explanation.parts:
        if part.factor in silenced:
            assert part.points == 0 and part.weight == 0
    # And a configuration that weighs nothing scores 0.
    nothing = replace(config, factors=tuple(replace(f, weight=Decimal(0)) for f in config.factors))
    assert score_place(place, nothing, ON).score == 0


@PROPERTIES
@given(config=configs(), place=places())
def test_the_parts_add_up_exactly_to_the_score_which_stays_within_0_and_100(config, place):
    explanation = score_place(place, config, ON)
    assert sum((p.points for p in explanation.parts), Decimal(0)) == explanation.score
    assert Decimal(0) <= explanation.score <= HUNDRED
    assert all(p.points >= 0 and p.points == p.points.quantize(Decimal("0.01"))
               for p in explanation.parts)  # fmt: skip
    assert all(Decimal(0) <= p.value <= 1 for p in explanation.parts)
    assert [p.factor for p in explanation.parts] == sorted(CODES)


@PROPERTIES
@given(config=configs(), place=places(), seed=st.integers(min_value=0, max_value=2**32))
def test_the_same_inputs_give_the_same_score_in_any_order(config, place, seed):
    first = score_place(place, config, ON)
    assert score_place(place, config, ON) == first
    rng = random.Random(seed)

    def shuffled(items: tuple) -> tuple:
        mixed = list(items)
        rng.shuffle(mixed)
        return tuple(mixed)

    reordered = replace(
        place,
        visits=shuffled(place.visits),
        findings=shuffled(place.findings),
        answers=shuffled(place.answers),
        allegations=shuffled(place.allegations),
        reprisals=shuffled(place.reprisals),
        urgent_recommendations=shuffled(place.urgent_recommendations),
        registers=shuffled(place.registers),
    )
    factors = list(config.factors)
    rng.shuffle(factors)
    assert score_place(reordered, replace(config, factors=tuple(factors)), ON) == first


@PROPERTIES
@given(config=configs(), place=places())
def test_evidence_after_the_scoring_date_does_not_count(config, place):
    later = ON + timedelta(days=1)
    link = Link("visit_detail:999999", "later", later)
    future = replace(
        place,
        findings=(*place.findings, FindingInput(THEMES[0], "urgent", later, link)),
        allegations=(*place.allegations, DatedInput(later, link)),
        reprisals=(*place.reprisals, DatedInput(later, link)),
    )
    assert score_place(future, config, ON).score == score_place(place, config, ON).score


def test_rounding_the_parts_never_changes_the_score():
    # Three equal factors at their maximum make a score of 50 (decision 0027): 16.666…
    # points each must not add up to 50.01.
    specs = tuple(
        FactorSpec(code=f"f{n}", name="f", measure="time_since_visit", weight=Decimal(1))
        for n in range(3)
    )
    explanation = score_place(PlaceInputs(place_id=1), ScoringConfig(1, specs), ON)
    assert explanation.score == Decimal(50)
    assert sum(p.points for p in explanation.parts) == Decimal(50)
    assert (
        sorted(p.points for p in explanation.parts) == [Decimal("16.66")] + [Decimal("16.67")] * 2
    )
