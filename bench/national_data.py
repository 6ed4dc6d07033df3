"""The national-scale database, built in bulk on top of the demo (issue 14).

`national_build(scale=1.0)` loads the demo, then adds to the demo's first institution (the
one whose administrator the page bench logs in as) what a large NPM accumulates over ten
years: 20,000 places, 60,000 visits, 300,000 findings, 50,000 recommendations, 800,000
population counts, 200,000 audit events, 10,000 interviews, and what they need (areas,
authorities, people, cases, risk scores). `scale` shrinks every count (the tests use 1/1000).

Everything is seeded, so two builds are identical. Rows go in with `bulk_create`: encrypted
fields encrypt in `get_prep_value`, so bulk rows are encrypted exactly like saved ones. The
audit events go through `audit_record_many`, the platform's bulk path, so the chain verifies;
that path stamps one time on a batch, so audit events are dated at build time, not spread
over ten years like the records are.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Q

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.demo.builder import demo_load
from vigil.core.models import Institution, Membership, User
from vigil.core.roles import Role

SEED = 14
BATCH = 2000
TODAY = date(2026, 12, 1)
YEARS = 10

# What a national NPM holds (issue 14); the builder multiplies each by `scale`.
NATIONAL: dict[str, int] = {
    "places": 20_000,
    "visits": 60_000,
    "findings": 300_000,
    "recommendations": 50_000,
    "population_counts": 800_000,
    "audit_events": 200_000,
    "interviews": 10_000,
    "cases": 2_000,
    "authorities": 400,
    "areas": 1_000,
}

M = TypeVar("M", bound=models.Model)


@dataclass
class Built:
    institution: Institution
    admin: Membership
    counts: dict[str, int]


def national_counts(scale: float) -> dict[str, int]:
    return {name: max(1, round(count * scale)) for name, count in NATIONAL.items()}


def _choices(model: type[models.Model], field: str) -> list[Any]:
    return [value for value, _label in model._meta.get_field(field).choices or []]  # type: ignore[union-attr]


def _bulk(model: type[M], rows: Iterator[M] | Sequence[M]) -> list[M]:
    """Insert in batches; the rows come back with their keys (SQLite ≥ 3.35 and PostgreSQL)."""
    done: list[M] = []
    batch: list[M] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            done += model._default_manager.bulk_create(batch)
            batch = []
    if batch:
        done += model._default_manager.bulk_create(batch)
    return done


def _day(rng: random.Random) -> date:
    return TODAY - timedelta(days=rng.randrange(YEARS * 365))


class _Builder:
    def __init__(self, institution: Institution, admin: User, scale: float) -> None:
        self.rng = random.Random(SEED)
        self.institution = institution
        self.admin = admin
        self.counts = national_counts(scale)
        self.team = list(User.objects.filter(memberships__institution=institution).order_by("pk"))

    # --- places ---------------------------------------------------------------------------
    def places(self) -> list[Any]:
        from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind

        rng, n = self.rng, self.counts
        regions = _bulk(
            AdministrativeArea,
            [
                AdministrativeArea(
                    institution=self.institution, name=f"National region {r}", level=1
                )
                for r in range(1, 18)
            ],
        )
        areas = _bulk(
            AdministrativeArea,
            (
                AdministrativeArea(
                    institution=self.institution,
                    name=f"District {a:04d}",
                    level=3,
                    parent=regions[a % len(regions)],
                )
                for a in range(n["areas"])
            ),
        )
        kinds_ = _choices(Authority, "kind")
        authorities = _bulk(
            Authority,
            (
                Authority(
                    institution=self.institution,
                    name=f"National authority {a:04d}",
                    kind=kinds_[a % len(kinds_)],
                )
                for a in range(n["authorities"])
            ),
        )
        kinds = list(
            PlaceKind.objects.filter(Q(institution__isnull=True) | Q(institution=self.institution))
        )
        held, regime = _choices(Place, "held"), _choices(Place, "regime")
        statuses = ["open"] * 90 + ["closed"] * 7 + ["temporary"] * 3

        def place(i: int) -> Any:
            status = rng.choice(statuses)
            return Place(
                institution=self.institution,
                external_ref=f"NAT-{i:06d}",
                name=f"{rng.choice(kinds).name} no. {i:05d}",
                kind=rng.choice(kinds),
                authority=rng.choice(authorities),
                area=rng.choice(areas),
                address=f"{rng.randrange(1, 999)} National road",
                latitude=Decimal(f"{rng.uniform(5, 19):.6f}"),
                longitude=Decimal(f"{rng.uniform(117, 126):.6f}"),
                capacity=rng.choice([20, 50, 120, 400, 1200, 3000]),
                held=rng.choice(held),
                regime=rng.choice(regime),
                status=status,
                closed_on=_day(rng) if status == "closed" else None,
            )

        return _bulk(Place, (place(i) for i in range(n["places"])))

    def population(self, places: list[Any]) -> None:
        from vigil.places.models import PopulationSnapshot

        rng, total = self.rng, self.counts["population_counts"]
        per_place = max(1, total // len(places))
        step = max(1, YEARS * 365 // per_place)
        sources = _choices(PopulationSnapshot, "source")

        def counts() -> Iterator[Any]:
            made = 0
            for place in places:
                for k in range(per_place):
                    if made >= total:
                        return
                    made += 1
                    size = max(1, int((place.capacity or 100) * rng.uniform(0.5, 1.8)))
                    yield PopulationSnapshot(
                        institution=self.institution,
                        place=place,
                        counted_on=TODAY - timedelta(days=k * step),
                        total=size,
                        women=size // 10,
                        pre_trial=size // 3,
                        source=sources[k % len(sources)],
                        recorded_by=self.admin,
                    )

        _bulk(PopulationSnapshot, counts())

    # --- visits and findings ---------------------------------------------------------------
    def visits(self, places: list[Any]) -> list[Any]:
        from vigil.visits.models import Visit, VisitType

        rng = self.rng
        types = [value for value, _label in VisitType.choices]
        past = ["closed"] * 60 + ["report_sent"] * 25 + ["reporting"] * 10 + ["cancelled"] * 5
        future = ["planned", "preparing"]

        def visit(i: int) -> Any:
            day = TODAY - timedelta(days=rng.randrange(-60, YEARS * 365))
            upcoming = day > TODAY - timedelta(days=3)
            status = rng.choice(future if upcoming else past)
            return Visit(
                institution=self.institution,
                place=places[i % len(places)],
                visit_type=rng.choice(types),
                announced=rng.random() < 0.3,
                planned_for=day,
                starts_on=None if upcoming else day,
                ends_on=None if upcoming else day + timedelta(days=rng.randrange(3)),
                status=status,
                objectives="Follow up the previous visit's recommendations.",
                report_sent_on=day + timedelta(days=45) if status in past[60:85] else None,
                created_by=rng.choice(self.team),
            )

        return _bulk(Visit, (visit(i) for i in range(self.counts["visits"])))

    def findings(self, visits: list[Any]) -> list[Any]:
        from vigil.visits.models import Finding, Theme

        rng = self.rng
        themes = list(
            Theme.objects.filter(Q(institution__isnull=True) | Q(institution=self.institution))
        )
        severities = _choices(Finding, "severity")
        done = [v for v in visits if v.starts_on]

        def finding(i: int) -> Any:
            visit = done[i % len(done)]
            theme = rng.choice(themes)
            return Finding(
                institution=self.institution,
                visit=visit,
                theme=theme,
                severity=rng.choice(severities),
                title=f"{theme.name}: finding {i:06d}",
                description="Detainees reported conditions below the standard. " * 3,
                created_by=visit.created_by,
            )

        return _bulk(Finding, (finding(i) for i in range(self.counts["findings"])))

    # --- recommendations -------------------------------------------------------------------
    def recommendations(self, visits: list[Any], findings: list[Any]) -> None:
        from vigil.recommendations.models import Recommendation

        rng = self.rng
        field = {f: _choices(Recommendation, f) for f in ("source", "addressee", "priority")}
        statuses = _choices(Recommendation, "status")
        responses = _choices(Recommendation, "response")
        done = [v for v in visits if v.starts_on]

        def recommendation(i: int) -> Any:
            visit = done[i % len(done)]
            issued = visit.ends_on + timedelta(days=rng.randrange(10, 90))
            return Recommendation(
                institution=self.institution,
                reference=f"NAT-R-{i:06d}",
                text="The authority should ensure that every detainee is registered on arrival.",
                source=rng.choice(field["source"]),
                visit=visit,
                issued_on=issued,
                addressee=rng.choice(field["addressee"]),
                priority=rng.choice(field["priority"]),
                due_on=issued + timedelta(days=rng.choice([90, 180, 365])),
                response=rng.choice(responses),
                status=rng.choice(statuses),
                status_on=issued + timedelta(days=rng.randrange(200)),
                created_by=visit.created_by,
            )

        rows = _bulk(
            Recommendation, (recommendation(i) for i in range(self.counts["recommendations"]))
        )
        by_visit: dict[int, list[Any]] = {}
        for finding in findings:
            by_visit.setdefault(finding.visit_id, []).append(finding)
        places = Recommendation.places.through
        linked = Recommendation.findings.through
        _bulk(places, (places(recommendation_id=r.pk, place_id=r.visit.place_id) for r in rows))
        _bulk(
            linked,
            (
                linked(recommendation_id=r.pk, finding_id=by_visit[r.visit_id][0].pk)
                for r in rows
                if r.visit_id in by_visit
            ),
        )

    # --- people ----------------------------------------------------------------------------
    def interviews(self, visits: list[Any]) -> None:
        from vigil.people.models import Case, Interview, Person

        rng, n = self.rng, self.counts
        genders = _choices(Person, "gender")
        people = _bulk(
            Person,
            (
                Person(
                    institution=self.institution,
                    pseudonym=f"NP-{i:06d}",
                    full_name=f"Detainee {rng.randrange(10**6):06d}",
                    identity_number=f"{rng.randrange(10**9):09d}",
                    gender=rng.choice(genders),
                    created_by=self.admin,
                )
                for i in range(n["interviews"])
            ),
        )
        done = [v for v in visits if v.starts_on]
        interviews = _bulk(
            Interview,
            (
                Interview(
                    institution=self.institution,
                    visit=(visit := done[i % len(done)]),
                    kind="individual",
                    person=person,
                    held_on=visit.starts_on,
                    notes="Said he was beaten on arrival; asked that his name is kept.",
                    summary_for_report="Reports of ill-treatment on arrival.",
                    fears_reprisal=rng.random() < 0.1,
                    created_by=visit.created_by,
                )
                for i, person in enumerate(people)
            ),
        )
        through = Interview.interviewers.through
        _bulk(through, (through(interview_id=i.pk, user_id=i.created_by_id) for i in interviews))
        sources, stages = _choices(Case, "source"), _choices(Case, "stage")
        _bulk(
            Case,
            (
                Case(
                    institution=self.institution,
                    reference=f"NC-{i:05d}",
                    source=rng.choice(sources),
                    interview=(interview := interviews[i % len(interviews)]),
                    received_on=interview.held_on,
                    received_by=interview.created_by,
                    incident_date=interview.held_on - timedelta(days=rng.randrange(60)),
                    account="He was held for three days without food.",
                    stage=rng.choice(stages),
                    stage_since=interview.held_on,
                    created_by=interview.created_by,
                )
                for i in range(n["cases"])
            ),
        )

    # --- audit trail -----------------------------------------------------------------------
    def audit(self, places: list[Any]) -> None:
        total = self.counts["audit_events"]
        actions = ["place.updated", "place.population_added", "visit.updated", "finding.created"]
        for start in range(0, total, BATCH * 5):
            events = [
                PendingEvent(
                    action=actions[i % len(actions)],
                    target=places[i % len(places)],
                    details={"bench": i},
                )
                for i in range(start, min(total, start + BATCH * 5))
            ]
            audit_record_many(events=events, actor=self.admin, institution=self.institution)


def national_build(*, scale: float = 1.0, progress: Any = None) -> Built:
    """Load the demo, then add a national institution's ten years to its first institution."""
    demo_load()
    admin = (
        Membership.objects.filter(role=Role.ADMIN, is_active=True)
        .select_related("institution", "user")
        .order_by("institution_id", "pk")
        .first()
    )
    assert admin is not None, "the demo has no administrator"
    return national_add(admin, scale=scale, progress=progress)


def national_add(
    admin: Membership,
    *,
    scale: float,
    progress: Any = None,
    counts: dict[str, int] | None = None,
) -> Built:
    """Add `scale` of a national institution's ten years to the administrator's institution;
    `counts` sets some numbers apart from the scale (a test's few hundred of each)."""
    say = progress or (lambda step: None)
    builder = _Builder(admin.institution, admin.user, scale)
    builder.counts.update(counts or {})
    with transaction.atomic():
        say("places")
        places = builder.places()
        say("population counts")
        builder.population(places)
        say("visits")
        visits = builder.visits(places)
        say("findings")
        findings = builder.findings(visits)
        say("recommendations")
        builder.recommendations(visits, findings)
        say("people, interviews and cases")
        builder.interviews(visits)
    say("audit events")
    builder.audit(places)
    say("risk scores")
    _score(admin.institution)
    say("done")
    return Built(admin.institution, admin, builder.counts)


def _score(institution: Institution) -> None:
    from vigil.risk.services.scores import scores_refresh

    scores_refresh(institution=institution)
