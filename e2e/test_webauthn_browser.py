"""Security keys in a real browser: a person adds one (WebAuthn) and then signs in with it
at the second factor instead of an authenticator app code; all under the strict Content
Security Policy (allauth's WebAuthn scripts come from static files).

Chromium's virtual authenticator, driven through the DevTools Protocol, plays the key. The
live server listens on http://localhost:<port>, a secure context whose host is a valid
relying party ID (an IP address such as 127.0.0.1 would not be).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from playwright.sync_api import CDPSession, Page, expect
from pytest_django.live_server_helper import LiveServer

from e2e.conftest import PageProblems, sign_in
from vigil.core.roles import Role
from vigil.core.tests import factories

pytestmark = pytest.mark.browser

KEY_NAME = "Blue key on my keyring"


def _url(live_server: LiveServer, name: str) -> str:
    return f"{live_server.url}{reverse(name)}"


def _path_is(live_server: LiveServer, name: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(_url(live_server, name))}(\?.*)?$")


@pytest.fixture
def virtual_authenticator(page: Page) -> Iterator[tuple[CDPSession, str]]:
    """A USB security key (CTAP2, with a PIN it always accepts) plugged into the page's
    browser; WebAuthn calls in this page are answered by it without any prompt."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    authenticator_id = added["authenticatorId"]
    try:
        yield cdp, authenticator_id
    finally:
        cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator_id})
        cdp.detach()


def _credentials(cdp: CDPSession, authenticator_id: str) -> list[dict[str, Any]]:
    """The credentials the virtual key holds (id, relying party, signature counter...)."""
    answer = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    credentials: list[dict[str, Any]] = answer["credentials"]
    return credentials


def test_add_a_security_key_and_sign_in_with_it(
    live_server: LiveServer,
    page: Page,
    page_problems: PageProblems,
    virtual_authenticator: tuple[CDPSession, str],
) -> None:
    cdp, authenticator_id = virtual_authenticator
    user = factories.UserFactory.create(email="key-holder@example.org", full_name="Kim Keys")
    factories.MembershipFactory.create(
        user=user,
        institution=factories.InstitutionFactory.create(name="Institution K"),
        role=Role.MONITOR,
    )

    # Signed in with a password and an authenticator app code, the user opens the
    # two-factor page; no security key yet.
    sign_in(page, live_server.url, user, factories.PASSWORD)
    page.goto(_url(live_server, "mfa_index"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    keys = page.get_by_role("region", name="Security keys")
    expect(keys.locator(".badge")).to_have_text("None")
    keys.get_by_role("link", name="Add a security key").click()

    # Adding a key is a security change: allauth may first ask to confirm it is you
    # (Vigil waives that only within minutes of signing in).
    reauthenticate = _url(live_server, "account_reauthenticate")
    add_page = _url(live_server, "mfa_add_webauthn")
    expect(page).to_have_url(re.compile(rf"^({re.escape(reauthenticate)}|{re.escape(add_page)})"))
    if page.url.startswith(reauthenticate):
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(_path_is(live_server, "mfa_add_webauthn"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a security key")

    # The user names the key and presses Add; the browser asks the key (the virtual
    # authenticator answers at once) and the page posts the new credential.
    assert _credentials(cdp, authenticator_id) == []
    page.get_by_label("Name").fill(KEY_NAME)
    page.get_by_role("button", name="Add", exact=True).click()

    # allauth then shows recovery codes if it had to make them (this user's TOTP was set up
    # without), otherwise the two-factor page; either way with a message. The key is listed.
    codes_page = _url(live_server, "mfa_view_recovery_codes")
    index_page = _url(live_server, "mfa_index")
    expect(page).to_have_url(re.compile(rf"^({re.escape(codes_page)}|{re.escape(index_page)})"))
    expect(page.locator("main .messages")).to_contain_text("Security key added.")
    (registered,) = _credentials(cdp, authenticator_id)
    assert registered["rpId"] == "localhost"
    key = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == KEY_NAME
    page.goto(_url(live_server, "mfa_list_webauthn"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Security keys")
    row = page.get_by_role("row").filter(has_text=KEY_NAME)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Not used yet")
    page.goto(_url(live_server, "mfa_index"))
    expect(keys.locator(".badge")).to_have_text("1 key")
    expect(keys.get_by_role("link", name="Manage security keys")).to_be_visible()

    # Signing out from the account menu.
    account = page.locator("header.site-header details.account-menu:not(.language-menu)")
    account.locator("summary").click()
    account.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    # Signing in again: the password, then the security key instead of an app code.
    page.goto(_url(live_server, "account_login"))
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(_path_is(live_server, "mfa_authenticate"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_role("button", name="Use a security key").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Institution K")

    # The key answered (its signature counter moved) and allauth recorded its use.
    (credential,) = _credentials(cdp, authenticator_id)
    assert credential["credentialId"] == registered["credentialId"]
    assert credential["signCount"] > registered["signCount"]
    key.refresh_from_db()
    assert key.last_used_at is not None

    # The key can be renamed, then removed; the list says so.
    page.goto(_url(live_server, "mfa_list_webauthn"))
    page.get_by_role("link", name=f"Rename {KEY_NAME}").click()
    page.get_by_label("Name").fill("Office key")
    page.get_by_role("button", name="Save").click()
    page.goto(_url(live_server, "mfa_list_webauthn"))
    expect(page.get_by_role("row").filter(has_text="Office key")).to_have_count(1)
    page.get_by_role("link", name="Remove Office key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove a security key")
    page.get_by_role("button", name="Remove").click()
    page.goto(_url(live_server, "mfa_list_webauthn"))
    expect(page.get_by_text("No security key has been added.")).to_be_visible()

    assert page_problems.csp_violations == []
    assert page_problems.page_errors == []
    assert page_problems.console_errors == []
