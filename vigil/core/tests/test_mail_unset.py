"""Without a mail server, invitation and password links never reach the log: the screens
say that no e-mail was sent, and the administrator who invites is shown the link."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from vigil.core.mail import NO_MAIL_BACKEND
from vigil.core.models import Membership, User
from vigil.core.roles import Role
from vigil.core.tests.factories import client_for


@pytest.fixture
def no_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = NO_MAIL_BACKEND


def _logged(caplog) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(record.getMessage() for record in caplog.records)


def test_an_invitation_shows_the_link_to_the_admin_and_logs_no_link(
    personas, no_mail, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    admin = client_for(personas.admin)
    page = admin.get(reverse("core:member_invite"))
    assert "no e-mail will be sent" in page.content.decode()
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("core:member_invite"),
            {"email": "oyun@example.org", "full_name": "Oyun Tsetseg", "role": Role.MONITOR},
        )
    membership = Membership.objects.get(user__email="oyun@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:member_detail", args=[membership.pk])
    assert not mailoutbox
    assert "e-mail was not sent" in _logged(caplog)
    assert "/accounts/password/reset/key/" not in _logged(caplog)
    assert "oyun@example.org" not in _logged(caplog)

    detail = admin.get(response["Location"])
    html = detail.content.decode()
    assert "No mail server is set, so no e-mail was sent" in html  # the confirmation
    assert "no-store" in detail["Cache-Control"]
    link = html.split('<code class="copyable">')[1].split("</code>")[0]
    assert "/accounts/password/reset/key/" in link
    # The link works: the person chooses a password with it.
    path = link.removeprefix("http://testserver")
    person = Client()
    form_page = person.get(path, follow=True)
    new_password = "a-long-and-new-passphrase-2026"
    person.post(
        form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )
    user = User.objects.get(email="oyun@example.org")
    assert user.check_password(new_password)
    # Once used, the page shows no link any more.
    assert '<code class="copyable">' not in admin.get(response["Location"]).content.decode()


def test_members_with_a_password_or_mail_that_works_get_no_link_on_their_page(personas, settings):
    admin = client_for(personas.admin)
    settings.EMAIL_BACKEND = NO_MAIL_BACKEND
    page = admin.get(reverse("core:member_detail", args=[personas.monitor.pk]))
    assert '<code class="copyable">' not in page.content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    User.objects.filter(pk=personas.viewer.user.pk).update(password="!unusable")
    page = admin.get(reverse("core:member_detail", args=[personas.viewer.pk]))
    assert '<code class="copyable">' not in page.content.decode()


def test_the_password_reset_page_says_no_mail_is_sent_and_nothing_reaches_the_log(
    personas, no_mail, caplog, mailoutbox
):
    client = Client()
    page = client.get(reverse("account_reset_password"))
    assert "sends no e-mail" in page.content.decode()
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("account_reset_password"), {"email": personas.monitor.user.email})
    assert not mailoutbox
    assert "/accounts/password/reset/key/" not in _logged(caplog)
    assert personas.monitor.user.email not in _logged(caplog)
