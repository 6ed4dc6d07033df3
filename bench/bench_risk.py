"""Risk figures: scoring 20,000 places backed by a million records, and the priority list's
query count at 100 and at 20,000 places (it must not grow)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.bench_places import _actor, _add_places, _client
from vigil.core.models import Membership
from vigil.core.redaction import Audience, redact
from vigil.places.models import Place, PopulationSnapshot
from vigil.recommendations.models import Addressee, Priority, Recommendation, Source, Status
from vigil.risk.reports.gaps import gaps_document, render_pdf
from vigil.risk.selectors.gaps import gaps_build
from vigil.risk.services.aggregates import aggregates_rebuild
from vigil.risk.services.dirty import mark_all, places_mark
from vigil.risk.services.scores import scores_compute, scores_refresh
from vigil.visits.models import Finding, RegisterCheck, Severity, Theme, Visit, VisitType

Report = Callable[[str, float, str], None]
TODAY = date(2026, 6, 1)
SEVERITIES = list(Severity.values)
REGISTERS = list(RegisterCheck.Register.values)


def _days_ago(rng: random.Random, most: int = 1400) -> date:
    return TODAY - timedelta(days=rng.randint(1, most))


def _visits(actor: Membership, place_ids: list[int], per_place: int) -> list[tuple[int, int]]:
    rng = random.Random(1)
    Visit.objects.bulk_create(
        [
            Visit(
                institution=actor.institution,
                place_id=place_id,
                visit_type=VisitType.FULL,
                starts_on=_days_ago(rng),
                status=Visit.Status.CLOSED,
                created_by=actor.user,
            )
            for place_id in place_ids
            for _ in range(per_place)
        ],
        batch_size=5000,
    )
    return list(Visit.objects.filter(institution=actor.institution).values_list("pk", "place_id"))


def _findings(actor: Membership, visits: list[tuple[int, int]], count: int) -> None:
    rng = random.Random(2)
    themes = list(Theme.objects.filter(institution__isnull=True))
    for start in range(0, count, 50_000):
        Finding.objects.bulk_create(
            [
                Finding(
                    institution=actor.institution,
                    visit_id=rng.choice(visits)[0],
                    theme=rng.choice(themes),
                    severity=rng.choice(SEVERITIES),
                    title="Bench finding",
                    description="Bench",
                    created_by=actor.user,
                )
                for _ in range(min(50_000, count - start))
            ],
            batch_size=5000,
        )


def _register_checks(actor: Membership, visits: list[tuple[int, int]], count: int) -> None:
    rng = random.Random(3)
    RegisterCheck.objects.bulk_create(
        [
            RegisterCheck(
                institution=actor.institution,
                visit_id=rng.choice(visits)[0],
                register=rng.choice(REGISTERS),
                period_from=(end := _days_ago(rng)) - timedelta(days=30),
                period_to=end,
                entries_examined=50,
                irregularity_count=rng.randint(0, 6),
                created_by=actor.user,
            )
            for _ in range(count)
        ],
        batch_size=5000,
    )


def _snapshots(actor: Membership, place_ids: list[int], per_place: int) -> int:
    rng = random.Random(4)
    rows = []
    for place_id in place_ids:
        for days in rng.sample(range(1, 1400), per_place):  # one count per place and day
            total = rng.randint(10, 1500)
            rows.append(
                PopulationSnapshot(
                    institution=actor.institution,
                    place_id=place_id,
                    counted_on=TODAY - timedelta(days=days),
                    total=total,
                    women=rng.randint(0, total // 4),
                    pre_trial=rng.randint(0, total // 2),
                    source=PopulationSnapshot.Source.OFFICIAL,
                )
            )
    PopulationSnapshot.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _recommendations(actor: Membership, visits: list[tuple[int, int]], count: int) -> None:
    rng = random.Random(5)
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                institution=actor.institution,
                reference=f"RB-{n:06d}",
                text="Bench recommendation",
                source=Source.VISIT_REPORT,
                visit_id=rng.choice(visits)[0],
                issued_on=(issued := _days_ago(rng)),
                addressee=Addressee.DETAINING_AUTHORITY,
                priority=rng.choice([Priority.URGENT, Priority.HIGH, Priority.MEDIUM]),
                due_on=issued + timedelta(days=60),
                status=rng.choice([Status.NOT_STARTED, Status.IN_PROGRESS, Status.IMPLEMENTED]),
                created_by=actor.user,
            )
            for n in range(count)
        ],
        batch_size=5000,
    )


def _priority_list_queries(client: Client) -> int:
    url = reverse("risk:risk_priorities")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def run(report: Report) -> None:
    small = _actor("Risk Bench Small")
    _add_places(small, 100, 0)
    scores_compute(institution=small.institution, on=TODAY)
    report("priority list, 100 places: queries", _priority_list_queries(_client(small)), "queries")

    actor = _actor("Risk Bench")
    _add_places(actor, 20_000, 100_000)
    place_ids = list(
        Place.objects.filter(institution=actor.institution).values_list("pk", flat=True)
    )
    visits = _visits(actor, place_ids, per_place=5)  # 100,000
    _findings(actor, visits, 600_000)
    _register_checks(actor, visits, 100_000)
    snapshots = _snapshots(actor, place_ids, per_place=8)  # 160,000
    _recommendations(actor, visits, 20_000)
    records = 20_000 + len(visits) + 600_000 + 100_000 + snapshots + 20_000
    started = time.perf_counter()
    result = scores_compute(institution=actor.institution, on=TODAY)
    elapsed = time.perf_counter() - started
    report(f"score {result['places']:,} places over {records:,} records", elapsed, "s")
    started = time.perf_counter()
    again = scores_compute(institution=actor.institution, on=TODAY)
    report(
        f"score them again, nothing changed ({again['written']} written)",
        time.perf_counter() - started,
        "s",
    )
    big = _priority_list_queries(_client(actor))
    report("priority list, 20,000 places: queries", big, "queries")
    _incremental(report, actor)
    _gaps(report, actor)


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _incremental(report: Report, actor: Membership) -> None:
    """Issue 14: a run with nothing changed must cost under 5 % of a full run."""
    institution = actor.institution
    mark_all(institution.pk)
    full = _timed(lambda: scores_refresh(institution=institution))
    report("refresh today, every place (with stored figures)", full, "s")
    rebuild = _timed(lambda: aggregates_rebuild(institution=institution))
    report("  of which: rebuild the stored figures", rebuild, "s")
    nothing = _timed(lambda: scores_refresh(institution=institution))
    report("refresh, nothing changed", nothing, "s")
    report("refresh, nothing changed: share of a full run", 100 * nothing / full, "%")
    place_ids = list(Place.objects.filter(institution=institution).values_list("pk", flat=True))
    places_mark(institution.pk, place_ids[:10])
    ten = _timed(lambda: scores_refresh(institution=institution))
    report("refresh, 10 places changed", ten, "s")


def _gaps(report: Report, actor: Membership) -> None:
    """Issue 14: the protection gaps page under 300 ms and its PDF under 3 s at this scale."""
    client = _client(actor)
    url = reverse("risk:risk_gaps")
    client.get(url)
    page = min(_timed(lambda: client.get(url)) for _ in range(3))
    report("protection gaps page, 20,000 places", page * 1000, "ms")

    import weasyprint  # noqa: F401 (the worker has it loaded: not part of the figure)

    started = time.perf_counter()
    gaps = gaps_build(actor=actor)
    document = gaps_document(gaps, institution=actor.institution, audience=Audience.INTERNAL)
    redacted = redact(document, reader=actor, audience=Audience.INTERNAL)
    report("protection gaps PDF: its figures", time.perf_counter() - started, "s")
    report("protection gaps PDF: rendered", _timed(lambda: render_pdf(redacted, gaps.chart)), "s")
