"""What the scores read: every place's evidence, gathered for a whole institution at once.

A fixed number of queries, whatever the number of places, each streamed in chunks; only
codes, dates and counts are read (never a name or an account), so a risk score can be
computed and shown without touching anything encrypted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from vigil.core import hooks
from vigil.places.models import Place, PopulationSnapshot
from vigil.risk.models import ChecklistMapping
from vigil.risk.scoring import (
    POPULATION_FIELDS,
    DatedInput,
    FindingInput,
    Link,
    PlaceInputs,
    PopulationInput,
    RegisterInput,
)
from vigil.visits.models import ChecklistSubmission, Finding, RegisterCheck, Theme, Visit

CHUNK = 5000
# Case outcomes that are no evidence of ill-treatment: such allegations do not count.
DISCOUNTED_OUTCOMES = ("not_admissible", "unsubstantiated", "withdrawn")
FEW = 500  # up to this many places, each read is restricted to them
VISITED = (
    Visit.Status.ON_SITE,
    Visit.Status.REPORTING,
    Visit.Status.REPORT_SENT,
    Visit.Status.CLOSED,
)


class _Collector:
    def __init__(self) -> None:
        self.visits: dict[int, list[DatedInput]] = defaultdict(list)
        self.findings: dict[int, list[FindingInput]] = defaultdict(list)
        self.answers: dict[int, list[DatedInput]] = defaultdict(list)
        self.allegations: dict[int, list[DatedInput]] = defaultdict(list)
        self.reprisals: dict[int, list[DatedInput]] = defaultdict(list)
        self.urgent: dict[int, list[DatedInput]] = defaultdict(list)
        self.registers: dict[int, list[RegisterInput]] = defaultdict(list)
        self.population: dict[int, PopulationInput] = {}


def _rows(queryset: Any, *fields: str) -> Iterable[tuple[Any, ...]]:
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK)


def _only(queryset: Any, places: set[int] | None, *paths: str) -> Any:
    """The rows of the chosen places (any of `paths` leads to the place); all when None."""
    if places is None:
        return queryset
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in": places})
    return queryset.filter(condition)


def _visits(c: _Collector, institution_id: int, since: date, places: set[int] | None) -> None:
    visits = Visit.objects.for_institution(institution_id).filter(
        status__in=VISITED, starts_on__isnull=False
    )
    visits = _only(visits, places, "place_id")
    for visit_id, place_id, starts_on in _rows(visits, "pk", "place_id", "starts_on"):
        c.visits[place_id].append(
            DatedInput(starts_on, Link(f"visit_detail:{visit_id}", "visit", starts_on))
        )


def _findings(c: _Collector, institution_id: int, since: date, places: set[int] | None) -> None:
    # Joins over hundreds of thousands of findings cost more than two small lookups: the
    # visits (place and day) and the themes (code) are read once and matched in Python.
    visits = {
        pk: (place_id, starts_on or created.date())
        for pk, place_id, starts_on, created in _rows(
            _only(Visit.objects.for_institution(institution_id), places, "place_id"),
            "pk",
            "place_id",
            "starts_on",
            "created_at",
        )
    }
    themes = dict(Theme.objects.values_list("pk", "code"))
    findings = Finding.objects.for_institution(institution_id)
    if places is not None:
        findings = findings.filter(visit_id__in=list(visits))
    # The standards each finding cites, which name its safeguard (decision 0027).
    cited: dict[int, list[str]] = defaultdict(list)
    citations = Finding.standards.through.objects.filter(finding__in=findings)
    for finding_id, instrument, reference in _rows(
        citations,
        "finding_id",
        "standardreference__instrument",
        "standardreference__reference",
    ):
        cited[finding_id].append(f"{instrument}|{reference}")
    for pk, visit_id, theme_id, severity in _rows(
        findings, "pk", "visit_id", "theme_id", "severity"
    ):
        place_id, on = visits[visit_id]
        if on < since:
            continue
        link = Link(f"visit_detail:{visit_id}#finding-{pk}", f"finding:{severity}", on)
        c.findings[place_id].append(
            FindingInput(themes[theme_id], severity, on, link, tuple(sorted(cited.get(pk, ()))))
        )


def _answers(c: _Collector, institution_id: int, since: date, places: set[int] | None) -> None:
    mappings = list(
        ChecklistMapping.objects.for_institution(institution_id).select_related("factor")
    )
    if not mappings:
        return
    by_template: dict[int, list[ChecklistMapping]] = defaultdict(list)
    for mapping in mappings:
        by_template[mapping.template_id].append(mapping)
    submissions = ChecklistSubmission.objects.for_institution(institution_id).filter(
        version__template_id__in=list(by_template),
        visit__starts_on__gte=since,
    )
    submissions = _only(submissions, places, "visit__place_id")
    fields = ("pk", "visit_id", "visit__place_id", "visit__starts_on", "version__template_id",
              "answers")  # fmt: skip
    for pk, _visit, place_id, on, template_id, answers in _rows(submissions, *fields):
        for mapping in by_template[template_id]:
            given = answer_values(answers, mapping.question)
            if any(_signals_risk(value, mapping.risk_answers) for value in given):
                link = Link(f"submission_fill:{pk}", f"answer:{mapping.question}", on)
                c.answers[place_id].append(DatedInput(on, link, factor=mapping.factor.code))


def answer_values(answers: dict[str, Any], path: str) -> list[Any]:
    """Every answer to the question at `path`, looking inside repeats ("cells/sanitation")."""
    if path in answers:
        return [answers[path]]
    for key, entries in answers.items():
        if isinstance(entries, list) and path.startswith(key + "/"):
            rest = path[len(key) + 1 :]
            return [
                value
                for entry in entries
                if isinstance(entry, dict)
                for value in answer_values(entry, rest)
            ]
    return []


def _signals_risk(answer: Any, risk_answers: list[str]) -> bool:
    if answer is None or answer == "":
        return False
    given = answer if isinstance(answer, list) else str(answer).split()
    wanted = {str(value).strip().casefold() for value in risk_answers}
    return any(str(value).casefold() in wanted for value in given)


def _registers(c: _Collector, institution_id: int, since: date, places: set[int] | None) -> None:
    checks = RegisterCheck.objects.for_institution(institution_id).filter(period_to__gte=since)
    checks = _only(checks, places, "visit__place_id")
    fields = ("pk", "visit_id", "visit__place_id", "register", "irregularity_count", "period_to")
    for pk, visit_id, place_id, register, count, period_to in _rows(checks, *fields):
        link = Link(f"visit_detail:{visit_id}#register-{pk}", f"register:{register}", period_to)
        c.registers[place_id].append(RegisterInput(register, count, period_to, link))
    # Evidence other apps provide (custody-register extracts, vigil.registers): register
    # irregularities count as a register check; other factors take it as mapped evidence.
    for provide in hooks.get_hooks(hooks.RISK_EVIDENCE):
        for place_id, factor, count, on, target in provide(
            institution_id=institution_id, since=since, place_ids=places
        ):
            link = Link(target, "register:custody", on)
            if factor == "register_irregularities":
                c.registers[place_id].append(RegisterInput("custody", count, on, link))
            else:
                c.answers[place_id].append(DatedInput(on, link, factor=factor))


def _population(c: _Collector, institution_id: int, places: set[int] | None, on: date) -> None:
    # The latest count on or before the date, per place (rows come newest first).
    snapshots = (
        PopulationSnapshot.objects.for_institution(institution_id)
        .filter(counted_on__lte=on)
        .order_by("place_id", "-counted_on", "-pk")
    )
    snapshots = _only(snapshots, places, "place_id")
    fields = ("pk", "place_id", "counted_on", "total", *POPULATION_FIELDS)
    for _pk, place_id, counted_on, total, *counts in _rows(snapshots, *fields):
        if place_id in c.population:
            continue
        shares = tuple(
            (name, n) for name, n in zip(POPULATION_FIELDS, counts, strict=True) if n is not None
        )
        link = Link(f"place_detail:{place_id}#population", "population", counted_on)
        c.population[place_id] = PopulationInput(total, counted_on, link, shares)


def _people(
    c: _Collector, institution_id: int, since: date, places: set[int] | None, on: date
) -> None:
    from vigil.people.models import Case, CaseMove, Reprisal

    # An allegation found inadmissible or unsubstantiated, or withdrawn, is no evidence of
    # ill-treatment (decision 0027); one still open, resolved or referred is. A score for a
    # past date reads the outcome as it was then: one decided later still counted.
    cases = Case.objects.for_institution(institution_id).filter(received_on__gte=since)
    cases = _only(cases, places, "incident_place_id", "interview__visit__place_id")
    decided: dict[int, date] = {}
    if on < timezone.localdate():
        moves = CaseMove.objects.for_institution(institution_id).filter(
            outcome__in=DISCOUNTED_OUTCOMES, case__in=cases.values("pk")
        )
        for case_id, moved_on in _rows(moves, "case_id", "moved_on"):
            decided[case_id] = max(moved_on, decided.get(case_id, moved_on))
    case_fields = (
        "pk",
        "incident_place_id",
        "interview__visit__place_id",
        "received_on",
        "outcome",
    )
    for pk, incident_place, interview_place, received, outcome in _rows(cases, *case_fields):
        if outcome in DISCOUNTED_OUTCOMES and decided.get(pk, on) <= on:
            continue
        place_id = incident_place or interview_place
        if place_id:
            # No date on the link: with a place, a date can point to who complained.
            link = Link(f"case_list:?place={place_id}", "allegation")
            c.allegations[place_id].append(DatedInput(received, link))
    reprisals = Reprisal.objects.for_institution(institution_id).filter(occurred_on__gte=since)
    reprisals = _only(reprisals, places, "interview__visit__place_id", "case__incident_place_id")
    fields = ("interview__visit__place_id", "case__incident_place_id", "occurred_on")
    for interview_place, case_place, occurred in _rows(reprisals, *fields):
        place_id = interview_place or case_place
        if place_id:
            link = Link(f"reprisal_list:?place={place_id}", "reprisal")
            c.reprisals[place_id].append(DatedInput(occurred, link))


def _settled_on(institution_id: int, on: date, candidates: Any) -> set[int]:
    """The recommendations among `candidates` whose status *on the date* was implemented or
    no longer relevant: the last entry of the implementation history dated on or before it.
    A back-filled score reads the status as it was then, not today's (decision 0027)."""
    from vigil.recommendations.models import Status, StatusUpdate

    settled = {Status.IMPLEMENTED, Status.NO_LONGER_RELEVANT}
    latest: dict[int, str] = {}
    history = (
        StatusUpdate.objects.for_institution(institution_id)
        .filter(recommendation__in=candidates, on__lte=on)
        .order_by("recommendation_id", "on", "created_at", "pk")
    )
    for recommendation_id, status in _rows(history, "recommendation_id", "status"):
        latest[recommendation_id] = status  # rows come oldest first: the last one wins
    return {pk for pk, status in latest.items() if status in settled}


