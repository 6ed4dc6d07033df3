"""Recommendations figures: the follow-up dashboard at 1,000 and 50,000 recommendations (its
query count must not grow), and one run of the reminders over the 50,000."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.bench_places import _actor, _client
from vigil.core.models import Membership
from vigil.recommendations.models import Addressee, Recommendation, Source, Status
from vigil.recommendations.services.reminders import reminders_send
from vigil.visits.models import Theme

Report = Callable[[str, float, str], None]

STATUSES = list(Status.values)
RESPONSES = ["", "accepted", "partially_accepted", "rejected", "no_response"]
TODAY = date(2026, 6, 1)


def _add(actor: Membership, count: int, start: int) -> None:
    rng = random.Random(start)
    themes = list(Theme.objects.filter(institution__isnull=True)[:8]) or [
        Theme.objects.create(institution=actor.institution, code=f"bench-{n}", name=f"Theme {n}")
        for n in range(8)
    ]
    sources = [s for s in Source.values if s != Source.UN_MECHANISM]
    recs = []
    for n in range(start, start + count):
        issued = date(2019, 1, 1) + timedelta(days=rng.randint(0, 2700))
        status = rng.choice(STATUSES)
        recs.append(
            Recommendation(
                institution=actor.institution,
                reference=f"B-{n:06d}",
                text=f"Recommendation {n}",
                source=rng.choice(sources),
                issued_on=issued,
                addressee=rng.choice(Addressee.values),
                priority="medium",
                due_on=issued + timedelta(days=rng.randint(30, 720)),
                response=rng.choice(RESPONSES),
                status=status,
                status_on=issued,
                implemented_on=issued + timedelta(days=rng.randint(5, 900))
                if status == Status.IMPLEMENTED
                else None,
                created_by=actor.user,
            )
        )
    created = Recommendation.objects.bulk_create(recs, batch_size=2000)
    if not created or created[0].pk is None:  # backends that return no keys
        created = list(Recommendation.objects.filter(reference__in=[r.reference for r in recs]))
    link = Recommendation.themes.through
    link.objects.bulk_create(
        [
            link(recommendation_id=rec.pk, theme_id=theme.pk)
            for rec in created
            for theme in rng.sample(themes, rng.randint(0, 2))
        ],
        batch_size=5000,
    )


def _dashboard(client: Client, query: str = "") -> tuple[int, float]:
    url = reverse("recommendations:recommendation_dashboard") + query
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return len(queries), elapsed * 1000


def run(report: Report) -> None:
    actor = _actor("Recommendations Bench")
    client = _client(actor)
    _add(actor, 1_000, 0)
    small = _dashboard(client)
    _add(actor, 49_000, 1_000)
    big = _dashboard(client)
    filtered = _dashboard(client, "?year_from=2021&year_to=2023&addressee=ministry")
    report("dashboard, 1,000 recommendations: queries", small[0], "queries")
    report("dashboard, 1,000 recommendations: time", small[1], "ms")
    report("dashboard, 50,000 recommendations: queries", big[0], "queries")
    report("dashboard, 50,000 recommendations: time", big[1], "ms")
    report("dashboard, 50,000, filtered by years and addressee: time", filtered[1], "ms")
    assert small[0] == big[0], "the dashboard's query count grew with the data"
    started = time.perf_counter()
    counts = reminders_send(today=TODAY)
    elapsed = time.perf_counter() - started
    created = counts["due_soon"] + counts["overdue"] + counts["response_awaited"]
    report(f"reminders over 50,000 recommendations ({created:,} created)", elapsed, "s")
    started = time.perf_counter()
    reminders_send(today=TODAY)
    report("reminders again, nothing new to send", time.perf_counter() - started, "s")
