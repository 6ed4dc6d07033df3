"""Reminders: due soon, overdue and response awaited, each sent once, to the right people."""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, Personas, client_for, run_background_jobs
from vigil.recommendations.models import Recommendation, Reminder
from vigil.recommendations.services.reminders import reminders_send, send_reminders_task
from vigil.recommendations.tests.factories import RecommendationFactory

TODAY = date(2026, 6, 1)


class Scene:
    def __init__(self, personas: Personas) -> None:
        a = personas.institution_a
        self.personas = personas
        self.commissioner = MembershipFactory.create(
            institution=a, role=Role.COMMISSIONER, user__email="commissioner@a.example"
        )

        def rec(**values: Any) -> Recommendation:
            values.setdefault("response", "accepted")
            return RecommendationFactory.create(
                institution=a, created_by=personas.monitor.user, **values
            )

        self.due_soon = rec(reference="DUE", status="in_progress", due_on=date(2026, 6, 10))
        self.overdue = rec(reference="LATE", status="not_started", due_on=date(2026, 5, 1))
        self.awaited = rec(reference="AWAIT", response="", issued_on=date(2026, 3, 1))
        # Nothing to remind of:
        rec(reference="DONE", status="implemented", due_on=date(2026, 5, 1))
        rec(reference="MOOT", status="no_longer_relevant", due_on=date(2026, 6, 5))
        rec(reference="LATER", due_on=date(2026, 6, 16))  # beyond 14 days
        rec(reference="RECENT", response="", issued_on=date(2026, 4, 10))  # under 60 days
        rec(
            reference="SETTLED-QUIET", status="implemented", response="", issued_on=date(2025, 1, 1)
        )
        rec(reference="UN", source="un_mechanism", mechanism="cat", response="",
            issued_on=date(2025, 1, 1))  # fmt: skip
        # Institution B: its own people only.
        self.of_b = RecommendationFactory.create(
            institution=personas.institution_b, created_by=personas.monitor_b.user,
            reference="B-LATE", response="accepted", due_on=date(2026, 5, 1),
        )  # fmt: skip

    @property
    def recipients_of_a(self) -> set[str]:
        p = self.personas
        return {p.monitor.user.email, p.admin.user.email, self.commissioner.user.email}


@pytest.fixture
def scene(personas: Personas) -> Scene:
    return Scene(personas)


def _reminders() -> set[tuple[str, str, str]]:
    return set(Reminder.objects.values_list("user__email", "recommendation__reference", "kind"))


def test_each_event_reminds_the_author_and_the_leadership_once(scene, mailoutbox):
    counts = reminders_send(today=TODAY)
    assert counts == {"due_soon": 3, "overdue": 4, "response_awaited": 3, "emails": 4,
                      "email_failures": 0}  # fmt: skip
    expected = {
        (email, ref, kind)
        for email in scene.recipients_of_a
        for ref, kind in [("DUE", "due_soon"), ("LATE", "overdue"), ("AWAIT", "response_awaited")]
    } | {("monitor@b.example", "B-LATE", "overdue")}
    assert _reminders() == expected
    # One e-mail per person, listing their new reminders.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [*scene.recipients_of_a, "monitor@b.example"]
    )
    to_admin = next(m for m in mailoutbox if m.to == ["admin@a.example"])
    assert "3 new reminders" in to_admin.subject
    assert "Recommendation DUE is due on" in to_admin.body
    assert "Recommendation LATE is overdue" in to_admin.body
    assert "No response yet from Detaining authority to recommendation AWAIT" in to_admin.body
    assert reverse("recommendations:reminder_list") in to_admin.body
    assert "B-LATE" not in to_admin.body
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
    # Each institution's audit trail notes the run; B's is apart from A's.
    assert (
        AuditEvent.objects.filter(
            institution=scene.personas.institution_a, action="recommendation.reminders_sent"
        ).count()
        == 1
    )

    again = reminders_send(today=TODAY)
    assert again == {"due_soon": 0, "overdue": 0, "response_awaited": 0, "emails": 0,
                     "email_failures": 0}  # fmt: skip
    assert len(mailoutbox) == 4
    assert Reminder.objects.count() == len(expected)
    # The next day, the same events are still the same events; LATER becomes due soon.
    before = _reminders()
    assert reminders_send(today=date(2026, 6, 2))["due_soon"] == 3
    assert {ref for _email, ref, _kind in _reminders() - before} == {"LATER"}