def _urgent_recommendations(
    c: _Collector, institution_id: int, on: date, places: set[int] | None
) -> None:
    from vigil.recommendations.models import Priority, Recommendation, Status

    urgent = Recommendation.objects.for_institution(institution_id).filter(
        priority=Priority.URGENT, due_on__lt=on
    )
    if on >= timezone.localdate():
        # Today: the current status is the last entry of the history.
        open_urgent = urgent.exclude(status__in=[Status.IMPLEMENTED, Status.NO_LONGER_RELEVANT])
        settled: set[int] = set()
    else:
        open_urgent = urgent
        settled = _settled_on(institution_id, on, urgent.values("pk"))
    if places is not None:
        chosen = _only(open_urgent, places, "places__id", "visit__place_id")
        open_urgent = open_urgent.filter(pk__in=list(chosen.values_list("pk", flat=True)))
    seen: set[tuple[int, int]] = set()
    for field in ("places__id", "visit__place_id"):
        for pk, place_id, due_on in _rows(open_urgent, "pk", field, "due_on"):
            if place_id is None or (pk, place_id) in seen or pk in settled:
                continue
            seen.add((pk, place_id))
            link = Link(f"recommendation_detail:{pk}", "recommendation", due_on)
            c.urgent[place_id].append(DatedInput(due_on, link))


