"""The visits and findings dashboard (issue 20): its queries and time at demo scale, and in
an institution of 20,000 places and 60,000 visits (with 300,000 findings and 10,000
interviews, bench/national_data.py).

    VIGIL_BENCH_DASHBOARD_SCALE=0.02 make bench   # a quick check at 2 % of the national size

The national institution is built once per run in the throw-away bench database (a few
minutes at full scale); the demo is loaded beside it. Each page is requested once to warm
up, then timed; the query count is printed beside the time, and must not grow with scale.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.national_data import national_add
from vigil.core.demo.builder import demo_load
from vigil.core.middleware import SESSION_INSTITUTION, SESSION_MFA_OK
from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.services.institutions import institution_create, membership_add, user_create

Report = Callable[[str, float, str], None]

SCALE = float(os.environ.get("VIGIL_BENCH_DASHBOARD_SCALE", "1"))
# Only what the dashboard reads is built at scale; the rest is kept small.
SMALL = {"population_counts": 1, "audit_events": 1, "recommendations": 100, "cases": 20}


def _client(member: Membership) -> Client:
    client = Client()
    client.force_login(member.user)
    session = client.session
    session[SESSION_INSTITUTION], session[SESSION_MFA_OK] = member.institution_id, True
    session.save()
    return client


def _page(client: Client, query: dict[str, str]) -> tuple[int, float]:
    url = reverse("visits:visit_dashboard")
    assert client.get(url, query).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, query)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return len(queries), elapsed * 1000


def _measure(report: Report, label: str, member: Membership, year: int) -> None:
    client = _client(member)
    for name, query in (
        ("", {"year": str(year)}),
        (", filtered by kind", {"year": str(year), "kind": _a_kind(member)}),
    ):
        queries, ms = _page(client, query)
        report(f"dashboard, {label}{name}: queries", queries, "")
        report(f"dashboard, {label}{name}: time", ms, "ms")
    url = reverse("visits:visit_dashboard_export")
    started = time.perf_counter()
    response = client.get(url, {"year": str(year)})
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    report(f"dashboard CSV, {label}: time", (time.perf_counter() - started) * 1000, "ms")


def _a_kind(member: Membership) -> str:
    from vigil.places.models import Place

    kind = Place.objects.for_actor(member).values_list("kind_id", flat=True).first()
    return str(kind or "")


def run(report: Report) -> None:
    started = time.perf_counter()
    demo_load()
    demo_admin = (
        Membership.objects.filter(role=Role.ADMIN, is_active=True)
        .select_related("institution", "user")
        .order_by("institution_id", "pk")
        .first()
    )
    assert demo_admin is not None
    report("demo loaded in", time.perf_counter() - started, "s")
    _measure(report, "demo", demo_admin, 2026)

    started = time.perf_counter()
    institution = institution_create(name="Dashboard Bench", country="Meridia", kind="npm")
    user = user_create(email="dashboard-bench@example.org", full_name="Bench", password=None)
    admin = membership_add(user=user, institution=institution, role=Role.ADMIN)
    built = national_add(admin, scale=SCALE, counts=SMALL)
    report(
        f"national built ({built.counts['places']:,} places, {built.counts['visits']:,} visits)",
        time.perf_counter() - started,
        "s",
    )
    _measure(report, f"{built.counts['places']:,} places", admin, 2026)
