"""Choosing the interface language: profile, institution default, browser, header switch."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from vigil.core.models import AuditEvent, Institution, User
from vigil.core.tests.factories import client_for


def _html_tag(response) -> str:  # type: ignore[no-untyped-def]
    text = response.content.decode()
    return text[text.index("<html") : text.index(">", text.index("<html")) + 1]


def test_a_visitor_gets_the_browser_language_with_its_direction(db):
    response = Client().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="ar")
    assert _html_tag(response) == '<html lang="ar" dir="rtl">'
    response = Client().get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="th,en;q=0.5")
    assert _html_tag(response) == '<html lang="th" dir="ltr">'


def test_a_member_without_a_choice_works_in_the_institution_default(personas):
    personas.institution_a.default_language = "mn"
    personas.institution_a.save(update_fields=["default_language"])
    response = client_for(personas.monitor).get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert _html_tag(response) == '<html lang="mn" dir="ltr">'


def test_the_profile_choice_wins_over_institution_and_browser(personas):
    personas.monitor.user.language = "ar"
    personas.monitor.user.save(update_fields=["language"])
    response = client_for(personas.monitor).get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert _html_tag(response) == '<html lang="ar" dir="rtl">'


def test_the_switch_names_each_language_in_that_language(db):
    page = Client().get(reverse("account_login")).content.decode()
    for name in ("العربية", "ไทย", "한국어", "Монгол", "Français", "Español", "Русский"):
        assert name in page
    assert 'lang="ar" dir="rtl"' in page


def test_switching_saves_the_choice_in_the_profile_with_an_audit_event(personas):
    client = client_for(personas.monitor)
    response = client.post(reverse("core:language_set"), {"language": "ko", "next": "/places/"})
    assert response.status_code == 302 and response["Location"] == "/places/"
    user = User.objects.get(pk=personas.monitor.user_id)
    assert user.language == "ko"
    event = AuditEvent.objects.get(action="user.language_changed")
    assert event.details == {"from": "", "to": "ko"}
    assert _html_tag(client.get("/")) == '<html lang="ko" dir="ltr">'


def test_an_unknown_language_is_refused_and_changes_nothing(personas):
    client = client_for(personas.monitor)
    response = client.post(reverse("core:language_set"), {"language": "xx"})
    assert response.status_code == 400
    assert User.objects.get(pk=personas.monitor.user_id).language == ""
    assert not AuditEvent.objects.filter(action="user.language_changed").exists()


def test_a_visitor_switch_is_kept_in_a_cookie_and_never_leaves_the_site(db):
    client = Client()
    response = client.post(
        reverse("core:language_set"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:home")
    assert client.cookies["django_language"].value == "es"
    assert _html_tag(client.get(reverse("account_login"))) == '<html lang="es" dir="ltr">'


def test_bootstrap_refuses_a_language_vigil_does_not_ship(db):
    with pytest.raises(CommandError, match="tet"):
        call_command(
            "bootstrap", "--institution", "X", "--country", "Y", "--languages", "tet, en",
            "--admin-email", "x@example.org", "--admin-name", "Z",
            "--base-url", "https://vigil.example.org", stdout=io.StringIO(),
        )  # fmt: skip
    assert not User.objects.exists()


def test_bootstrap_takes_shipped_languages_and_names_every_unshipped_one(db):
    """Issue 24, point 11: `--languages en,ar` is accepted now that Arabic ships; a code that
    is not shipped is refused by name, and nothing is created."""
    common = ["--country", "Y", "--admin-name", "Z", "--base-url", "https://vigil.example.org"]
    call_command(
        "bootstrap", "--institution", "Shipped", "--languages", "en,ar",
        "--admin-email", "a@example.org", *common, stdout=io.StringIO(),
    )  # fmt: skip
    assert Institution.objects.get(name="Shipped").languages == ["en", "ar"]
    with pytest.raises(CommandError, match=r"tet, pt"):
        call_command(
            "bootstrap", "--institution", "Unshipped", "--languages", "en,tet,pt",
            "--admin-email", "b@example.org", *common, stdout=io.StringIO(),
        )  # fmt: skip
    assert not Institution.objects.filter(name="Unshipped").exists()
    assert not User.objects.filter(email="b@example.org").exists()