def gather_inputs(
    *, institution_id: int, on: date, window_months: int, place_ids: Iterable[int] | None = None
) -> dict[int, PlaceInputs]:
    """The evidence of every open place of the institution (or of `place_ids`) up to `on`."""
    since = on - timedelta(days=int(30.4375 * window_months) + 1)
    places = Place.objects.for_institution(institution_id).exclude(status=Place.Status.CLOSED)
    if place_ids is not None:
        places = places.filter(pk__in=list(place_ids))
    capacities = dict(_rows(places, "pk", "capacity"))
    # A few places (an incremental run) are read alone; many are read with the institution's.
    chosen = set(capacities) if place_ids is not None and len(capacities) <= FEW else None
    c = _Collector()
    _visits(c, institution_id, since, chosen)
    _findings(c, institution_id, since, chosen)
    _answers(c, institution_id, since, chosen)
    _registers(c, institution_id, since, chosen)
    _population(c, institution_id, chosen, on)
    _people(c, institution_id, since, chosen, on)
    _urgent_recommendations(c, institution_id, on, chosen)
    return {
        place_id: PlaceInputs(
            place_id=place_id,
            capacity=capacity,
            population=c.population.get(place_id),
            visits=tuple(c.visits.get(place_id, ())),
            findings=tuple(c.findings.get(place_id, ())),
            answers=tuple(c.answers.get(place_id, ())),
            allegations=tuple(c.allegations.get(place_id, ())),
            reprisals=tuple(c.reprisals.get(place_id, ())),
            urgent_recommendations=tuple(c.urgent.get(place_id, ())),
            registers=tuple(c.registers.get(place_id, ())),
        )
        for place_id, capacity in capacities.items()
    }
