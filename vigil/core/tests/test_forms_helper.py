"""`form_saved`: valid POST → service → message and redirect, or the form with the errors."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from vigil.core.forms import form_saved

# form_saved runs the save in a transaction (with the record's version claim, ADR 0016).
pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _request(method: str, data: dict[str, str] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "POST" else factory.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _messages(request: HttpRequest) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_valid_post_saves_confirms_and_redirects() -> None:
    request = _request("POST", {"name": "Ward B"})
    form = NameForm(request.POST)
    seen: list[dict[str, Any]] = []

    response = form_saved(request, form, seen.append, done="Saved.", to="/places/1/#wards")

    assert response is not None
    assert response.status_code == 302
    assert response["Location"] == "/places/1/#wards"
    assert seen == [{"name": "Ward B"}]
    assert _messages(request) == ["Saved."]


def test_message_and_target_can_follow_what_was_saved() -> None:
    request = _request("POST", {"name": "Ward B"})

    response = form_saved(
        request,
        NameForm(request.POST),
        lambda data: {"pk": 7, **data},
        done=lambda saved: f"{saved['name']} recorded.",
        to=lambda saved: f"/wards/{saved['pk']}/",
    )

    assert response is not None
    assert response["Location"] == "/wards/7/"
    assert _messages(request) == ["Ward B recorded."]


def test_no_message_when_done_is_none() -> None:
    request = _request("POST", {"name": "Ward B"})

    response = form_saved(request, NameForm(request.POST), lambda data: None, done=None, to="/")

    assert response is not None
    assert _messages(request) == []


def test_save_gets_a_copy_of_the_cleaned_data() -> None:
    request = _request("POST", {"name": "Ward B"})
    form = NameForm(request.POST)

    form_saved(request, form, lambda data: data.pop("name"), done=None, to="/")

    assert form.cleaned_data == {"name": "Ward B"}


def test_service_error_on_a_field_goes_onto_that_field() -> None:
    request = _request("POST", {"name": "Ward B"})
    form = NameForm(request.POST)

    def save(data: dict[str, Any]) -> None:
        raise ValidationError({"name": "Taken.", "elsewhere": "Not a field of the form."})

    assert form_saved(request, form, save, done="Saved.", to="/") is None
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Not a field of the form."]
    assert _messages(request) == []


def test_service_error_without_a_field_is_a_form_error() -> None:
    request = _request("POST", {"name": "Ward B"})
    form = NameForm(request.POST)

    def save(data: dict[str, Any]) -> None:
        raise ValidationError("Nothing changed.")

    assert form_saved(request, form, save, done="Saved.", to="/") is None
    assert form.non_field_errors() == ["Nothing changed."]


def test_invalid_form_does_not_call_the_service() -> None:
    request = _request("POST", {"name": ""})
    form = NameForm(request.POST)
    seen: list[dict[str, Any]] = []

    assert form_saved(request, form, seen.append, done="Saved.", to="/") is None
    assert seen == []
    assert "name" in form.errors


def test_get_does_not_validate_or_save() -> None:
    request = _request("GET")
    form = NameForm(initial={"name": "Ward B"})
    seen: list[dict[str, Any]] = []

    assert form_saved(request, form, seen.append, done="Saved.", to="/") is None
    assert seen == []
    assert not form.is_bound
