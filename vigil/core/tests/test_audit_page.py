"""The audit page: who may see it, filters, export, and constant query counts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from vigil.core.audit import audit_record
from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for, institution_today


def _events(personas, count: int, action: str = "test.action") -> None:
    with transaction.atomic():
        for _ in range(count):
            audit_record(
                action=action,
                actor=personas.monitor.user,
                institution=personas.institution_a,
                target=personas.viewer,
            )


@pytest.mark.parametrize(
    "who,status", [("admin", 200), ("viewer", 200), ("monitor", 403), ("analyst", 403)]
)
def test_admins_and_viewers_read_the_audit_trail(personas, who, status):
    assert client_for(getattr(personas, who)).get(reverse("core:audit_list")).status_code == status


def test_filters_by_actor_action_target_and_date(personas):
    _events(personas, 3, "visit.created")
    with transaction.atomic():
        audit_record(
            action="membership.role_changed",
            actor=personas.admin.user,
            institution=personas.institution_a,
            target=personas.monitor,
        )
    client = client_for(personas.admin)

    def listed(**query) -> list[str]:
        page = client.get(reverse("core:audit_list"), query).context["page"]
        return [e.action for e in page]

    assert listed(actor=personas.admin.user.pk) == ["membership.role_changed"]
    assert listed(action="visit") == ["visit.created"] * 3
    assert listed(target_type="core.membership", target_id=personas.monitor.pk) == [
        "membership.role_changed"
    ]
    today = institution_today(personas.institution_a)
    assert len(listed(since=today.isoformat(), until=today.isoformat())) == 4
    assert listed(until=(today - timedelta(days=1)).isoformat()) == []
    bad = client.get(reverse("core:audit_list"), {"since": "2026-05-02", "until": "2026-05-01"})
    assert "until" in bad.context["form"].errors


def test_institution_b_events_never_show_in_a(personas):
    with transaction.atomic():
        audit_record(action="secret.of_b", actor=None, institution=personas.institution_b)
    page = client_for(personas.admin).get(reverse("core:audit_list")).content.decode()
    assert "secret.of_b" not in page


def test_export_gives_the_filtered_events_as_csv(personas):
    _events(personas, 2, "visit.created")
    _events(personas, 1, "other.thing")
    response = client_for(personas.admin).get(reverse("core:audit_export"), {"action": "visit"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"  # it names people
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    # A BOM first, so that Excel reads UTF-8 (as every table Vigil exports).
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["sequence", "time", "actor", "action"]
    assert [r[3] for r in rows[1:]] == ["visit.created", "visit.created"]
    assert rows[1][2] == personas.monitor.user.email


def test_the_audit_page_runs_a_constant_number_of_queries(personas, django_assert_num_queries):
    client = client_for(personas.admin)
    _events(personas, 5)
    client.get(reverse("core:audit_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:audit_list"))
    _events(personas, 120)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("core:audit_list"))
    assert len(response.context["page"]) == 50


def test_downloading_the_trail_is_itself_an_event(personas):
    _events(personas, 2, "visit.created")
    client = client_for(personas.admin)
    response = client.get(reverse("core:audit_export"), {"action": "visit", "since": "2026-01-01"})
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(action="audit.exported")
    assert event.actor == personas.admin.user
    assert event.institution == personas.institution_a
    assert event.details == {"filters": {"action": "visit", "since": "2026-01-01"}, "rows": 2}
    # A reader without the audit capability downloads nothing and leaves no such event.
    assert client_for(personas.monitor).get(reverse("core:audit_export")).status_code == 403
    assert AuditEvent.objects.filter(action="audit.exported").count() == 1


def _sign_in(user) -> None:
    with transaction.atomic():
        audit_record(action="auth.login", actor=user, institution=None)


def test_members_sign_ins_and_institution_events_are_paged_together_newest_first(personas):
    """The list reads the institution's events and its members' sign-ins (which belong to no
    institution) separately and merges them: one order, one count, across pages."""
    _events(personas, 30)
    _sign_in(personas.monitor.user)
    _events(personas, 30)
    _sign_in(personas.viewer.user)
    _sign_in(personas.monitor_b.user)  # another institution's member: never listed
    _events(personas, 10)
    client = client_for(personas.admin)
    first = client.get(reverse("core:audit_list")).context["page"]
    second = client.get(reverse("core:audit_list") + "?page=2").context["page"]
    listed = [*first, *second]
    expected = AuditEvent.objects.filter(institution=personas.institution_a) | (
        AuditEvent.objects.filter(
            institution__isnull=True,
            actor__in=[personas.monitor.user, personas.viewer.user],
            action__startswith="auth.",
        )
    )
    assert first.paginator.count == expected.count()
    assert [e.sequence for e in listed] == sorted((e.sequence for e in expected), reverse=True)
    assert [e.action for e in listed].count("auth.login") == 2
    assert personas.monitor_b.user_id not in {e.actor_id for e in listed}
