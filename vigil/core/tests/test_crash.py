"""A crash in the middle of a burst of writes: every write the server answered as saved is
there afterwards, and the audit chain still verifies.

The real server (gunicorn, two workers) runs in its own process group on a database of its
own; eight clients create places over HTTP; once some saves are confirmed the whole group
is killed with SIGKILL, as a power cut or the OOM killer would.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from vigil.core.tests.sites import ROOT, Site, new_database

_CLIENTS = 8
_KILL_AFTER = 24  # confirmed saves before the crash
_SETUP = """
import json, django; django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from vigil.core.middleware import SESSION_INSTITUTION, SESSION_MFA_OK
from vigil.core.tests.factories import make_personas
from vigil.places.models import PlaceKind
from vigil.places.services.register import authority_create
admin = make_personas().admin
authority = authority_create(actor=admin, name="Police service", kind="police")
session = SessionStore()
session.update({
    SESSION_KEY: str(admin.user.pk),
    BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
    HASH_SESSION_KEY: admin.user.get_session_auth_hash(),
    SESSION_INSTITUTION: admin.institution_id,
    SESSION_MFA_OK: True,
})
session.create()
print(json.dumps({
    "session": session.session_key,
    "kind": PlaceKind.objects.filter(institution=None).first().pk,
    "authority": authority.pk,
}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    for url in new_database(tmp_path, "crash"):
        site = Site(tmp_path, url)
        site.ok("migrate", "--no-input", "-v", "0")
        site.ok("createcachetable")
        yield site


class Burst:
    """Clients that create places until the server stops answering."""

    def __init__(self, base: str, setup: dict[str, int | str]) -> None:
        self.base, self.setup = base, setup
        self.confirmed: list[str] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def _opener(self) -> urllib.request.OpenerDirector:
        jar = http.cookiejar.CookieJar()
        jar.set_cookie(
            http.cookiejar.Cookie(
                0, "sessionid", str(self.setup["session"]), None, False, "127.0.0.1", False,
                False, "/", True, False, None, False, None, None, {},
            )
        )  # fmt: skip

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

    def client(self, number: int) -> None:
        opener = self._opener()
        url = f"{self.base}/places/new/"
        for attempt in range(10_000):
            name = f"Crash test lock-up {number}-{attempt}"
            try:
                page = opener.open(url, timeout=20).read().decode()
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                assert token, "the form carries a CSRF token"
                form = {
                    "csrfmiddlewaretoken": token.group(1),
                    "name": name,
                    "kind": self.setup["kind"],
                    "authority": self.setup["authority"],
                    "held": "mixed",
                    "regime": "both",
                    "status": "open",
                }
                data = urllib.parse.urlencode(form).encode()
                request = urllib.request.Request(url, data=data, headers={"Referer": url})  # noqa: S310 - loopback
                opener.open(request)
                self.errors.append("the form was refused: " + name)
                return
            except urllib.error.HTTPError as answer:
                if answer.code == 302 and "/places/" in (answer.headers.get("Location") or ""):
                    with self.lock:
                        self.confirmed.append(name)
                    continue
                self.errors.append(f"the server answered {answer.code}")
                return
            except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError):
                return  # the server is gone


def _serve(site: Site, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "vigil.wsgi:application",
            "--workers", "2", "--threads", "2", "--bind", f"127.0.0.1:{port}",
        ],
        env=site.env, cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise AssertionError("gunicorn did not start")


def test_no_write_confirmed_before_a_sigkill_is_lost(site):
    setup = json.loads(site.python(_SETUP))
    port = _free_port()
    server = _serve(site, port)
    burst = Burst(f"http://127.0.0.1:{port}", setup)
    clients = [
        threading.Thread(target=burst.client, args=(n,), daemon=True) for n in range(_CLIENTS)
    ]
    for thread in clients:
        thread.start()
    deadline = time.monotonic() + 300
    while len(burst.confirmed) < _KILL_AFTER and time.monotonic() < deadline and not burst.errors:
        time.sleep(0.05)
    os.killpg(server.pid, signal.SIGKILL)  # mid-burst: the clients are still writing
    server.wait(timeout=30)
    for thread in clients:
        thread.join(timeout=60)

    assert not burst.errors, burst.errors[0]
    confirmed = set(burst.confirmed)
    assert len(confirmed) >= _KILL_AFTER
    stored = {name for (name,) in site.query("SELECT name FROM places_place")}
    assert confirmed <= stored, f"lost: {sorted(confirmed - stored)}"
    created_events = site.query(
        "SELECT COUNT(*) FROM core_auditevent WHERE action = 'place.created'"
    )[0][0]
    assert created_events == len(stored)  # no place without its audit event, nor the reverse
    assert "Audit chain intact" in site.ok("audit", "verify")
