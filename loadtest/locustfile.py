"""The team Vigil is loaded with: staff who mostly read (lists, records, dashboards) and
sometimes write (observations, findings, population counts, authorities' responses).

The "health" profile (`make loadtest-health`) runs `HeavyReader`s, who read the heaviest
pages without a pause, beside one `HealthProbe` that asks `/healthz` four times a second,
as a load balancer would: its p95 says whether health checks queue behind heavy pages.

Run by `python -m loadtest` with LOADTEST_PLAN (what prepare.py printed) and
LOADTEST_RESULT (where the acknowledged writes are written at the end).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid
from datetime import date, timedelta
from typing import Any

from locust import HttpUser, between, constant, events, task

PLAN: dict[str, Any] = json.loads(open(os.environ["LOADTEST_PLAN"]).read())  # noqa: SIM115
ACKNOWLEDGED: dict[str, int] = dict.fromkeys(PLAN["writes"], 0)
REFUSED: list[str] = []
_numbers = itertools.count()
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class SignedIn(HttpUser):
    abstract = True

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.rng = random.Random(self.number)
        self.client.cookies.set("sessionid", PLAN["sessions"][self.number % len(PLAN["sessions"])])

    def _read(self, name: str) -> None:
        self.client.get(self.rng.choice(PLAN["pages"][name]), name=name)


HEAVY_PAGES = [
    "dashboard",
    "risk priorities",
    "visits list",
    "recommendations list",
    "places list",
    "recommendation",
    "visit",
    "place",
    "home",
]


class HeavyReader(SignedIn):
    """Profile "health": the heaviest pages, one after the other, without a pause."""

    wait_time = constant(0)

    @task
    def heavy(self) -> None:
        self._read(self.rng.choice(HEAVY_PAGES))


class HealthProbe(HttpUser):
    """Profile "health": a load balancer's probe (no session, as a real probe has none), at
    the health server of its own, as nginx routes /healthz."""

    fixed_count = 1
    wait_time = constant(0.25)

    @task
    def probe(self) -> None:
        self.client.get(os.environ["LOADTEST_HEALTH_URL"], name="health (health server)")


class WebServerProbe(HttpUser):
    """Profile "health", to compare: the same probe at the web server the readers keep busy."""

    fixed_count = 1
    wait_time = constant(0.25)

    @task
    def probe(self) -> None:
        self.client.get(PLAN["pages"]["health"][0], name="health (web server)")


class Staff(SignedIn):
    wait_time = between(1, 4)

    def on_start(self) -> None:
        super().on_start()
        page = self.client.get(PLAN["pages"]["home"][0], name="home").text
        self.token = self.client.cookies.get("csrftoken") or ""
        found = _TOKEN.search(page)
        if not self.token and found:
            self.token = found.group(1)
        self.writes = 0
        places = PLAN["writes"]["population"]
        self.my_places = places[self.number :: max(1, len(PLAN["sessions"]))] or places

    def _write(self, kind: str, url: str, data: dict[str, Any]) -> None:
        if not self.token:
            page = self.client.get(url, name=f"{kind} (form)").text
            found = _TOKEN.search(page)
            self.token = self.client.cookies.get("csrftoken") or (found.group(1) if found else "")
        with self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": self.token},
            headers={"X-CSRFToken": self.token, "Referer": self.host + url},
            allow_redirects=False,
            name=f"write: {kind}",
            catch_response=True,
        ) as answer:
            if answer.status_code == 302:
                ACKNOWLEDGED[kind] += 1
                answer.success()
            else:
                why = answer.error or answer.text[:200]
                REFUSED.append(f"{kind} {url}: HTTP {answer.status_code} {why}")
                answer.failure(f"not saved: HTTP {answer.status_code}")
        self.writes += 1

    @task(6)
    def lists(self) -> None:
        self._read(self.rng.choice(["places list", "visits list", "recommendations list"]))

    @task(8)
    def records(self) -> None:
        self._read(self.rng.choice(["place", "visit", "recommendation"]))

    @task(3)
    def figures(self) -> None:
        self._read(self.rng.choice(["home", "dashboard", "risk priorities"]))

    @task(2)
    def health(self) -> None:
        self._read("health")

    @task(1)
    def observation(self) -> None:
        text = f"Load test observation {uuid.uuid4()}"
        theme = self.rng.choice(PLAN["themes"])
        url = self.rng.choice(PLAN["writes"]["observation"])
        self._write("observation", url, {"theme": theme, "text": text})

    @task(1)
    def finding(self) -> None:
        url = self.rng.choice(PLAN["writes"]["finding"])
        self._write(
            "finding",
            url,
            {
                "title": f"Load test finding {uuid.uuid4().hex[:8]}",
                "theme": self.rng.choice(PLAN["themes"]),
                "severity": "concern",
                "description": "Written by the load test.",
            },
        )

    @task(1)
    def population(self) -> None:
        # One place and day per write and per user: the same count is never posted twice.
        place_url = self.my_places[self.writes % len(self.my_places)]
        day = date.today() - timedelta(days=1 + self.writes // len(self.my_places))
        self._write(
            "population",
            place_url,
            {"counted_on": day.isoformat(), "source": "other", "total": self.rng.randint(5, 900)},
        )

    @task(1)
    def response(self) -> None:
        url = self.rng.choice(PLAN["writes"]["response"])
        self._write(
            "response",
            url,
            {
                "response": "partially_accepted",
                "received_on": (date.today() - timedelta(days=1)).isoformat(),
                "text": "Load test response.",
            },
        )


@events.quitting.add_listener
def _write_result(environment: Any, **_kwargs: Any) -> None:
    stats = []
    for entry in sorted(environment.stats.entries.values(), key=lambda e: e.name):
        stats.append(
            {
                "name": entry.name,
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
                "p99": entry.get_response_time_percentile(0.99),
            }
        )
    with open(os.environ["LOADTEST_RESULT"], "w") as out:
        json.dump({"stats": stats, "acknowledged": ACKNOWLEDGED, "refused": REFUSED[:50]}, out)
