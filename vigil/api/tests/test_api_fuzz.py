"""Schemathesis against a live server, with a read-write token: every operation of the
schema gets VIGIL_FUZZ_EXAMPLES generated requests (200 by default) of valid input and
VIGIL_FUZZ_NEGATIVE of invalid input, each operation bounded by VIGIL_FUZZ_SECONDS. None may
answer with a server error or a response that breaks the schema. It runs within `make test`
on SQLite and on PostgreSQL, like every test.

One live server and one set of records serve every operation: building them per operation
would cost more than the requests themselves."""

from __future__ import annotations

import json
import os
import socket
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler, _StaticFilesHandler
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from vigil.api.tests.support import token_for
from vigil.api.tests.world import world_of

EXAMPLES = int(os.environ.get("VIGIL_FUZZ_EXAMPLES", "160"))
NEGATIVE = int(os.environ.get("VIGIL_FUZZ_NEGATIVE", "40"))
# The time each operation may take, so that `make test` stays within its budget on both
# databases; `make fuzz` gives every operation all its examples.
SECONDS = float(os.environ.get("VIGIL_FUZZ_SECONDS", "8"))
CHECKS = [not_a_server_error, response_schema_conformance]


def served_schema() -> dict[str, Any]:
    """The schema exactly as /api/v1/schema/ serves it."""
    generator = SchemaGenerator(api_version="v1")
    rendered = OpenApiJsonRenderer().render(generator.get_schema(request=None, public=True))
    return json.loads(rendered)  # type: ignore[no-any-return]


class TimeUp(Exception):
    """An operation's time budget is spent."""


def _fuzz(operation: Any, mode: GenerationMode, examples: int, call: Any) -> list[str]:
    """Send up to `examples` generated requests; the problems found, as text."""
    deadline = time.monotonic() + SECONDS * examples / (EXAMPLES + NEGATIVE)
    problems: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        if time.monotonic() > deadline:
            raise TimeUp  # the operation's time is up: its remaining examples are skipped
        call(case)

    try:
        run()
    except TimeUp:
        pass
    except Exception as failure:
        problems.append(f"{operation.label} ({mode.value}): {failure}")
    return problems


class _PromptHandler(QuietWSGIRequestHandler):
    """Answers without Nagle's delay: headers and body leave in two writes, and the client's
    delayed ACK would otherwise add 40 ms to every request."""

    def setup(self) -> None:
        super().setup()
        sock: Any = self.connection
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _OneThreadServer(WSGIServer):
    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class _ServerThread(LiveServerThread):
    """A live server answering one request after another on one database connection, which
    it keeps: the fuzzer sends thousands of requests, and a new connection for each (as
    Django's threaded test server makes) would cost more than the request."""

    def _create_server(self, connections_override: Any = None) -> Any:
        return _OneThreadServer((self.host, self.port), _PromptHandler, allow_reuse_address=False)


@pytest.fixture
def fuzz_server(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", None)
    thread = _ServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


@pytest.mark.django_db(transaction=True)
def test_no_operation_answers_a_server_error_or_breaks_its_schema(fuzz_server, personas, settings):
    settings.VIGIL_API_RATE = ""  # no limit: the fuzzer is not a client to slow down
    world_of(personas.institution_a, personas.admin)
    headers = {"Authorization": f"Bearer {token_for(personas.admin)}"}
    sent: Counter[str] = Counter()
    session = requests.Session()  # one connection pool for every request

    def call(case: Any) -> None:
        response = case.call(base_url=fuzz_server, session=session, headers=headers, timeout=30)
        sent[case.operation.label] += 1
        case.validate_response(response, checks=CHECKS)

    problems: list[str] = []
    operations = [
        result.ok()
        for result in schemathesis.openapi.from_dict(served_schema()).get_all_operations()
    ]
    only = os.environ.get("VIGIL_FUZZ_ONLY", "")  # e.g. "GET /api/v1/places/", to rerun one
    for operation in (op for op in operations if only in op.label):
        started = time.monotonic()
        problems += _fuzz(operation, GenerationMode.POSITIVE, EXAMPLES, call)
        if NEGATIVE:
            problems += _fuzz(operation, GenerationMode.NEGATIVE, NEGATIVE, call)
        took = time.monotonic() - started
        print(f"{operation.label}: {sent[operation.label]} requests, {took:.1f}s")  # noqa: T201
    assert not problems, "\n\n".join(problems)
    assert {op.label for op in operations if only in op.label} == set(sent), "all requested"
