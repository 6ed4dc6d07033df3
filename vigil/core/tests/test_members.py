"""Institutions and people: invitations, roles, deactivation, switching institution."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from vigil.core.models import AuditEvent, Membership, User
from vigil.core.roles import Role
from vigil.core.services import institutions as services
from vigil.core.tests.factories import MembershipFactory, client_for


def _invite(client: Client, email: str, role: str = Role.MONITOR, name: str = "Nomin Bold"):
    return client.post(
        reverse("core:member_invite"), {"email": email, "full_name": name, "role": role}
    )


def test_admin_invites_a_new_person_who_sets_a_password_by_email(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client_for(personas.admin), "Nomin@Example.org")
    assert response.status_code == 302
    user = User.objects.get(email="nomin@example.org")
    membership = Membership.objects.get(user=user, institution=personas.institution_a)
    assert membership.role == Role.MONITOR and membership.is_active
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(action="membership.invited", target_id=str(membership.pk))
    [mail] = mailoutbox
    assert mail.to == ["nomin@example.org"] and "Institution A" in mail.subject
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.body)
    assert link, mail.body
    # The link lets them choose a password, then sign in.
    client = Client()
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new_password = "a-long-and-new-passphrase-2026"
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_inviting_an_existing_user_adds_a_membership_without_a_new_account(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    existing = personas.monitor_b.user
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_for(personas.admin), existing.email, role=Role.VIEWER)
    assert User.objects.filter(email=existing.email).count() == 1
    assert Membership.objects.get(user=existing, institution=personas.institution_a).role == (
        Role.VIEWER
    )
    assert "password/reset" not in mailoutbox[0].body


def test_inviting_a_member_twice_names_the_field_and_changes_nothing(personas):
    before = Membership.objects.count()
    response = _invite(client_for(personas.admin), personas.monitor.user.email)
    assert response.status_code == 400
    assert "already a member" in str(response.context["form"].errors["email"])
    assert Membership.objects.count() == before


def test_bad_invitation_input_names_the_field(personas):
    response = _invite(client_for(personas.admin), "not-an-email", role="emperor")
    errors = response.context["form"].errors
    assert "email" in errors and "role" in errors


@pytest.mark.parametrize("who", ["monitor", "investigator", "analyst", "viewer"])
def test_only_admins_invite_and_manage(personas, who):
    client = client_for(getattr(personas, who))
    assert _invite(client, "someone@example.org").status_code == 403
    assert client.get(reverse("core:member_detail", args=[personas.viewer.pk])).status_code == 403
    assert not User.objects.filter(email="someone@example.org").exists()
    with pytest.raises(PermissionDenied):
        services.membership_set_role(
            actor=getattr(personas, who), membership=personas.viewer, role=Role.ADMIN
        )


def test_everyone_sees_the_team_list(personas, django_assert_max_num_queries):
    for index in range(10):
        MembershipFactory.create(
            institution=personas.institution_a, user__email=f"x{index}@a.example"
        )
    client = client_for(personas.viewer)
    client.get(reverse("core:member_list"))  # warm the session
    with django_assert_max_num_queries(12) as captured:
        response = client.get(reverse("core:member_list"))
    queries_for_15 = len(captured)
    assert response.status_code == 200
    assert personas.monitor.user.email in response.content.decode()
    assert personas.monitor_b.user.email not in response.content.decode()
    for index in range(20):
        MembershipFactory.create(
            institution=personas.institution_a, user__email=f"y{index}@a.example"
        )
    with django_assert_max_num_queries(queries_for_15):
        client.get(reverse("core:member_list"))


def test_admin_changes_a_role_and_it_is_audited(personas):
    client = client_for(personas.admin)
    client.post(reverse("core:member_detail", args=[personas.viewer.pk]), {"role": Role.ANALYST})
    personas.viewer.refresh_from_db()
    assert personas.viewer.role == Role.ANALYST
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.details == {"from": "viewer", "to": "analyst"}


def test_the_last_admin_cannot_be_demoted_or_deactivated(personas):
    with pytest.raises(ValidationError, match="at least one active administrator"):
        services.membership_set_role(
            actor=personas.admin, membership=personas.admin, role=Role.VIEWER
        )
    with pytest.raises(ValidationError):
        services.membership_deactivate(actor=personas.admin, membership=personas.admin)
    response = client_for(personas.admin).post(
        reverse("core:member_detail", args=[personas.admin.pk]),
        {"action": "deactivate"},
        follow=True,
    )
    assert "at least one active administrator" in response.content.decode()
    personas.admin.refresh_from_db()
    assert personas.admin.is_active and personas.admin.role == Role.ADMIN


def test_deactivation_and_reactivation(personas):
    client = client_for(personas.admin)
    url = reverse("core:member_detail", args=[personas.monitor.pk])
    client.post(url, {"action": "deactivate"})
    personas.monitor.refresh_from_db()
    assert not personas.monitor.is_active and personas.monitor.deactivated_at
    assert client_for(personas.monitor).get(reverse("core:member_list")).status_code == 403
    client.post(url, {"action": "reactivate"})
    personas.monitor.refresh_from_db()
    assert personas.monitor.is_active
    actions = list(
        AuditEvent.objects.filter(target_id=str(personas.monitor.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"membership.deactivated", "membership.reactivated"} <= set(actions)


def test_a_person_switches_between_their_institutions(personas):
    both = MembershipFactory.create(
        user=personas.monitor.user, institution=personas.institution_b, role=Role.VIEWER
    )
    client = client_for(personas.monitor)
    home = client.get("/").content.decode()
    assert "Active institution" in home and "Institution B" in home
    response = client.post(
        reverse("core:institution_switch"), {"institution": both.institution_id, "next": "/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    assert page.context["actor"] == both
    assert "Viewer" in page.content.decode()
    # Switching to an institution they do not belong to is refused and changes nothing.
    other = MembershipFactory.create(role=Role.ADMIN).institution
    assert (
        client.post(reverse("core:institution_switch"), {"institution": other.pk}).status_code
        == 400
    )
    assert client.get("/").context["actor"] == both


def test_switch_ignores_a_next_address_on_another_site(personas):
    MembershipFactory.create(user=personas.monitor.user, institution=personas.institution_b)
    response = client_for(personas.monitor).post(
        reverse("core:institution_switch"),
        {"institution": personas.institution_b.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_admin_edits_institution_settings_with_validation(personas):
    client = client_for(personas.admin)
    url = reverse("core:institution_settings")
    bad = client.post(
        url,
        {
            "name": "Institution A",
            "country": "Meridia",
            "kind": "npm",
            "time_zone": "Mars/Olympus",
            "default_language": "en",
            "languages": ["en", "tet"],
            "calendar": "gregorian",
        },
    )
    errors = bad.context["form"].errors
    assert "time_zone" in errors and "languages" in errors
    good = client.post(
        url,
        {
            "name": "Institution A",
            "country": "Meridia",
            "kind": "npm",
            "time_zone": "Asia/Ulaanbaatar",
            "default_language": "mn",
            "languages": ["en", "mn"],
            "calendar": "gregorian",
            "decimal_mark": personas.institution_a.decimal_mark,
            "version": personas.institution_a.version,
        },
    )
    assert good.status_code == 302
    personas.institution_a.refresh_from_db()
    assert personas.institution_a.time_zone == "Asia/Ulaanbaatar"
    assert personas.institution_a.languages == ["en", "mn"]
    assert personas.institution_a.default_language == "mn"
    assert AuditEvent.objects.get(action="institution.updated").details == {
        "fields": ["country", "default_language", "kind", "languages", "time_zone"]
    }
    assert client_for(personas.monitor).get(url).status_code == 403


def test_dates_show_in_the_institution_time_zone(personas):
    from vigil.core.audit import audit_record

    personas.institution_a.time_zone = "Asia/Ulaanbaatar"  # UTC+8, no daylight saving
    personas.institution_a.save()
    event = audit_record(action="test.time", actor=None, institution=personas.institution_a)
    client = client_for(personas.admin)
    page = client.get(reverse("core:audit_list")).content.decode()
    local = event.created_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ulaanbaatar"))
    assert local.strftime("%H:%M") in page
