"""The status of a visit: planned → preparing → on site → reporting → report sent → closed,
one step at a time, each move recorded; refused moves change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for, institution_today
from vigil.places.models import Place
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import StatusChange, TeamRole, Visit
from vigil.visits.services import visits as services
from vigil.visits.tests.factories import TeamMemberFactory, VisitFactory

S = Visit.Status


@pytest.fixture
def planned(team_visit: Visit) -> Visit:
    Visit.objects.filter(pk=team_visit.pk).update(status=S.PLANNED, starts_on=None, ends_on=None)
    team_visit.refresh_from_db()
    return team_visit


def _move(client, visit: Visit, status: str, note: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    response = client.post(
        reverse("visits:visit_status", args=[visit.pk]), {"status": status, "note": note}
    )
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def _place_list(client, **query) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("places:place_list"), query)
    assert response.status_code == 200
    return [place.name for place in response.context["page"].object_list]


def test_a_visit_moves_through_the_whole_cycle_one_step_at_a_time(planned, team_monitor):
    client = client_for(team_monitor)
    assert _move(client, planned, S.PREPARING, "Team briefed") == ["The visit is now “Preparing”."]
    _move(client, planned, S.ON_SITE)
    _move(client, planned, S.REPORTING)
    response = client.post(
        reverse("visits:visit_report_sent", args=[planned.pk]),
        {"sent_on": timezone.localdate().isoformat(), "recipients": "Chief of Police"},
    )
    assert response.status_code == 302
    _move(client, planned, S.CLOSED)

    planned.refresh_from_db()
    assert planned.status == S.CLOSED
    changes = list(StatusChange.objects.filter(visit=planned))
    assert [(c.from_status, c.to_status) for c in changes] == [
        (S.PLANNED, S.PREPARING),
        (S.PREPARING, S.ON_SITE),
        (S.ON_SITE, S.REPORTING),
        (S.REPORTING, S.REPORT_SENT),
        (S.REPORT_SENT, S.CLOSED),
    ]
    assert {c.changed_by for c in changes} == {team_monitor.user}
    assert changes[0].note == "Team briefed"
    events = AuditEvent.objects.filter(action="visit.status_changed", target_id=str(planned.pk))
    assert [(e.details["from"], e.details["to"], e.actor) for e in events.order_by("sequence")] == [
        (c.from_status, c.to_status, team_monitor.user) for c in changes
    ]
    page = client.get(reverse("visits:visit_detail", args=[planned.pk]))
    assert page.context["next_steps"] == []  # a closed visit offers no move


def test_the_page_offers_only_the_moves_allowed_from_the_current_status(planned, team_monitor):
    client = client_for(team_monitor)
    page = client.get(reverse("visits:visit_detail", args=[planned.pk]))
    assert page.context["next_steps"] == [S.PREPARING, S.CANCELLED]
    services.visit_set_status(actor=team_monitor, visit=planned, status=S.PREPARING)
    page = client.get(reverse("visits:visit_detail", args=[planned.pk]))
    assert page.context["next_steps"] == [S.PLANNED, S.ON_SITE, S.CANCELLED]


def test_a_report_being_written_may_send_the_team_back_on_site(team_visit, team_monitor):
    services.visit_set_status(actor=team_monitor, visit=team_visit, status=S.REPORTING)
    services.visit_set_status(
        actor=team_monitor, visit=team_visit, status=S.ON_SITE, note="Recheck"
    )
    assert Visit.objects.get(pk=team_visit.pk).status == S.ON_SITE


REFUSED = [
    pytest.param(S.PLANNED, S.ON_SITE, "can only move to: Preparing, Cancelled", id="skip-a-step"),
    pytest.param(S.PLANNED, S.CLOSED, "can only move to: Preparing, Cancelled", id="skip-to-end"),
    pytest.param(S.ON_SITE, S.PREPARING, "can only move to: Reporting", id="back-from-on-site"),
    pytest.param(S.CLOSED, S.REPORTING, "A closed visit cannot change status.", id="reopen"),
    pytest.param(S.CLOSED, S.CANCELLED, "A closed visit cannot change status.", id="cancel-closed"),
    pytest.param(S.CANCELLED, S.PREPARING, "A cancelled visit cannot change status.", id="revive"),
    pytest.param(S.ON_SITE, S.ON_SITE, "already in this status", id="same-status"),
    pytest.param(
        S.REPORTING, S.REPORT_SENT, "Record when the report was sent and to whom.", id="no-report"
    ),
]


def _nothing_changed(visit: Visit, status: str, events_before: int) -> None:
    visit.refresh_from_db()
    assert visit.status == status
    assert not StatusChange.objects.filter(visit=visit).exists()
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize(("current", "wanted", "reason"), REFUSED)
def test_an_illegal_move_is_refused_with_its_reason_and_changes_nothing(
    team_visit, team_monitor, current, wanted, reason
):
    Visit.objects.filter(pk=team_visit.pk).update(status=current)
    team_visit.refresh_from_db()
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.visit_set_status(actor=team_monitor, visit=team_visit, status=wanted)
    assert reason in " ".join(refused.value.messages)
    _nothing_changed(team_visit, current, events_before)

    messages = _move(client_for(team_monitor), team_visit, wanted)
    assert len(messages) == 1 and reason in messages[0]
    _nothing_changed(team_visit, current, events_before)


def test_an_unknown_status_is_refused(team_visit, team_monitor):
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Unknown status"):
        services.visit_set_status(actor=team_monitor, visit=team_visit, status="finished")
    _nothing_changed(team_visit, S.ON_SITE, events_before)


def test_a_visit_cannot_go_on_site_without_a_team(personas):
    visit = VisitFactory.create(
        place=PlaceFactory.create(institution=personas.institution_a),
        status=S.PREPARING,
        created_by=personas.admin.user,
    )
    events_before = AuditEvent.objects.count()
    messages = _move(client_for(personas.admin), visit, S.ON_SITE)
    assert messages == ["Add the team before going on site."]
    _nothing_changed(visit, S.PREPARING, events_before)

    TeamMemberFactory.create(visit=visit, external_name="Dr. Ruiz", user=None, role=TeamRole.DOCTOR)
    _move(client_for(personas.admin), visit, S.ON_SITE)
    assert Visit.objects.get(pk=visit.pk).status == S.ON_SITE


def test_report_sent_needs_the_date_and_recipients_first(team_visit, team_monitor):
    Visit.objects.filter(pk=team_visit.pk).update(
        status=S.REPORTING, report_sent_on=date(2026, 4, 1)
    )
    team_visit.refresh_from_db()
    with pytest.raises(ValidationError, match="Record when the report was sent"):
        services.visit_set_status(actor=team_monitor, visit=team_visit, status=S.REPORT_SENT)
    services.visit_update(actor=team_monitor, visit=team_visit, report_recipients="Ministry")
    services.visit_set_status(actor=team_monitor, visit=team_visit, status=S.REPORT_SENT)
    assert Visit.objects.get(pk=team_visit.pk).status == S.REPORT_SENT


def test_recording_the_report_as_sent_refuses_a_future_date_or_no_recipient(
    team_visit, team_monitor
):
    Visit.objects.filter(pk=team_visit.pk).update(status=S.REPORTING)
    client = client_for(team_monitor)
    url = reverse("visits:visit_report_sent", args=[team_visit.pk])
    tomorrow = institution_today(team_monitor.institution) + timedelta(days=1)
    response = client.post(url, {"sent_on": tomorrow.isoformat(), "recipients": "Ministry"})
    assert response.status_code == 400
    assert response.context["report_form"].errors["sent_on"] == ["The date is in the future."]
    response = client.post(url, {"sent_on": "2026-04-01", "recipients": "   "})
    assert response.status_code == 400
    team_visit.refresh_from_db()
    assert (team_visit.status, team_visit.report_sent_on) == (S.REPORTING, None)


def test_going_on_site_records_the_last_visit_of_the_place_and_the_place_list_finds_it(
    personas, team_monitor
):
    today = timezone.localdate()
    place = PlaceFactory.create(institution=personas.institution_a, name="Hill Prison")
    PlaceFactory.create(institution=personas.institution_a, name="Valley Prison")
    visit = VisitFactory.create(
        place=place,
        status=S.PREPARING,
        starts_on=today - timedelta(days=250),
        ends_on=today - timedelta(days=249),
        created_by=team_monitor.user,
    )
    TeamMemberFactory.create(visit=visit, user=team_monitor.user, role=TeamRole.LEADER)
    viewer = client_for(personas.viewer)
    assert _place_list(viewer, last_visit="never") == ["Hill Prison", "Valley Prison"]

    services.visit_set_status(actor=team_monitor, visit=visit, status=S.ON_SITE)

    assert Place.objects.get(pk=place.pk).last_visited_on == today - timedelta(days=249)
    assert _place_list(viewer, last_visit="never") == ["Valley Prison"]
    assert _place_list(viewer, last_visit="6") == ["Hill Prison", "Valley Prison"]
    assert _place_list(viewer, last_visit="12") == ["Valley Prison"]


def test_a_new_visit_on_site_today_replaces_an_older_last_visit(personas, team_monitor):
    today = timezone.localdate()
    place = PlaceFactory.create(institution=personas.institution_a, name="Hill Prison")
    old = VisitFactory.create(
        place=place,
        status=S.REPORT_SENT,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=399),
        created_by=team_monitor.user,
    )
    TeamMemberFactory.create(visit=old, user=team_monitor.user, role=TeamRole.LEADER)
    services.visit_set_status(actor=team_monitor, visit=old, status=S.CLOSED)
    assert Place.objects.get(pk=place.pk).last_visited_on == today - timedelta(days=399)
    viewer = client_for(personas.viewer)
    assert _place_list(viewer, last_visit="12") == ["Hill Prison"]

    # Unannounced: nobody wrote the dates down before the team went in.
    new = VisitFactory.create(
        place=place, status=S.PREPARING, starts_on=None, ends_on=None, created_by=team_monitor.user
    )
    TeamMemberFactory.create(visit=new, user=team_monitor.user, role=TeamRole.LEADER)
    services.visit_set_status(actor=team_monitor, visit=new, status=S.ON_SITE)

    new.refresh_from_db()
    assert new.starts_on == today
    assert Place.objects.get(pk=place.pk).last_visited_on == today
    assert _place_list(viewer, last_visit="12") == []
    assert _place_list(viewer, last_visit="never") == []

    services.visit_set_status(actor=team_monitor, visit=new, status=S.REPORTING)
    new.refresh_from_db()
    assert new.ends_on == today


def test_a_cancelled_visit_does_not_count_as_a_visit_of_the_place(personas):
    place = PlaceFactory.create(institution=personas.institution_a, name="Hill Prison")
    visit = VisitFactory.create(place=place, status=S.PLANNED, created_by=personas.admin.user)
    services.visit_set_status(actor=personas.admin, visit=visit, status=S.CANCELLED)
    assert Place.objects.get(pk=place.pk).last_visited_on is None
    assert _place_list(client_for(personas.viewer), last_visit="never") == ["Hill Prison"]


def test_new_visits_are_numbered_per_year_for_the_letters_that_cite_them(personas):
    place = PlaceFactory.create(institution=personas.institution_a)

    def create(day: date) -> Visit:
        return services.visit_create(
            actor=personas.admin, place=place, visit_type="full", starts_on=day
        )

    visits = [create(date(2025, 12, 30)), create(date(2025, 12, 31)), create(date(2026, 1, 2))]
    assert [v.reference for v in visits] == ["V-2025-0001", "V-2025-0002", "V-2026-0001"]
    page = client_for(personas.viewer).get(reverse("visits:visit_detail", args=[visits[2].pk]))
    assert "<dt>Reference</dt><dd><bdi>V-2026-0001</bdi></dd>" in page.content.decode()
    other = PlaceFactory.create(institution=personas.institution_b)
    theirs = services.visit_create(
        actor=personas.monitor_b, place=other, visit_type="full", starts_on=date(2025, 6, 1)
    )
    assert theirs.reference == "V-2025-0001"  # each institution numbers its own
