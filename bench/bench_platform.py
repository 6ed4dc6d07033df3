"""Platform figures: audit chain throughput and verification, field encryption, audit page."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core import crypto
from vigil.core.audit import audit_record, audit_verify
from vigil.core.middleware import SESSION_INSTITUTION, SESSION_MFA_OK
from vigil.core.roles import Role
from vigil.core.services.institutions import institution_create, membership_add, user_create

Report = Callable[[str, float, str], None]


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _append(institution: object, count: int) -> None:
    for start in range(0, count, 1000):
        with transaction.atomic():
            for _ in range(min(1000, count - start)):
                audit_record(action="bench.event", actor=None, institution=institution)  # type: ignore[arg-type]


def _audit_page(client: Client) -> tuple[int, float]:
    client.get(reverse("core:audit_list"))
    with CaptureQueriesContext(connection) as queries:
        seconds = _timed(lambda: client.get(reverse("core:audit_list")))
    return len(queries), seconds * 1000


def run(report: Report) -> None:
    institution = institution_create(name="Bench", country="Meridia", kind="both")
    user = user_create(email="bench@example.org", full_name="Bench", password=None)
    membership_add(user=user, institution=institution, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_INSTITUTION], session[SESSION_MFA_OK] = institution.pk, True
    session.save()

    _append(institution, 100)
    small_queries, small_ms = _audit_page(client)
    seconds = _timed(lambda: _append(institution, 20_000))
    report("audit events appended per second (batches of 1,000)", 20_000 / seconds, "events/s")
    big_queries, big_ms = _audit_page(client)
    report("audit page with ~100 events: queries", small_queries, "queries")
    report("audit page with ~100 events: time", small_ms, "ms")
    report("audit page with ~20,100 events: queries", big_queries, "queries")
    report("audit page with ~20,100 events: time", big_ms, "ms")
    result: dict[str, object] = {}
    seconds = _timed(lambda: result.update(report=audit_verify()))
    report("vigil audit verify, ~20,100 events", seconds, "s")

    text = "Name Surname, identity number 1234567890, notes " * 4
    n = 20_000
    seconds = _timed(lambda: [crypto.encrypt(text, context="bench") for _ in range(n)])
    report("encrypt a 200-byte value", n / seconds, "values/s")
    token = crypto.encrypt(text, context="bench")
    seconds = _timed(lambda: [crypto.decrypt(token, context="bench") for _ in range(n)])
    report("decrypt a 200-byte value", n / seconds, "values/s")
