"""A risk model that tells the truth (issue 22, point 5; decision 0027).

One test per defect found walking through the risk pages, each failing on the old model:
findings credited to the wrong safeguard, first-hours factors whose weight counted without
evidence, register checks ending in the future, the December add to the visit plan,
allegations whatever their outcome, back-filled history with today's statuses, and scores
that read as "low risk"; then the context every score is shown with (rank, coverage).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from vigil.core.tests.factories import Personas, client_for
from vigil.people.models.cases import CaseMove, CaseOutcome
from vigil.people.tests.factories import CaseFactory
from vigil.places.models import Place
from vigil.places.tests.factories import PlaceFactory, builtin_kind
from vigil.recommendations.models import Priority, Status
from vigil.recommendations.tests.factories import RecommendationFactory, StatusUpdateFactory
from vigil.risk.builtin import CATALOGUE
from vigil.risk.models import RiskScore
from vigil.risk.scoring import (
    DatedInput,
    FactorSpec,
    FindingInput,
    Link,
    PlaceInputs,
    RegisterInput,
    ScoringConfig,
    score_place,
)
from vigil.risk.selectors.inputs import gather_inputs
from vigil.risk.selectors.priorities import plan_for_adding
from vigil.risk.services.scores import scores_compute
from vigil.risk.tests.test_scoring_properties import PROPERTIES, configs, places
from vigil.visits.models import PlannedVisit, RegisterCheck, Severity, StandardReference, VisitPlan
from vigil.visits.services.visits import register_check_add
from vigil.visits.tests.factories import FindingFactory, VisitFactory, theme

ON = date(2026, 6, 1)
# No standard, or one of a shipped safeguard.
CITED = [(), *[(s,) for *_a, p, _w, _n, _d in CATALOGUE for s in p.get("standards", ())]]


def today() -> date:
    return timezone.localdate()


def shipped(weights: dict[str, int] | None = None) -> ScoringConfig:
    """The shipped catalogue with its default weights (or those given)."""
    specs = tuple(
        FactorSpec(
            code=code,
            name=name,
            measure=measure,
            weight=Decimal((weights or {}).get(code, weight)),
            themes=tuple(params.get("themes", ())),
            registers=tuple(params.get("registers", ())),
            population_field=str(params.get("field", "")),
            standards=tuple(params.get("standards", ())),
        )
        for code, _group, measure, params, weight, name, _why in CATALOGUE
    )
    return ScoringConfig(version=1, factors=specs)


def points(explanation, code: str) -> Decimal:  # type: ignore[no-untyped-def]
    return next(p.points for p in explanation.parts if p.factor == code)


def visited(on: date) -> tuple[DatedInput, ...]:
    return (DatedInput(on, Link("visit_detail:1", "visit", on)),)


# --- 1. a finding is credited to the safeguard it names -----------------------------------


def test_a_finding_held_beyond_48_hours_without_a_judge_is_credited_to_the_judge_factor():
    finding = FindingInput(
        "custody_safeguards",
        "serious",
        ON - timedelta(days=30),
        Link("visit_detail:1#finding-1", "finding:serious"),
        standards=("Body of Principles|Principle 11",),
    )
    place = PlaceInputs(place_id=1, findings=(finding,), visits=visited(ON))
    explanation = score_place(place, shipped(), ON)
    assert points(explanation, "judge_appearance") > 0
    assert points(explanation, "custody_notification") == 0


def test_the_standards_a_finding_cites_are_read_from_the_database(personas: Personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    visit = VisitFactory.create(place=place, starts_on=today() - timedelta(days=20))
    finding = FindingFactory.create(
        visit=visit, theme=theme("custody_safeguards"), severity=Severity.SERIOUS
    )
    finding.standards.add(
        StandardReference.objects.get(instrument="Body of Principles", reference="Principle 11")
    )
    scores_compute(institution=personas.institution_a, on=today())
    parts = {p["factor"]: p for p in RiskScore.objects.get(place=place).parts}
    assert Decimal(parts["judge_appearance"]["points"]) > 0
    assert Decimal(parts["custody_notification"]["points"]) == 0
    # An uncited finding of the theme still counts, for the theme's factor.
    FindingFactory.create(visit=visit, theme=theme("custody_safeguards"))
    inputs = gather_inputs(institution_id=personas.institution_a.pk, on=today(), window_months=36)
    cited = sorted(f.standards for f in inputs[place.pk].findings)
    assert cited == [(), ("Body of Principles|Principle 11",)]


# --- 2. a factor without evidence costs the others nothing ---------------------------------


def test_first_hours_factors_without_evidence_do_not_dilute_the_others():
    allegations = tuple(
        DatedInput(ON - timedelta(days=d), Link("case_list:?place=1", "allegation"))
        for d in (10, 40)
    )
    place = PlaceInputs(place_id=1, allegations=allegations, visits=visited(ON))
    unmeasurable = {"doctor_access": 0, "rights_information": 0, "judge_appearance": 0,
                    "interrogation_recording": 0}  # fmt: skip
    weighted = score_place(place, shipped(), ON).score
    silenced = score_place(place, shipped(unmeasurable), ON).score
    assert weighted == silenced  # the old model: 7.14 against 7.89


# --- 3. a register check cannot end in the future ------------------------------------------


def test_a_register_check_ending_after_today_is_refused_naming_the_field(personas: Personas):
    visit = VisitFactory.create(
        place=PlaceFactory.create(institution=personas.institution_a),
        created_by=personas.monitor.user,
    )
    with pytest.raises(ValidationError) as error:
        register_check_add(
            actor=personas.admin,
            visit=visit,
            register=RegisterCheck.Register.CUSTODY,
            period_from=today() - timedelta(days=10),
            period_to=today() + timedelta(days=5),
            irregularity_count=3,
        )
    assert "period_to" in error.value.message_dict
    assert not RegisterCheck.objects.exists()


# --- 4. adding to the visit plan in December -----------------------------------------------


def _plans(personas: Personas) -> tuple[VisitPlan, VisitPlan]:
    year = today().year
    this = VisitPlan.objects.create(
        institution=personas.institution_a,
        title="This year",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
    )
    following = VisitPlan.objects.create(
        institution=personas.institution_a,
        title="Next year",
        starts_on=date(year + 1, 1, 1),
        ends_on=date(year + 1, 12, 31),
    )
    return this, following


def test_in_december_the_place_goes_into_next_years_plan_by_default(personas: Personas):
    this, following = _plans(personas)
    year = this.starts_on.year
    assert plan_for_adding(actor=personas.monitor, on=date(year, 12, 10)) == following
    assert plan_for_adding(actor=personas.monitor, on=date(year, 6, 10)) == this


def test_the_place_page_offers_a_choice_of_plan_and_month(personas: Personas):
    this, following = _plans(personas)
    place = PlaceFactory.create(institution=personas.institution_a)
    scores_compute(institution=personas.institution_a, on=today())
    client = client_for(personas.monitor)
    page = client.get(reverse("risk:risk_place", args=[place.pk]))
    assert list(page.context["plans"]) == [this, following]
    html = page.content.decode()
    assert 'name="plan"' in html and 'name="month"' in html
    month = date(following.starts_on.year, 3, 1)
    url = reverse("risk:risk_add_to_plan", args=[place.pk])
    client.post(url, {"plan": following.pk, "month": month.strftime("%Y-%m")})
    item = PlannedVisit.objects.get(place=place)
    assert (item.plan, item.month) == (following, month)


def test_a_past_month_or_another_institutions_plan_is_refused_naming_the_field(
    personas: Personas,
):
    this, _following = _plans(personas)
    theirs = VisitPlan.objects.create(institution=personas.institution_b, title="B",
                                      starts_on=this.starts_on, ends_on=this.ends_on)  # fmt: skip
    place = PlaceFactory.create(institution=personas.institution_a)
    client = client_for(personas.monitor)
    url = reverse("risk:risk_add_to_plan", args=[place.pk])
    past = (today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    response = client.post(url, {"plan": this.pk, "month": past})
    assert "Month:" in [str(m) for m in get_messages(response.wsgi_request)][-1]
    response = client.post(url, {"plan": theirs.pk})
    assert "Visit plan:" in [str(m) for m in get_messages(response.wsgi_request)][-1]
    response = client.post(url, {"month": "next spring"})
    assert "Month:" in [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert not PlannedVisit.objects.exists()


# --- 5. allegations found unsubstantiated, inadmissible or withdrawn do not count ---------


def test_allegations_count_only_when_their_outcome_does_not_discount_them(personas: Personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    received = today() - timedelta(days=30)
    for outcome in ["", CaseOutcome.REFERRED_PROSECUTION, CaseOutcome.UNSUBSTANTIATED,
                    CaseOutcome.NOT_ADMISSIBLE, CaseOutcome.WITHDRAWN]:  # fmt: skip
        CaseFactory.create(institution=personas.institution_a, incident_place=place,
                           received_on=received, outcome=outcome)  # fmt: skip
    inputs = gather_inputs(institution_id=personas.institution_a.pk, on=today(), window_months=36)
    assert len(inputs[place.pk].allegations) == 2


def test_back_filled_scores_count_an_allegation_until_its_outcome_discounted_it(
    personas: Personas,
):
    place = PlaceFactory.create(institution=personas.institution_a)
    received = today() - timedelta(days=300)
    decided = today() - timedelta(days=100)
    case = CaseFactory.create(
        institution=personas.institution_a,
        incident_place=place,
        received_on=received,
        outcome=CaseOutcome.UNSUBSTANTIATED,
    )
    CaseMove.objects.create(
        institution=personas.institution_a,
        case=case,
        to_stage="closed",
        outcome=CaseOutcome.UNSUBSTANTIATED,
        moved_on=decided,
        reason="Not borne out.",
        moved_by=personas.admin.user,
    )

    def allegations_on(on: date) -> int:
        inputs = gather_inputs(institution_id=personas.institution_a.pk, on=on, window_months=36)
        return len(inputs[place.pk].allegations)

    assert allegations_on(decided - timedelta(days=10)) == 1
    assert allegations_on(decided + timedelta(days=10)) == 0
    assert allegations_on(today()) == 0


# --- 6. back-filled history reads the status as it was then --------------------------------


def test_back_filled_scores_use_the_recommendation_status_of_their_date(personas: Personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    due = today() - timedelta(days=400)
    implemented_on = today() - timedelta(days=100)
    recommendation = RecommendationFactory.create(
        institution=personas.institution_a,
        priority=Priority.URGENT,
        issued_on=due - timedelta(days=90),
        due_on=due,
        status=Status.IMPLEMENTED,
        status_on=implemented_on,
        places=[place],
    )
    StatusUpdateFactory.create(recommendation=recommendation, status=Status.IN_PROGRESS,
                               on=due - timedelta(days=30))  # fmt: skip
    StatusUpdateFactory.create(recommendation=recommendation, status=Status.IMPLEMENTED,
                               on=implemented_on)  # fmt: skip

    def urgent_on(on: date) -> int:
        inputs = gather_inputs(institution_id=personas.institution_a.pk, on=on, window_months=36)
        return len(inputs[place.pk].urgent_recommendations)

    assert urgent_on(implemented_on - timedelta(days=10)) == 1  # overdue, in progress then
    assert urgent_on(implemented_on + timedelta(days=10)) == 0
    assert urgent_on(today()) == 0


# --- 7. the calibration --------------------------------------------------------------------


def test_a_lock_up_with_allegations_of_beatings_and_electric_shocks_scores_high():
    # Two allegations received in the last months (beatings; electric shocks), visited a
    # year and a half ago: the old model gave 8.33 out of 100.
    allegations = tuple(
        DatedInput(ON - timedelta(days=d), Link("case_list:?place=1", "allegation"))
        for d in (20, 75)
    )
    place = PlaceInputs(
        place_id=1, allegations=allegations, visits=visited(ON - timedelta(days=548))
    )
    score = score_place(place, shipped(), ON).score
    assert score >= 50
    # One heavy factor at its maximum scores 50, two 75: the anchors of the calibration.
    heavy = (FactorSpec("a", "a", "time_since_visit", Decimal(3)),
             FactorSpec("b", "b", "time_since_visit", Decimal(3)))  # fmt: skip
    never_visited = PlaceInputs(place_id=1)
    assert score_place(never_visited, ScoringConfig(1, heavy[:1]), ON).score == 50
    assert score_place(never_visited, ScoringConfig(1, heavy), ON).score == 75


# --- the context of a score ----------------------------------------------------------------


def test_each_score_shows_its_rank_among_places_of_its_kind_and_its_coverage(
    personas: Personas,
):
    kind = builtin_kind("police_station")
    places = [
        PlaceFactory.create(institution=personas.institution_a, kind=kind, name=name)
        for name in ("Quiet", "Loud")
    ]
    PlaceFactory.create(institution=personas.institution_b, kind=kind)
    visit = VisitFactory.create(place=places[1], starts_on=today() - timedelta(days=20))
    FindingFactory.create(visit=visit, theme=theme("treatment"), severity=Severity.URGENT)
    Place.objects.filter(pk=places[1].pk).update(last_visited_on=visit.starts_on)
    scores_compute(institution=personas.institution_a, on=today())

    client = client_for(personas.analyst)
    page = client.get(reverse("risk:risk_place", args=[places[1].pk]))
    context = page.context["score_context"]
    assert (context.rank, context.comparable) == (2, 2)  # never visited scores higher
    assert context.with_evidence == 1 and context.weighted == 27
    assert "1 of 27 factors" in page.content.decode()
    rows = {r.place.name: r for r in client.get(reverse("risk:risk_priorities")).context["rows"]}
    assert rows["Quiet"].kind_rank == (1, 2) and rows["Loud"].kind_rank == (2, 2)
    assert rows["Loud"].coverage == (1, 27)
    panel = client.get(reverse("places:place_detail", args=[places[0].pk])).content.decode()
    assert "Rank 1 of 2 places of the same kind" in panel


# --- the property --------------------------------------------------------------------------


@PROPERTIES
@given(
    config=configs(),
    place=places(),
    irregularities=st.integers(min_value=1, max_value=50),
    days_before=st.integers(min_value=0, max_value=2000),
    register=st.sampled_from(["custody", "use_of_force", "disciplinary", "other"]),
    cites=st.sampled_from(CITED),
)
def test_evidence_of_a_violation_never_lowers_a_score(
    config, place, irregularities, days_before, register, cites
):
    """A register check with irregularities, or a finding naming its safeguard, never lowers
    the score or any factor's value, with the shipped standards in the configuration."""
    standards = {code: tuple(p.get("standards", ())) for code, _g, _m, p, *_r in CATALOGUE}
    config = replace(
        config,
        factors=tuple(replace(f, standards=standards.get(f.code, ())) for f in config.factors),
    )
    on = ON - timedelta(days=days_before)
    link = Link("visit_detail:999999#register-1", "register", on)
    check = RegisterInput(register, irregularities, on, link)
    finding = FindingInput("custody_safeguards", "serious", on, link, standards=cites)
    before = score_place(place, config, ON)
    for more in (
        replace(place, registers=(*place.registers, check)),
        replace(place, findings=(*place.findings, finding)),
    ):
        after = score_place(more, config, ON)
        assert after.score >= before.score
        values = {p.factor: p.value for p in before.parts}
        assert all(p.value >= values[p.factor] for p in after.parts)