def test_a_new_due_date_is_a_new_event(scene, mailoutbox):
    reminders_send(today=TODAY)
    mailoutbox.clear()
    scene.overdue.due_on = date(2026, 5, 20)
    scene.overdue.save(update_fields=["due_on"])
    counts = reminders_send(today=TODAY)
    assert (counts["overdue"], counts["due_soon"], counts["emails"]) == (3, 0, 3)
    assert Reminder.objects.filter(recommendation=scene.overdue).count() == 6
    assert all("LATE" in m.body and "DUE" not in m.body.replace("due on", "") for m in mailoutbox)
    # Due soon, then overdue: two events for one due date.
    scene.due_soon.due_on = date(2026, 6, 3)
    scene.due_soon.save(update_fields=["due_on"])
    assert reminders_send(today=TODAY)["due_soon"] == 3
    assert reminders_send(today=date(2026, 6, 4))["overdue"] == 3


def test_settled_recommendations_get_no_reminder(scene):
    reminders_send(today=TODAY)
    reminded = set(Reminder.objects.values_list("recommendation__reference", flat=True))
    assert reminded == {"DUE", "LATE", "AWAIT", "B-LATE"}
    scene.overdue.status = "implemented"
    scene.overdue.due_on = date(2026, 5, 25)  # a new due date, but settled
    scene.overdue.save(update_fields=["status", "due_on"])
    assert reminders_send(today=TODAY)["overdue"] == 0


def test_only_active_members_receive_them(scene, mailoutbox):
    p = scene.personas
    p.monitor.is_active = False  # the author left the institution
    p.monitor.save(update_fields=["is_active"])
    scene.commissioner.user.is_active = False  # the account is switched off
    scene.commissioner.user.save(update_fields=["is_active"])
    reminders_send(today=TODAY)
    people_of_a = set(
        Reminder.objects.filter(institution=p.institution_a).values_list("user__email", flat=True)
    )
    assert people_of_a == {"admin@a.example"}
    assert {m.to[0] for m in mailoutbox} == {"admin@a.example", "monitor@b.example"}
    # Analysts, viewers and investigators are not reminded of what others wrote.
    assert not Reminder.objects.filter(
        user__in=[p.analyst.user, p.viewer.user, p.investigator.user]
    ).exists()


def test_an_author_who_is_still_a_member_is_reminded_whatever_the_role(scene):
    scene.personas.monitor.role = Role.VIEWER
    scene.personas.monitor.save(update_fields=["role"])
    reminders_send(today=TODAY)
    assert Reminder.objects.filter(user=scene.personas.monitor.user).count() == 3


def test_a_failed_e_mail_leaves_the_reminder_unmailed_and_is_not_sent_twice(scene, mailoutbox):
    with mock.patch(
        "vigil.recommendations.services.reminders.send_mail", side_effect=OSError("SMTP down")
    ):
        counts = reminders_send(today=TODAY)
    assert (counts["emails"], counts["email_failures"]) == (0, 4)
    assert Reminder.objects.count() == 10
    assert not Reminder.objects.filter(emailed_at__isnull=False).exists()
    assert reminders_send(today=TODAY)["emails"] == 0  # the in-app reminders stay; no retry


def test_the_command_prints_the_counts(scene, mailoutbox):
    out = io.StringIO()
    call_command("send_reminders", "--today", "2026-06-01", stdout=out)
    assert out.getvalue().strip() == (
        "Reminders created: 3 due soon, 4 overdue, 3 response awaited; e-mails sent: 4, failed: 0."
    )
    out = io.StringIO()
    call_command("send_reminders", "--today", "2026-06-01", stdout=out)
    assert "Reminders created: 0 due soon, 0 overdue, 0 response awaited" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "June")


@pytest.mark.django_db(transaction=True)
def test_the_task_runs_through_the_real_worker(mailoutbox):
    from vigil.core.tests.factories import make_personas

    scene = Scene(make_personas())
    result = send_reminders_task.enqueue(today="2026-06-01")
    run_background_jobs()
    assert len(_reminders()) == 10
    assert len(mailoutbox) == 4
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value["overdue"] == 4
    assert scene.recipients_of_a <= {m.to[0] for m in mailoutbox}


