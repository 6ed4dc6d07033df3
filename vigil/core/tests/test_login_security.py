"""Login: MFA enforcement, throttling, no account enumeration, session limits."""

from __future__ import annotations

import time

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from vigil.core import crypto
from vigil.core.auth import SESSION_LOGIN_AT, SESSION_SEEN_AT
from vigil.core.models import AuditEvent
from vigil.core.tests.factories import PASSWORD, client_for

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_throttle(db):
    cache.clear()
    yield
    cache.clear()


def _login(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def _enrol_totp(client: Client) -> str:
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.content[:500]
    return secret


def test_mfa_is_required_first_login_forces_enrolment(personas):
    client = Client()
    assert _login(client, personas.monitor.user.email).status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Every page of the institution is closed until a second factor exists.
    assert client.get(reverse("core:member_list"))["Location"] == reverse("mfa_activate_totp")


def test_after_enrolment_the_home_page_opens_and_the_secret_is_encrypted(personas):
    client = Client()
    _login(client, personas.monitor.user.email)
    secret = _enrol_totp(client)
    assert client.get("/").status_code == 200
    stored = Authenticator.objects.get(
        user=personas.monitor.user, type=Authenticator.Type.TOTP
    ).data["secret"]
    assert stored.startswith("v1:") and secret not in stored
    assert crypto.decrypt(stored, context="allauth.mfa.secret") == secret
    # The recovery codes that follow enrolment need no second password prompt.
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200, codes.get("Location")


def test_enrolled_users_must_give_a_code_at_login(personas):
    client = Client()
    _login(client, personas.monitor.user.email)
    secret = _enrol_totp(client)
    client.post(reverse("account_logout"))

    fresh = Client()
    response = _login(fresh, personas.monitor.user.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert fresh.get("/")["Location"].startswith(LOGIN)  # not logged in before the code
    wrong = fresh.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and fresh.get("/").status_code == 302
    # allauth refuses a code that was already used; wait for a new window if needed.
    code = pyotp.TOTP(secret).now()
    response = fresh.post(reverse("mfa_authenticate"), {"code": code})
    if response.status_code == 200:
        time.sleep(30 - time.time() % 30 + 1)
        response = fresh.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert fresh.get("/").status_code == 200


def test_the_last_second_factor_cannot_be_removed_while_mfa_is_required(personas):
    client = Client()
    _login(client, personas.monitor.user.email)
    _enrol_totp(client)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(
        user=personas.monitor.user, type=Authenticator.Type.TOTP
    ).exists()


def test_demo_mode_may_waive_mfa(personas, settings):
    settings.VIGIL_MFA_REQUIRED = False
    client = Client()
    _login(client, personas.monitor.user.email)
    assert client.get("/").status_code == 200


def test_login_gives_a_new_session_key(personas):
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    _login(client, personas.monitor.user.email)
    assert client.session.session_key and client.session.session_key != before


def test_wrong_password_and_unknown_account_get_the_same_answer(personas):
    known = _login(Client(), personas.monitor.user.email, "wrong-password-123")
    unknown = _login(Client(), "nobody-here@example.org", "wrong-password-123")
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors
    assert "not correct" in str(known.context["form"].errors)
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 2


def test_password_reset_does_not_reveal_whether_an_account_exists(personas, mailoutbox):
    known = Client().post(reverse("account_reset_password"), {"email": personas.monitor.user.email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mailoutbox] == [[personas.monitor.user.email], ["nobody@example.org"]]


def test_failed_logins_are_throttled(personas):
    client = Client()
    email = personas.monitor.user.email
    throttled = "Too many failed login attempts"
    answers = [_login(client, email, f"wrong-{n}-password").content.decode() for n in range(6)]
    assert not any(throttled in answer for answer in answers[:5])
    assert throttled in answers[5]
    # Even the right password is refused while the throttle holds.
    assert throttled in _login(client, email).content.decode()
    assert client.get("/").status_code == 302
    # The throttle holds for unknown addresses alike, so it reveals nothing.
    cache.clear()
    unknown = [_login(client, "nobody@example.org", "x-password").content for _ in range(6)]
    assert throttled not in unknown[4].decode() and throttled in unknown[5].decode()


def _age_session(client: Client, *, seen: int, login: int) -> None:
    session = client.session
    now = int(time.time())
    session[SESSION_SEEN_AT] = now - seen
    session[SESSION_LOGIN_AT] = now - login
    session.save()


def test_an_idle_session_expires_after_thirty_minutes(personas):
    client = client_for(personas.monitor)
    _age_session(client, seen=29 * 60, login=3600)
    assert client.get("/").status_code == 200
    _age_session(client, seen=31 * 60, login=3600)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get("/")["Location"].startswith(LOGIN)


def test_a_session_ends_after_twelve_hours_however_busy(personas):
    client = client_for(personas.monitor)
    _age_session(client, seen=10, login=12 * 3600 + 60)
    assert client.get("/")["Location"] == LOGIN


def test_a_deactivated_user_is_signed_out_at_once(personas):
    victim = Client()
    _login(victim, personas.viewer.user.email)
    session = victim.session
    session["vigil_mfa_ok"] = True  # already past MFA in this scenario
    session.save()
    assert victim.get("/").status_code == 200
    admin = client_for(personas.admin)
    response = admin.post(
        reverse("core:member_detail", args=[personas.viewer.pk]), {"action": "deactivate"}
    )
    assert response.status_code == 302
    response = victim.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    # Signing in again gives no access to the institution either.
    again = Client()
    _login(again, personas.viewer.user.email)
    session = again.session
    session["vigil_mfa_ok"] = True
    session.save()
    page = again.get("/").content.decode()
    assert "No active institution" in page and personas.admin.user.email not in page
