"""REST API figures: the place list (/api/v1/places/) at 100 and 20,000 places, read with a
personal access token. Its query count must not grow with the places."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.bench_places import _actor, _add_places
from vigil.api.models import Scope
from vigil.api.services.tokens import token_create
from vigil.api.views.registry import resource_choices
from vigil.core.models import Membership

Report = Callable[[str, float, str], None]


def _token_client(actor: Membership) -> Client:
    new = token_create(
        actor=actor,
        name="bench",
        expires_at=timezone.now() + timedelta(days=1),
        scope=Scope.READ,
        resources=[],
        known_resources=[name for name, _label in resource_choices()],
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {new.secret}")


def _api_list(client: Client, query: str = "") -> tuple[int, float]:
    url = "/api/v1/places/" + query
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        answer = client.get(url)
        elapsed = time.perf_counter() - started
    assert answer.status_code == 200, answer.content[:300]
    return len(queries), elapsed * 1000


def run(report: Report) -> None:
    settings.VIGIL_API_RATE = ""  # the benchmark measures the list, not the rate limit
    actor = _actor("API Bench")
    client = _token_client(actor)
    _add_places(actor, 100, 0)
    small, small_unvisited = _api_list(client), _api_list(client, "?last_visit=12")
    _add_places(actor, 19_900, 100)
    big, big_unvisited = _api_list(client), _api_list(client, "?last_visit=12")
    report("API place list, 100 places: queries", small[0], "queries")
    report("API place list, 100 places: time", small[1], "ms")
    report("API place list, 20,000 places: queries", big[0], "queries")
    report("API place list, 20,000 places: time", big[1], "ms")
    report("API places not visited for a year, 100: queries", small_unvisited[0], "queries")
    report("API places not visited for a year, 20,000: queries", big_unvisited[0], "queries")
    report("API places not visited for a year, 20,000: time", big_unvisited[1], "ms")
