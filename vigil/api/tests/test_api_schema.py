"""The OpenAPI schema: it validates as OpenAPI 3, every operation is described with examples,
and the documentation is served from vendored assets."""

from __future__ import annotations

import pytest
import yaml
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "patch", "put", "delete"}


@pytest.fixture
def schema(db) -> dict:
    answer = Client().get("/api/v1/schema/")
    assert answer.status_code == 200
    return yaml.safe_load(answer.content)


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def test_the_schema_validates_as_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_every_operation_has_a_description_and_examples(schema):
    operations = dict(_operations(schema))
    assert len(operations) >= 40
    for name, operation in operations.items():
        assert operation.get("description", "").strip(), f"{name} has no description"
        for status, response in operation["responses"].items():
            for media, content in response.get("content", {}).items():
                assert content.get("examples"), f"{name} {status} {media} has no example"
        body = operation.get("requestBody", {}).get("content", {})
        for media, content in body.items():
            assert content.get("examples"), f"{name}: its {media} body has no example"


def test_every_operation_answers_problems_and_needs_a_token_or_session(schema):
    for name, operation in _operations(schema):
        assert {"401", "403", "429"} <= set(operation["responses"]), name
        assert operation["security"] == [{"token": []}, {"session": []}], name


def test_the_documentation_is_served_without_a_cdn():
    page = Client().get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_updates_require_if_match_in_the_schema(schema):
    for name, operation in _operations(schema):
        if name.startswith("PATCH"):
            headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
            assert "If-Match" in headers, name
            assert {"412", "428"} <= set(operation["responses"]), name
