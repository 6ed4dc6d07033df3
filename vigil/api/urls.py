"""The API's addresses: /api/v1/ (its resources, schema and documentation) and the pages
where people make and revoke their tokens (/api/tokens/)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from vigil.api.views import tokens
from vigil.api.views.registry import AGGREGATES, RESOURCES

app_name = "api"

router = SimpleRouter(trailing_slash=True)
for name, resource in RESOURCES.items():
    router.register(name, resource, basename=name)
for name, aggregate in AGGREGATES.items():
    router.register(name, aggregate, basename=name)


def _public_to_middleware(patterns: list[Any]) -> list[Any]:
    """The API authenticates each request itself (token or session) and answers 401, never
    the login page's redirect, so Django's LoginRequiredMiddleware steps aside."""
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            callback: Any = pattern.callback
            callback.login_required = False
        elif isinstance(pattern, URLResolver):
            _public_to_middleware(pattern.url_patterns)
    return patterns


v1: list[URLPattern | URLResolver] = [
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]

urlpatterns = [
    path("v1/", include(_public_to_middleware(v1))),
    path("tokens/", tokens.token_list, name="token_list"),
    path("tokens/new/", tokens.token_new, name="token_new"),
    path("tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token_revoke"),
]
