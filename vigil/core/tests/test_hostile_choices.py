"""A hostile value in any choice field is an invalid choice on that field, never a server
error: numbers too large for any column, negative numbers, words, on every choice field of
the forms that create a visit and a recommendation."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from vigil.core.tests.factories import client_for

pytestmark = pytest.mark.django_db

HOSTILE = [
    "9" * 40,
    "-" + "9" * 40,
    "18446744073709551616",  # 2**64
    "9223372036854775808",  # 2**63, one past the largest bigint
    "2147483648",  # 2**31, one past the largest integer
    "-1",
    "0",
    "abc",
    "1e5",
    "1.5",
    "",
]
PAGES = ["visits:visit_create", "recommendations:recommendation_create"]


def _choice_fields(client, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    form = client.get(url).context["form"]
    return [name for name, field in form.fields.items() if isinstance(field, forms.ChoiceField)]


@pytest.mark.parametrize("page", PAGES)
def test_hostile_values_in_every_choice_field_are_refused_on_that_field(personas, page):
    client = client_for(personas.monitor)
    url = reverse(page)
    fields = _choice_fields(client, url)
    assert len(fields) >= 3  # the walk is real: places, themes, types…
    for name in fields:
        for value in HOSTILE:
            response = client.post(url, {name: value})
            assert response.status_code == 400, (name, value)
            form = response.context["form"]
            if value or form.fields[name].required:
                assert name in form.errors, (name, value)


@pytest.mark.parametrize("page", PAGES)
def test_hostile_values_among_several_choices_are_refused(personas, page):
    client = client_for(personas.monitor)
    url = reverse(page)
    form = client.get(url).context["form"]
    many = [n for n, f in form.fields.items() if isinstance(f, forms.ModelMultipleChoiceField)]
    assert many
    for name in many:
        response = client.post(url, {name: ["1", "9" * 40, "-" + "9" * 30]})
        assert response.status_code == 400 and name in response.context["form"].errors
