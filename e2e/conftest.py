"""Fixtures for the browser tests: one headless Debian Chromium per session, a page per test,
a real background worker for imports and reports, and signing in with a second factor.

Playwright's sync API keeps an asyncio event loop running in the test thread, so Django's
guard against synchronous database access from async code must be lifted for these tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, expect, sync_playwright

from vigil.core.tests.worker_process import worker_environment

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("VIGIL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000

# Reports every CSP violation with its directive and the blocked resource. Scripts added
# this way are injected by the browser itself, so the page's CSP does not block them.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "Content Security Policy violation: " + event.violatedDirective +
    " blocked " + (event.blockedURI || "(inline)") +
    " at " + event.sourceFile + ":" + event.lineNumber +
    (event.sample ? " sample: " + event.sample : "")
  );
});
"""


@dataclass
class PageProblems:
    """What the browser complained about while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            self.console_errors.append(f"{message.type}: {message.text} ({message.location})")

    def on_page_error(self, error: Error) -> None:
        self.page_errors.append(f"{error.name}: {error.message}")

    @property
    def csp_violations(self) -> list[str]:
        return [
            text
            for text in [*self.console_errors, *self.page_errors]
            if "Content Security Policy" in text or "Content-Security-Policy" in text
        ]


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"no Chromium at {CHROMIUM} (`make test` installs Debian's chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # in CI a missing browser must not pass as skipped tests
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(chromium_browser: Browser, page_problems: PageProblems) -> Iterator[Page]:
    """A fresh browser context (no cookies) and page, recording console errors."""
    context = chromium_browser.new_context(locale="en-GB", timezone_id="UTC")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("console", page_problems.on_console)
    page.on("pageerror", page_problems.on_page_error)
    try:
        yield page
    finally:
        context.close()


# --- a real background worker -------------------------------------------------------------


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def background_worker(live_server: Any, tmp_path: Path) -> Iterator[Worker]:
    """`vigil db_worker` in its own process, on the live server's (test) database.

    Jobs are queued when the request's transaction commits, and this worker runs them as
    production does, so the pages show real progress and real results.
    """
    # The test keys (vigil/settings_test.py put them in the environment): the worker must
    # decrypt and encrypt what the live server does.
    env = worker_environment()
    log = tmp_path / "worker.log"
    command = [sys.executable, "-c", "from vigil.cli import main; main()"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parent.parent,
        )
    worker = Worker(process, log)
    time.sleep(0.2)
    if process.poll() is not None:
        pytest.fail(f"the background worker stopped at once:\n{worker.output()}")
    try:
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# --- signing in with a second factor ---------------------------------------------------------


def current_totp(secret: str) -> str:
    """The code the authenticator app shows now, not one about to expire on the way."""
    totp = pyotp.TOTP(secret)
    left = totp.interval - time.time() % totp.interval
    if left < 3:
        time.sleep(left + 0.1)
    return totp.now()


def sign_in(page: Page, base_url: str, user: Any, password: str) -> None:
    """Sign in through the pages with a password and an authenticator app code.

    The user gets a TOTP authenticator with a known secret, as if enrolled earlier
    (the platform test covers enrolment itself).
    """
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_label("Code").fill(current_totp(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
