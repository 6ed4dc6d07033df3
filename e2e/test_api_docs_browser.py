"""The API's browsable documentation in a real browser: Swagger UI from Vigil's own files
(no CDN), under the strict Content Security Policy, listing the operations of the schema."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories

pytestmark = pytest.mark.browser


def test_the_api_documentation_renders_offline_under_the_csp(
    live_server: LiveServer, page: Page, page_problems: PageProblems
) -> None:
    admin = factories.MembershipFactory.create(role=Role.ADMIN)
    sign_in(page, live_server.url, admin.user, factories.PASSWORD)
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )
    page.goto(f"{live_server.url}{reverse('api:docs')}")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/places/").first).to_be_visible()
    assert outside == []
    assert page_problems.csp_violations == []
