"""The API's part of the cross-institution URL walk (vigil/core/tests/test_url_walk.py).

The token pages are walked there like every page. The /api/v1/ operations answer JSON to
tokens, so their own walk (test_api_walk.py) requests every operation with institution B's
tokens against A's records; here they are listed as covered by it."""

from __future__ import annotations

from typing import Any

from vigil.core.tests.factories import Personas


def _token_of_a(p: Personas) -> Any:
    """A token of A's admin, made as a factory would (the walk counts A's audit events)."""
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from vigil.api.models import ApiToken, Scope

    return ApiToken.objects.create(
        institution=p.institution_a,
        user=p.admin.user,
        name="Token of A",
        prefix=secrets.token_hex(6),
        digest="0" * 64,
        scope=Scope.READ,
        expires_at=timezone.now() + timedelta(days=1),
    )


def _api_names() -> list[str]:
    from vigil.api.views.registry import AGGREGATES, RESOURCES

    names = [f"api:{name}-list" for name in [*RESOURCES, *AGGREGATES]]
    return names + [f"api:{name}-detail" for name in RESOURCES]


RECORD_URLS = {"api:token_revoke": lambda p: {"token_id": _token_of_a(p).pk}}
INSTITUTION_URLS: dict[str, dict[str, Any]] = {"api:token_list": {}, "api:token_new": {}}
# Answered to tokens (401 without one), and walked by vigil/api/tests/test_api_walk.py.
WALKED_ELSEWHERE = dict.fromkeys(_api_names(), "vigil/api/tests/test_api_walk.py")
PUBLIC_URLS = {
    "api:schema": "the OpenAPI schema: the shape of the API, no records",
    "api:docs": "the API's documentation page: no records",
}
