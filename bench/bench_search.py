"""Search figures at national scale (issue 26): 300,000 findings on 60,000 visits of 20,000
places, as `make bench-national` holds; the time to index them all (`vigil search rebuild`),
to index one record in its writing transaction, and to answer a common word (in nearly every
finding), a phrase, a prefix and a rare word, grouped and on one kind's page, as the results
page asks them, plus the whole results page. Target: a common word under 300 ms.

VIGIL_BENCH_SEARCH_SCALE shrinks the counts (0.1 for a quick check on a busy machine).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection, transaction
from django.urls import reverse

from bench.bench_places import _actor, _add_places, _client
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.places.models import Place
from vigil.search.engine import Filters
from vigil.search.selectors import search
from vigil.search.services import index_rebuild
from vigil.visits.models import Finding, Severity, Theme, Visit, VisitType

Report = Callable[[str, float, str], None]
SCALE = float(os.environ.get("VIGIL_BENCH_SEARCH_SCALE", "1"))
PLACES, VISITS, FINDINGS = 20_000, 60_000, 300_000
TODAY = date(2026, 6, 1)
COMMON = "detainees"  # in nearly every finding, as in a real register of findings
WORDS = [
    "overcrowding",
    "cell",
    "ventilation",
    "light",
    "mattress",
    "solitary",
    "restraint",
    "handcuffs",
    "beating",
    "electric",
    "shocks",
    "threats",
    "humiliation",
    "lawyer",
    "doctor",
    "family",
    "notification",
    "register",
    "custody",
    "interrogation",
    "recording",
    "complaint",
    "medical",
    "injury",
    "night",
    "shift",
    "guards",
    "juveniles",
    "women",
    "migrants",
    "remand",
    "sanitation",
    "water",
    "food",
    "exercise",
    "visits",
    "telephone",
    "discipline",
    "isolation",
]
RARE = "zhuravlyovka"  # in one finding


def _visits(actor: Membership, count: int) -> list[int]:
    rng = random.Random(7)
    places = list(Place.objects.for_actor(actor).values_list("pk", flat=True))
    Visit.objects.bulk_create(
        [
            Visit(
                institution=actor.institution,
                place_id=places[i % len(places)],
                reference=f"V-S-{i:06d}",
                visit_type=VisitType.FULL,
                starts_on=TODAY - timedelta(days=rng.randint(1, 3650)),
                status=Visit.Status.CLOSED,
                created_by=actor.user,
            )
            for i in range(count)
        ],
        batch_size=5000,
    )
    return list(Visit.objects.for_actor(actor).values_list("pk", flat=True))


def _findings(actor: Membership, visits: list[int], count: int) -> None:
    rng = random.Random(8)
    themes = list(Theme.objects.filter(institution__isnull=True))
    severities = list(Severity.values)
    for start in range(0, count, 20_000):
        rows = []
        for i in range(start, min(count, start + 20_000)):
            words = " ".join(rng.choice(WORDS) for _ in range(24))
            common = COMMON if i % 50 else "persons held"  # 98 % of findings
            rare = f" {RARE}" if i == count // 2 else ""
            rows.append(
                Finding(
                    institution=actor.institution,
                    visit_id=visits[i % len(visits)],
                    theme=themes[i % len(themes)],
                    severity=severities[i % len(severities)],
                    title=f"{rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)} {i}",
                    description=f"{common.capitalize()} reported {words}.{rare}",
                    created_by=actor.user,
                )
            )
        Finding.objects.bulk_create(rows, batch_size=5000)


def _best_ms(run: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def run(report: Report) -> None:
    actor = _actor("Search Bench Commission")
    counts = [max(1, int(n * SCALE)) for n in (PLACES, VISITS, FINDINGS)]
    report("scale (VIGIL_BENCH_SEARCH_SCALE)", SCALE, "")
    _add_places(actor, counts[0], 0)
    visits = _visits(actor, counts[1])
    _findings(actor, visits, counts[2])
    report(
        "findings in the institution",
        Finding.objects.for_actor(actor).count(),
        "rows",
    )

    started = time.perf_counter()
    written = index_rebuild(institution_id=actor.institution_id)
    seconds = time.perf_counter() - started
    report("rebuild the index (vigil search rebuild)", seconds, "s")
    report("records indexed per second", sum(written.values()) / seconds, "rows/s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")

    finding = Finding.objects.for_actor(actor).last()
    assert finding is not None

    def write_one() -> None:
        with transaction.atomic():
            finding.save(update_fields=["title"])
            audit_by(actor, "finding.updated", finding)

    report("one finding written and audited, index included", _best_ms(write_one), "ms")

    def ask(query: str, **options: object) -> Callable[[], object]:
        kinds = options.pop("kinds", ())
        return lambda: search(actor=actor, query=query, filters=Filters(kinds=kinds), **options)  # type: ignore[arg-type]

    report(f"common word '{COMMON}', grouped by kind (target 300)", _best_ms(ask(COMMON)), "ms")
    report(f"common word '{COMMON}', newest first", _best_ms(ask(COMMON, sort="date")), "ms")
    report(
        f"common word '{COMMON}', findings page 1", _best_ms(ask(COMMON, kinds=["finding"])), "ms"
    )
    report("phrase '\"electric shocks\"', grouped", _best_ms(ask('"electric shocks"')), "ms")
    report("prefix 'overcrow*', grouped", _best_ms(ask("overcrow*")), "ms")
    report(f"rare word '{RARE}', grouped", _best_ms(ask(RARE)), "ms")
    results = search(actor=actor, query=COMMON, filters=Filters())
    report(f"matches of '{COMMON}'", results.total, "rows")

    client = _client(actor)
    url = reverse("search:search")
    report(
        f"results page for '{COMMON}' (whole request)",
        _best_ms(lambda: client.get(url, {"q": COMMON})),
        "ms",
    )
