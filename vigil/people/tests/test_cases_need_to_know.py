"""Need to know: a case is seen by its team and by commissioners; to anyone else it does
not exist, on its page and on every page about it. Every read leaves an audit event."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.people.models import CaseStage, Perpetrator, Referral
from vigil.people.tests.factories_cases import case_of_a, commissioner_of_a, referral_of

pytestmark = pytest.mark.django_db

CASE_PAGES = [
    f"people:{name}"
    for name in ("case_detail", "case_edit", "case_move", "case_team", "perpetrator_add",
                 "referral_add")
]  # fmt: skip
MISSING = 987_654_321
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(response, url: str) -> bytes:
    return _CSRF.sub(b"", response.content.replace(url.encode(), b"URL"))


def _case_urls(case, referral) -> list[tuple[str, str]]:
    """(URL of the real record, URL of a missing one) for every page about one case."""
    pairs = [(reverse(name, args=[case.pk]), reverse(name, args=[MISSING])) for name in CASE_PAGES]
    pairs.append(
        (
            reverse("people:referral_follow_up", args=[referral.pk]),
            reverse("people:referral_follow_up", args=[MISSING]),
        )
    )
    return pairs


def _assert_like_missing(client, case, referral) -> None:
    for url, missing_url in _case_urls(case, referral):
        for method in ("get", "post"):
            data = {"to_stage": "assessment", "reason": "x", "moved_on": "2026-03-12",
                    "agency": "Police", "body": "Prosecutor", "sent_on": "2026-03-12",
                    "status": "closed", "user": "1", "role": "member"}  # fmt: skip
            response = getattr(client, method)(url, data if method == "post" else None)
            missing = getattr(client, method)(missing_url, data if method == "post" else None)
            # The case page only reads: a POST is refused before any lookup, for both alike.
            expected = 405 if method == "post" and url.endswith(f"/cases/{case.pk}/") else 404
            assert response.status_code == expected, (method, url, response.status_code)
            assert _page(response, url) == _page(missing, missing_url), (method, url)


@pytest.mark.parametrize("who", ["investigator", "analyst", "viewer", "admin"])
def test_anyone_outside_the_team_gets_the_404_of_a_missing_case_on_every_case_page(personas, who):
    case = case_of_a(personas, team=[personas.monitor])
    referral = referral_of(case)
    reads_before = AuditEvent.objects.filter(action="record.read").count()
    _assert_like_missing(client_for(getattr(personas, who)), case, referral)
    case.refresh_from_db()
    assert case.stage == CaseStage.RECEIVED
    assert not Perpetrator.objects.filter(case=case).exists()
    assert Referral.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(action="record.read").count() == reads_before


def test_an_unassigned_investigator_finds_the_case_in_no_list(personas):
    case = case_of_a(personas, team=[personas.monitor], reference="C-2026-7777")
    client = client_for(personas.investigator)
    for name in ("people:case_list", "people:case_overdue"):
        assert case.reference not in client.get(reverse(name)).content.decode()
    export = client.get(reverse("people:case_export")).getvalue().decode()
    assert case.reference not in export


def test_the_team_and_a_commissioner_see_the_case(personas):
    case = case_of_a(personas, team=[personas.monitor], reference="C-2026-4242")
    commissioner = commissioner_of_a(personas)
    for member in (personas.monitor, commissioner):
        client = client_for(member)
        assert case.reference in client.get(reverse("people:case_list")).content.decode()
        page = client.get(reverse("people:case_detail", args=[case.pk]))
        assert page.status_code == 200
        # The team passed need to know: the victim is named, the account decrypted.
        victim = case.victims.get()
        assert victim.full_name in page.content.decode()
        assert "Beaten with a baton" in page.content.decode()


def test_adding_an_investigator_to_the_team_opens_the_case_to_them(personas):
    case = case_of_a(personas, team=[personas.monitor])
    client = client_for(personas.investigator)
    assert client.get(reverse("people:case_detail", args=[case.pk])).status_code == 404
    lead = client_for(personas.monitor)
    response = lead.post(
        reverse("people:case_team", args=[case.pk]),
        {"action": "assign", "user": personas.investigator.user_id, "role": "member"},
    )
    assert response.status_code == 302
    assert client.get(reverse("people:case_detail", args=[case.pk])).status_code == 200


def test_every_read_of_a_case_leaves_an_audit_event(personas):
    case = case_of_a(personas, team=[personas.monitor])
    referral = referral_of(case)
    client = client_for(personas.monitor)
    urls = [reverse(name, args=[case.pk]) for name in CASE_PAGES]
    urls.append(reverse("people:referral_follow_up", args=[referral.pk]))
    for url in urls:
        before = AuditEvent.objects.filter(
            action="record.read", target_type="people.case", target_id=str(case.pk)
        ).count()
        assert client.get(url).status_code == 200, url
        after = AuditEvent.objects.filter(
            action="record.read", target_type="people.case", target_id=str(case.pk)
        )
        assert after.count() == before + 1, url
        assert after.order_by("-sequence").first().actor == personas.monitor.user


def test_only_the_lead_and_commissioners_change_the_team(personas):
    case = case_of_a(personas, team=[personas.monitor, personas.investigator])
    url = reverse("people:case_team", args=[case.pk])
    member = client_for(personas.investigator)
    assert member.get(url).status_code == 200
    refused = member.post(url, {"action": "unassign", "user": personas.monitor.user_id})
    assert refused.status_code == 403
    commissioner = client_for(commissioner_of_a(personas))
    response = commissioner.post(
        url, {"action": "assign", "user": personas.investigator.user_id, "role": "lead"}
    )
    assert response.status_code == 302
    roles = dict(case.assignments.values_list("user_id", "role"))
    assert roles == {personas.investigator.user_id: "lead", personas.monitor.user_id: "member"}


def test_the_lead_cannot_be_removed_and_the_page_says_why(personas):
    case = case_of_a(personas, team=[personas.monitor, personas.investigator])
    response = client_for(personas.monitor).post(
        reverse("people:case_team", args=[case.pk]),
        {"action": "unassign", "user": personas.monitor.user_id},
    )
    assert response.status_code == 400
    assert "Name another lead before removing this one." in response.content.decode()
    assert case.assignments.count() == 2


def test_only_members_who_work_with_cases_can_join_a_team(personas):
    case = case_of_a(personas, team=[personas.monitor])
    response = client_for(personas.monitor).post(
        reverse("people:case_team", args=[case.pk]),
        {"action": "assign", "user": personas.analyst.user_id, "role": "member"},
    )
    assert response.status_code == 400
    assert not case.assignments.filter(user=personas.analyst.user).exists()