def test_unread_reminders_show_on_the_home_page_until_read(scene):
    reminders_send(today=TODAY)
    client = client_for(scene.personas.admin)
    home = client.get(reverse("core:home")).content.decode()
    assert "Recommendation LATE is overdue" in home
    assert reverse("recommendations:recommendation_detail", args=[scene.overdue.pk]) in home
    assert "B-LATE" not in home
    # Others' reminders never show.
    analyst_home = client_for(scene.personas.analyst).get(reverse("core:home")).content.decode()
    assert "Recommendation LATE" not in analyst_home

    mine = Reminder.objects.get(user=scene.personas.admin.user, recommendation=scene.overdue)
    assert client.post(reverse("recommendations:reminder_read", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "Recommendation LATE is overdue" not in client.get(reverse("core:home")).content.decode()
    client.post(reverse("recommendations:reminder_read_all"))
    assert not Reminder.objects.filter(
        user=scene.personas.admin.user, read_at__isnull=True
    ).exists()
    assert "Recommendation DUE" not in client.get(reverse("core:home")).content.decode()


def test_reminders_of_settled_recommendations_leave_the_home_page(scene):
    reminders_send(today=TODAY)
    client = client_for(scene.personas.admin)
    scene.overdue.status = "implemented"
    scene.overdue.save(update_fields=["status"])
    home = client.get(reverse("core:home")).content.decode()
    assert "Recommendation LATE is overdue" not in home
    assert "Recommendation DUE is due on" in home
    # The list keeps them.
    assert (
        "Recommendation LATE is overdue"
        in client.get(reverse("recommendations:reminder_list")).content.decode()
    )


def test_the_home_page_lists_at_most_five_and_links_to_the_rest(personas):
    rec = RecommendationFactory.create(
        institution=personas.institution_a, created_by=personas.admin.user
    )
    for n in range(7):
        Reminder.objects.create(
            institution=personas.institution_a, user=personas.admin.user, recommendation=rec,
            kind="overdue", key=f"overdue:{rec.pk}:2026-0{n + 1}-01",
            message=f"Reminder number {n}",
        )  # fmt: skip
    home = client_for(personas.admin).get(reverse("core:home")).content.decode()
    assert home.count("Reminder number") == 5
    assert "2 more unread reminders" in home
    assert reverse("recommendations:reminder_list") in home


def test_the_reminder_page_lists_only_ones_own(scene):
    reminders_send(today=TODAY)
    p = scene.personas
    page = client_for(p.admin).get(reverse("recommendations:reminder_list"))
    assert page.status_code == 200
    assert [r.user_id for r in page.context["page"]] == [p.admin.user_id] * 3
    assert page.context["unread_count"] == 3
    body = page.content.decode()
    assert "Mark read" in body and "Recommendation LATE is overdue" in body
    # Another person's reminder is a missing one, even in the same institution.
    monitors = Reminder.objects.filter(user=p.monitor.user).first()
    assert (
        client_for(p.admin)
        .post(reverse("recommendations:reminder_read", args=[monitors.pk]))
        .status_code
        == 404
    )
    assert (
        client_for(p.analyst)
        .get(reverse("recommendations:reminder_list"))
        .context["page"]
        .paginator.count
        == 0
    )
    unread = client_for(p.admin).get(reverse("recommendations:reminder_list"), {"unread": "1"})
    assert unread.context["page"].paginator.count == 3


def test_many_recommendations_are_read_in_pages(scene, monkeypatch):
    from vigil.recommendations.selectors import reminders

    for n in range(5):
        RecommendationFactory.create(
            institution=scene.personas.institution_a, created_by=scene.personas.admin.user,
            reference=f"LATE-{n}", response="accepted", due_on=date(2026, 4, n + 1),
        )  # fmt: skip
    monkeypatch.setattr(reminders, "CHUNK", 2)
    counts = reminders_send(today=TODAY)
    # LATE has three recipients; LATE-0…4 two (the author is an administrator); B-LATE one.
    assert counts["overdue"] == 3 + 5 * 2 + 1
    assert reminders_send(today=TODAY)["overdue"] == 0
