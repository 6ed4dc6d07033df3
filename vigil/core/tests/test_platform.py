"""Settings, commands, security headers and error pages of the platform."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from vigil.core.models import Institution, Membership, User
from vigil.core.tests.factories import client_for

ROOT = Path(__file__).resolve().parents[3]
KEY = base64.b64encode(b"k" * 32).decode()
PRODUCTION_ENV = {
    "VIGIL_MODE": "production",
    "VIGIL_SECRET_KEY": "x" * 30 + "-a-long-random-production-secret-0123456789",
    "VIGIL_DATA_KEYS": f"p1:{KEY}",
    "VIGIL_BLIND_INDEX_KEY": KEY,
    "VIGIL_AUDIT_KEYS": f"a1:{KEY}",
    "VIGIL_ALLOWED_HOSTS": "vigil.example.org",
    "VIGIL_DATABASE_URL": "sqlite:////tmp/vigil-check-deploy.sqlite3",
    "VIGIL_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "DJANGO_SETTINGS_MODULE": "vigil.settings",
}


def _vigil(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("VIGIL_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "vigil.cli", *args],
        capture_output=True,
        text=True,
        env={**clean, **env},
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing",
    [
        "VIGIL_SECRET_KEY",
        "VIGIL_DATA_KEYS",
        "VIGIL_BLIND_INDEX_KEY",
        "VIGIL_AUDIT_KEYS",
        "VIGIL_ALLOWED_HOSTS",
    ],
)
def test_production_refuses_to_start_and_names_the_missing_setting(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _vigil("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr
    assert "Traceback" not in result.stdout


def test_production_settings_pass_the_deployment_check():
    result = _vigil("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_fails_when_mfa_is_switched_off_in_production():
    env = {**PRODUCTION_ENV, "VIGIL_MFA_REQUIRED": "false"}
    result = _vigil("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "vigil.W001" in result.stderr


def test_the_deployment_check_warns_when_mail_would_go_to_the_log():
    env = {
        **PRODUCTION_ENV,
        "VIGIL_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    result = _vigil("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "vigil.W002" in result.stderr


def test_production_without_a_mail_server_sends_nothing_and_never_logs_mail():
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("VIGIL_EMAIL_")}
    result = _vigil("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "vigil.W003" in result.stderr
    assert "vigil.W002" not in result.stderr
    shown = _vigil(
        "shell", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)", env=env
    )
    assert shown.stdout.strip().endswith("\nvigil.core.mail.NoMailBackend"), shown.stderr
    with_host = _vigil(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        env={**env, "VIGIL_EMAIL_HOST": "smtp.example.org"},
    )
    assert with_host.stdout.strip().endswith("\ndjango.core.mail.backends.smtp.EmailBackend")


def test_a_malformed_data_key_is_reported_by_the_system_check():
    env = {**PRODUCTION_ENV, "VIGIL_DATA_KEYS": "p1:not-base64!"}
    result = _vigil("check", "--deploy", env=env)
    assert result.returncode != 0 and "vigil.E001" in result.stderr


def test_keys_generate_works_before_any_setting_exists():
    for args in (["--id", "k7"], ["--id=k7"]):
        result = _vigil("keys", "generate", *args, env={})
        assert result.returncode == 0
        key_id, key = result.stdout.strip().split(":")
        assert key_id == "k7" and len(base64.b64decode(key)) == 32


def test_healthz_reports_the_database(db):
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_security_headers_and_a_strict_content_security_policy(personas):
    response = client_for(personas.monitor).get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content.decode()
    assert "<script>" not in body and " style=" not in body
    assert "//cdn" not in body and "https://" not in body


def test_error_pages_reveal_nothing(personas):
    client = client_for(personas.monitor)
    response = client.get("/institution/members/424242/?name=Secret+Detainee")
    assert response.status_code in {403, 404}
    body = response.content.decode()
    assert "Secret Detainee" not in body and "Traceback" not in body and "424242" not in body


def test_a_server_error_gets_a_calm_page_without_details(personas, settings):
    from django.urls import path

    from vigil import urls

    def explode(request):
        raise RuntimeError("detainee Batbayar at cell 4")

    settings.DEBUG = False
    settings.ROOT_URLCONF = type(
        "ExplodingUrls",
        (),
        {
            "urlpatterns": [path("boom/", explode), *urls.urlpatterns],
            "handler500": urls.handler500,
        },
    )
    client = client_for(personas.monitor)
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body and "Batbayar" not in body


def test_demo_data_is_deterministic_and_prints_working_logins(db):
    out = io.StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "admin@hrc.example" in text and "vigil-demo-2026" in text
    first = sorted(Membership.objects.values_list("user__email", "institution__name", "role"))
    assert Institution.objects.count() == 3
    # A second country works in Bahasa Indonesia: its pages and records are in Indonesian.
    komnas = Membership.objects.get(user__email="admin@komnas.example")
    assert (komnas.institution.default_language, komnas.user.language) == ("id", "id")
    visits = client_for(komnas).get("/visits/").content.decode()
    assert '<html lang="id"' in visits and "Rumah Tahanan Negara Kelas I Kota Lama" in visits
    roles = set(
        Membership.objects.filter(institution__name__contains="Commission").values_list(
            "role", flat=True
        )
    )
    assert roles == {
        "admin",
        "commissioner",
        "monitor",
        "investigator",
        "medical_expert",
        "analyst",
        "programme_officer",
        "viewer",
    }
    # Every printed login works with the printed password.
    user = User.objects.get(email="monitor@hrc.example")
    assert user.check_password("vigil-demo-2026")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("demo", stdout=io.StringIO())
    call_command("demo", "--if-empty", stdout=io.StringIO())  # idempotent for `make run`
    assert (
        sorted(Membership.objects.values_list("user__email", "institution__name", "role")) == first
    )


def test_demo_data_is_refused_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("demo", stdout=io.StringIO())


def test_bootstrap_creates_an_institution_and_an_admin_who_can_set_a_password(db):
    out = io.StringIO()
    call_command(
        "bootstrap",
        "--institution", "Commission of Tetum Bay",
        "--country", "Tetum Bay",
        "--time-zone", "Asia/Dili",
        "--languages", "mn, en",
        "--admin-email", "Chief@Example.org",
        "--admin-name", "Chief Admin",
        "--base-url", "https://vigil.example.org/",
        stdout=out,
    )  # fmt: skip
    membership = Membership.objects.get(user__email="chief@example.org")
    assert membership.role == "admin" and membership.institution.time_zone == "Asia/Dili"
    assert membership.institution.languages == ["mn", "en"]
    assert membership.institution.default_language == "mn"
    link = next(line.strip() for line in out.getvalue().splitlines() if "https://" in line)
    assert link.startswith("https://vigil.example.org/accounts/password/reset/key/")
    path = link.removeprefix("https://vigil.example.org")
    assert Client().get(path, follow=True).status_code == 200
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "bootstrap", "--institution", "X", "--country", "Y",
            "--admin-email", "chief@example.org", "--admin-name", "Z",
            "--base-url", "https://vigil.example.org", stdout=io.StringIO(),
        )  # fmt: skip


def test_bootstrap_with_a_bad_time_zone_changes_nothing(db):
    with pytest.raises(CommandError, match="Unknown time zone"):
        call_command(
            "bootstrap", "--institution", "X", "--country", "Y", "--time-zone", "Nowhere/Else",
            "--admin-email", "x@example.org", "--admin-name", "Z",
            "--base-url", "https://vigil.example.org", stdout=io.StringIO(),
        )  # fmt: skip
    assert not Institution.objects.exists() and not User.objects.exists()


def test_an_expired_form_gets_a_clear_page_and_changes_nothing(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin.user)
    session = client.session
    session["vigil_mfa_ok"] = True
    session.save()
    before = Membership.objects.count()
    response = client.post(
        "/institution/members/invite/",
        {"email": "x@example.org", "full_name": "X", "role": "viewer"},
    )
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert Membership.objects.count() == before
