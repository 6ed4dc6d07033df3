"""Personal access tokens: made after a recent second factor, shown once, stored hashed,
limited by scope, resources, expiry and revocation, rate-limited; use and revocation audited."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from vigil.api.models import ApiToken, Scope
from vigil.api.services.tokens import token_revoke
from vigil.api.tests.support import Api, api_for, token_for
from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


def _new_token_page(membership):
    """A signed-in client that has just given its second factor again."""
    secret = generate_totp_secret()
    TOTP.activate(membership.user, secret)
    client = client_for(membership)
    answer = client.get(reverse("api:token_new"))
    assert answer.status_code == 302 and reverse("mfa_reauthenticate") in answer["Location"]
    given = client.post(reverse("mfa_reauthenticate"), {"code": pyotp.TOTP(secret).now()})
    assert given.status_code == 302, given.content[:300]
    return client


def test_a_token_is_made_after_a_recent_second_factor_and_shown_once(personas):
    client = _new_token_page(personas.monitor)
    form = {
        "name": "Statistics office",
        "expires_on": timezone.localdate() + timedelta(days=30),
        "scope": Scope.READ,
        "resources": ["places"],
    }
    answer = client.post(reverse("api:token_new"), form)
    assert answer.status_code == 200
    secret = answer.context["new"].secret
    assert secret in answer.content.decode()
    assert "no-store" in answer["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.name, token.scope, token.resources) == ("Statistics office", "read", ["places"])
    assert secret not in client.get(reverse("api:token_list")).content.decode()
    assert AuditEvent.objects.filter(action="api_token.created", target_id=str(token.pk)).exists()


def test_the_secret_is_stored_only_as_a_digest(personas):
    secret = token_for(personas.monitor)
    token = ApiToken.objects.get()
    assert secret not in (token.digest, token.prefix)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apitoken")
        assert secret not in repr(cursor.fetchall())


def test_a_token_lives_at_most_one_year(personas):
    client = _new_token_page(personas.monitor)
    form = {
        "name": "Too long",
        "expires_on": timezone.localdate() + timedelta(days=400),
        "scope": Scope.READ,
    }
    answer = client.post(reverse("api:token_new"), form)
    assert answer.status_code == 400
    assert "at most one year" in answer.content.decode()
    assert not ApiToken.objects.exists()


def test_without_a_recent_second_factor_the_page_asks_for_it(personas):
    TOTP.activate(personas.monitor.user, generate_totp_secret())
    answer = client_for(personas.monitor).post(reverse("api:token_new"), {"name": "x"})
    assert answer.status_code == 302 and reverse("mfa_reauthenticate") in answer["Location"]
    assert not ApiToken.objects.exists()


def test_a_read_only_token_cannot_write(personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    api = api_for(personas.monitor, scope=Scope.READ)
    assert api.get(f"/api/v1/places/{place.pk}/").status_code == 200
    answer = api.patch(f"/api/v1/places/{place.pk}/", {"capacity": 1}, if_match='"1"')
    assert answer.status_code == 403
    assert answer.json()["detail"] == "This token may only read."
    place.refresh_from_db()
    assert place.version == 1


def test_a_token_limited_to_resources_reaches_only_those(personas):
    api = api_for(personas.monitor, resources=["places"])
    assert api.get("/api/v1/places/").status_code == 200
    assert api.get("/api/v1/recommendations/").status_code == 403


def test_an_expired_token_gets_401(personas):
    secret = token_for(personas.monitor)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    answer = Api(secret).get("/api/v1/places/")
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert answer["Content-Type"] == "application/problem+json"


def test_a_revoked_token_gets_401_and_the_revocation_is_audited(personas):
    secret = token_for(personas.monitor)
    token = ApiToken.objects.get()
    token_revoke(actor=personas.monitor, token=token)
    assert Api(secret).get("/api/v1/places/").status_code == 401
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.target_id == str(token.pk)


def test_a_wrong_token_and_no_token_get_401(personas):
    assert Api("vigil_abc_nope").get("/api/v1/places/").status_code == 401
    assert Api("garbage").get("/api/v1/places/").status_code == 401
    assert Api("").client.get("/api/v1/places/", HTTP_AUTHORIZATION="").status_code == 401


def test_a_deactivated_member_token_gets_401(personas):
    secret = token_for(personas.monitor)
    personas.monitor.is_active = False
    personas.monitor.save(update_fields=["is_active"])
    assert Api(secret).get("/api/v1/places/").status_code == 401


def test_using_a_token_is_audited_once_an_hour(personas):
    api = api_for(personas.monitor)
    for _ in range(3):
        assert api.get("/api/v1/places/").status_code == 200
    used = AuditEvent.objects.filter(action="api_token.used")
    assert used.count() == 1
    assert used.get().channel == "api"
    assert ApiToken.objects.get().last_used_at is not None


def test_beyond_the_rate_a_token_gets_429_with_retry_after(personas, settings):
    settings.VIGIL_API_RATE = "3/min"
    api = api_for(personas.monitor)
    answers = [api.get("/api/v1/places/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = api.get("/api/v1/places/")
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["status"] == 429
    # Another token has its own allowance.
    assert api_for(personas.viewer).get("/api/v1/places/").status_code == 200


def test_admin_sees_and_revokes_every_token_of_the_institution(personas):
    token_for(personas.monitor)
    token_for(personas.monitor_b)
    token = ApiToken.objects.get(user=personas.monitor.user)
    client = client_for(personas.admin)
    listed = client.get(reverse("api:token_list"))
    assert list(listed.context["tokens"]) == [token]
    answer = client.post(reverse("api:token_revoke", args=[token.pk]))
    assert answer.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == personas.admin.user


def test_a_member_sees_and_revokes_only_their_own_tokens(personas):
    token_for(personas.monitor)
    token = ApiToken.objects.get()
    client = client_for(personas.viewer)
    assert list(client.get(reverse("api:token_list")).context["tokens"]) == []
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_browser_session_reads_the_api_and_writes_only_with_csrf(personas):
    place = PlaceFactory.create(institution=personas.institution_a)
    client = client_for(personas.monitor)
    client.handler.enforce_csrf_checks = True
    assert client.get(f"/api/v1/places/{place.pk}/").status_code == 200
    answer = client.patch(
        f"/api/v1/places/{place.pk}/",
        {"capacity": 2},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert answer.status_code == 403
    assert "CSRF" in answer.json()["detail"]


def test_lang_picks_an_installed_language_and_ignores_others(personas, settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    PlaceFactory.create(institution=personas.institution_a)
    api = api_for(personas.monitor)
    assert api.get("/api/v1/places/", lang="fr")["Content-Language"] == "fr"
    unknown = api.get("/api/v1/places/", lang="xx")
    assert unknown["Content-Language"] == "en"
    assert unknown.json()["results"][0]["status_label"] == "Open"
