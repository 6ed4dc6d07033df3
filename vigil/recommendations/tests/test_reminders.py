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
from vigil.recommendations.models import Recommendation, Reminder, ReminderDigest
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
    # The institution's first run announces that reminders begin; a short one lists its items.
    assert "reminders begin: 3 reminders" in to_admin.subject
    assert "Overdue: 1" in to_admin.body and "Due soon: 1" in to_admin.body
    assert "Recommendation DUE is due on" in to_admin.body
    assert "Recommendation LATE is overdue" in to_admin.body
    assert "No response yet from Detaining authority to recommendation AWAIT" in to_admin.body
    digest = ReminderDigest.objects.get(user=scene.personas.admin.user)
    assert reverse("recommendations:reminder_digest", args=[digest.pk]) in to_admin.body
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
    assert "1 new reminder about" in mailoutbox[-1].subject


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


def test_the_home_page_shows_one_line_per_unread_day_until_read(scene):
    reminders_send(today=TODAY)
    client = client_for(scene.personas.admin)
    home = client.get(reverse("core:home")).content.decode()
    assert "Reminders about recommendations: 1 overdue, 1 due soon, 1 awaiting a response" in home
    digest = ReminderDigest.objects.get(user=scene.personas.admin.user)
    assert reverse("recommendations:reminder_digest", args=[digest.pk]) in home
    assert "B-LATE" not in home
    # Others' reminders never show.
    analyst_home = client_for(scene.personas.analyst).get(reverse("core:home")).content.decode()
    assert "Reminders about recommendations" not in analyst_home

    read = reverse("recommendations:reminder_digest_read", args=[digest.pk])
    assert client.post(read).status_code == 302
    digest.refresh_from_db()
    assert digest.read_at is not None
    assert not Reminder.objects.filter(digest=digest, read_at__isnull=True).exists()
    assert (
        "Reminders about recommendations" not in client.get(reverse("core:home")).content.decode()
    )


def test_mark_all_read_reads_every_day_and_every_reminder(scene):
    reminders_send(today=TODAY)
    reminders_send(today=date(2026, 6, 2))
    client = client_for(scene.personas.admin)
    client.post(reverse("recommendations:reminder_read_all"))
    admin = scene.personas.admin.user
    assert not ReminderDigest.objects.filter(user=admin, read_at__isnull=True).exists()
    assert not Reminder.objects.filter(user=admin, read_at__isnull=True).exists()


def test_the_home_page_lists_at_most_five_days_and_links_to_the_rest(personas):
    for day in range(1, 8):
        ReminderDigest.objects.create(
            institution=personas.institution_a, user=personas.admin.user,
            on=date(2026, 6, day), counts={"overdue": day},
        )  # fmt: skip
    home = client_for(personas.admin).get(reverse("core:home")).content.decode()
    assert home.count("Reminders about recommendations:") == 5
    assert "2 more days of unread reminders" in home
    assert reverse("recommendations:reminder_list") in home


def test_the_reminder_pages_list_only_ones_own(scene):
    reminders_send(today=TODAY)
    p = scene.personas
    page = client_for(p.admin).get(reverse("recommendations:reminder_list"))
    assert page.status_code == 200
    assert [d.user_id for d in page.context["page"]] == [p.admin.user_id]
    assert page.context["unread_count"] == 1
    digest = page.context["page"][0]
    body = page.content.decode()
    assert "Mark read" in body and "1 overdue, 1 due soon, 1 awaiting a response" in body
    day = client_for(p.admin).get(reverse("recommendations:reminder_digest", args=[digest.pk]))
    assert [r.user_id for r in day.context["page"]] == [p.admin.user_id] * 3
    assert "Recommendation LATE is overdue" in day.content.decode()
    # Another person's day and reminder are missing ones, even in the same institution.
    monitors = ReminderDigest.objects.get(user=p.monitor.user)
    url = reverse("recommendations:reminder_digest", args=[monitors.pk])
    assert client_for(p.admin).get(url).status_code == 404
    read = reverse("recommendations:reminder_digest_read", args=[monitors.pk])
    assert client_for(p.admin).post(read).status_code == 404
    reminder = Reminder.objects.filter(user=p.monitor.user).first()
    read_one = reverse("recommendations:reminder_read", args=[reminder.pk])
    assert client_for(p.admin).post(read_one).status_code == 404
    # Institution B's monitor: A's days do not exist.
    assert client_for(p.monitor_b).get(url).status_code == 404
    listing = client_for(p.analyst).get(reverse("recommendations:reminder_list"))
    assert listing.context["page"].paginator.count == 0


def test_the_list_of_days_costs_the_same_queries_for_one_day_or_many(scene, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas.admin)
    reminders_send(today=TODAY)
    client.get(reverse("recommendations:reminder_list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("recommendations:reminder_list"))
    for day in range(2, 20):
        ReminderDigest.objects.create(
            institution=personas.institution_a, user=personas.admin.user,
            on=date(2026, 6, day), counts={"overdue": 2},
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("recommendations:reminder_list"))
    assert len(many) == len(one)


def test_one_digest_per_person_and_day_even_over_two_runs(scene, mailoutbox):
    reminders_send(today=TODAY)
    mailoutbox.clear()
    RecommendationFactory.create(
        institution=scene.personas.institution_a, created_by=scene.personas.admin.user,
        reference="LATE-2", response="accepted", due_on=date(2026, 5, 2),
    )  # fmt: skip
    reminders_send(today=TODAY)
    digest = ReminderDigest.objects.get(user=scene.personas.admin.user)
    assert digest.counts == {"overdue": 2, "due_soon": 1, "response_awaited": 1}
    assert digest.reminders.count() == 4
    # The second run mails only what it added.
    to_admin = next(m for m in mailoutbox if m.to == ["admin@a.example"])
    assert "1 new reminder about" in to_admin.subject and "LATE-2" in to_admin.body


def test_the_first_run_on_a_large_backlog_announces_counts_not_items(personas, mailoutbox):
    a = personas.institution_a
    for n in range(60):
        RecommendationFactory.create(
            institution=a, created_by=personas.admin.user, reference=f"OLD-{n:02d}",
            response="accepted", status="not_started", due_on=date(2025, 1, 1),
        )  # fmt: skip
    counts = reminders_send(today=TODAY)
    assert counts["overdue"] == 60
    assert counts["emails"] == 1
    mail = mailoutbox[0]
    assert "reminders begin: 60 reminders" in mail.subject
    assert "Overdue: 60" in mail.body
    assert "OLD-" not in mail.body  # a summary, not sixty items
    digest = ReminderDigest.objects.get(user=personas.admin.user)
    assert digest.first and digest.total == 60
    home = client_for(personas.admin).get(reverse("core:home")).content.decode()
    assert home.count("Reminders about recommendations: 60 overdue") == 1
    # The next day only what is new is told, item by item.
    RecommendationFactory.create(
        institution=a, created_by=personas.admin.user, reference="NEW-1",
        response="accepted", due_on=date(2026, 6, 1),
    )  # fmt: skip
    reminders_send(today=date(2026, 6, 2))
    assert "NEW-1" in mailoutbox[-1].body and "1 new reminder about" in mailoutbox[-1].subject
    assert not ReminderDigest.objects.get(on=date(2026, 6, 2)).first


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
