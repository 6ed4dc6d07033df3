"""Following a recommendation up: the authority's responses and the implementation history are
kept; the current ones are the latest entries by date, whatever the order they were recorded
in; follow-up visits verify; long reforms carry measures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from vigil.core.models import AuditEvent, Membership
from vigil.core.tests.factories import Personas, client_for
from vigil.core.tests.properties import database_examples
from vigil.places.tests.factories import PlaceFactory
from vigil.recommendations.models import (
    AuthorityResponse,
    Measure,
    Recommendation,
    Response,
    Status,
    StatusUpdate,
)
from vigil.recommendations.services import recommendations as services
from vigil.visits.models import Visit, VisitType
from vigil.visits.tests.factories import VisitFactory

ISSUED = date(2026, 1, 15)


def _recommendation(actor: Membership, **values: Any) -> Recommendation:
    return services.recommendation_create(
        actor=actor,
        text="Record every use of force in a bound register.",
        source="visit_report",
        issued_on=values.pop("issued_on", ISSUED),
        addressee="detaining_authority",
        priority="high",
        **values,
    )


@pytest.fixture
def rec(personas: Personas) -> Recommendation:
    return _recommendation(personas.monitor)


def _status(actor: Membership, rec: Recommendation, status: str, on: date, **extra: Any):  # type: ignore[no-untyped-def]
    return services.status_record(actor=actor, recommendation=rec, status=status, on=on, **extra)


def _respond(actor: Membership, rec: Recommendation, response: str, on: date, **extra: Any):  # type: ignore[no-untyped-def]
    return services.response_record(
        actor=actor, recommendation=rec, response=response, received_on=on, **extra
    )


def _current(rec: Recommendation) -> tuple[str, str, date | None, date | None]:
    rec.refresh_from_db()
    return rec.response, rec.status, rec.status_on, rec.implemented_on


# --- histories ----------------------------------------------------------------------


def test_responses_and_status_history_are_kept_and_the_latest_is_current(personas, rec):
    assert _current(rec) == ("", "not_started", ISSUED, None)
    _respond(personas.monitor, rec, "partially_accepted", date(2026, 2, 10), text="Budget first.")
    _respond(personas.monitor, rec, "accepted", date(2026, 3, 5), document="MNP/2026/118")
    _status(personas.monitor, rec, "in_progress", date(2026, 3, 1), note="Registers ordered.")
    _status(personas.investigator, rec, "partially_implemented", date(2026, 5, 2))
    assert _current(rec) == ("accepted", "partially_implemented", date(2026, 5, 2), None)
    assert list(rec.responses.values_list("response", "received_on")) == [
        ("partially_accepted", date(2026, 2, 10)),
        ("accepted", date(2026, 3, 5)),
    ]
    assert list(rec.status_updates.values_list("status", "on", "recorded_by")) == [
        ("in_progress", date(2026, 3, 1), personas.monitor.user_id),
        ("partially_implemented", date(2026, 5, 2), personas.investigator.user_id),
    ]
    page = client_for(personas.viewer).get(
        reverse("recommendations:recommendation_detail", args=[rec.pk])
    )
    assert [r.response for r in page.context["responses"]] == ["partially_accepted", "accepted"]
    assert [u.status for u in page.context["status_updates"]] == [
        "in_progress",
        "partially_implemented",
    ]
    html = page.content.decode()
    assert "Budget first." in html and "MNP/2026/118" in html and "Registers ordered." in html


def test_follow_up_through_the_page_is_recorded_and_audited(personas, rec):
    client = client_for(personas.monitor)
    response = client.post(
        reverse("recommendations:recommendation_response_add", args=[rec.pk]),
        {"response": "accepted", "received_on": "2026-02-01", "text": "Agreed.", "document": ""},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("recommendations:recommendation_status_add", args=[rec.pk]),
        {"status": "in_progress", "on": "2026-02-20", "note": "Ordered.", "evidence": "Invoice"},
    )
    assert response.status_code == 302
    assert _current(rec) == ("accepted", "in_progress", date(2026, 2, 20), None)
    events = AuditEvent.objects.filter(
        target_type="recommendations.recommendation", target_id=str(rec.pk)
    ).order_by("sequence")
    assert [(e.action, e.details, e.actor_id) for e in events][1:] == [
        (
            "recommendation.response_recorded",
            {"response": "accepted", "via_matrix": False},
            personas.monitor.user_id,
        ),
        (
            "recommendation.status_recorded",
            {"status": "in_progress", "visit": None, "via_matrix": False},
            personas.monitor.user_id,
        ),
    ]


def test_an_older_entry_recorded_after_a_newer_one_leaves_the_newer_current(personas, rec):
    _status(personas.monitor, rec, "implemented", date(2026, 6, 1))
    _status(personas.monitor, rec, "in_progress", date(2026, 4, 1), note="Found in an old letter.")
    assert _current(rec)[1:] == ("implemented", date(2026, 6, 1), date(2026, 6, 1))
    _respond(personas.monitor, rec, "accepted", date(2026, 5, 1))
    _respond(personas.monitor, rec, "rejected", date(2026, 2, 1))
    assert _current(rec)[0] == "accepted"
    # On the same day, the entry recorded last is current.
    _status(personas.monitor, rec, "partially_implemented", date(2026, 6, 1))
    assert _current(rec)[1:] == ("partially_implemented", date(2026, 6, 1), None)


def test_implemented_on_is_set_when_implemented_and_cleared_when_a_later_entry_changes_it(
    personas, rec
):
    _status(personas.monitor, rec, "in_progress", date(2026, 2, 1))
    assert _current(rec)[3] is None
    _status(personas.monitor, rec, "implemented", date(2026, 3, 1))
    assert _current(rec)[3] == date(2026, 3, 1)
    # Confirmed later: still implemented since the first day it was.
    _status(personas.monitor, rec, "implemented", date(2026, 4, 1), note="Checked again.")
    assert _current(rec)[3] == date(2026, 3, 1)
    _status(personas.monitor, rec, "not_implemented", date(2026, 5, 1), note="Register gone.")
    assert _current(rec)[1:] == ("not_implemented", date(2026, 5, 1), None)
    # Implemented again: since then, not since the first time.
    _status(personas.monitor, rec, "implemented", date(2026, 7, 1))
    assert _current(rec)[1:] == ("implemented", date(2026, 7, 1), date(2026, 7, 1))


def test_changing_the_date_of_a_recommendation_not_yet_followed_up_moves_status_since(
    personas, rec
):
    services.recommendation_update(
        actor=personas.monitor, recommendation=rec, issued_on=date(2026, 1, 10)
    )
    assert _current(rec)[2] == date(2026, 1, 10)
    _status(personas.monitor, rec, "in_progress", date(2026, 2, 1))
    services.recommendation_update(
        actor=personas.monitor, recommendation=rec, issued_on=date(2026, 1, 12)
    )
    assert _current(rec)[1:3] == ("in_progress", date(2026, 2, 1))


_entries = st.lists(
    st.tuples(
        st.sampled_from(["status", "response"]),
        st.integers(min_value=0, max_value=5),  # a narrow range, so that days repeat
        st.integers(min_value=0, max_value=5),  # which status or response
    ),
    min_size=1,
    max_size=9,
)


@pytest.mark.django_db
@database_examples(40)
@given(entries=_entries)
@example(entries=[("status", 3, 3), ("status", 1, 1)])  # implemented, then older in progress
@example(entries=[("status", 2, 3), ("status", 4, 4), ("status", 5, 3), ("status", 5, 3)])
def test_the_current_status_and_response_are_the_latest_entries_by_date_then_creation(
    personas, entries
):
    statuses, responses = list(Status.values), list(Response.values)
    with transaction.atomic():
        rec = _recommendation(personas.monitor)
        recorded: dict[str, list[tuple[date, int, str]]] = {"status": [], "response": []}
        for order, (kind, day, pick) in enumerate(entries):
            on = ISSUED + timedelta(days=day)
            if kind == "status":
                value = statuses[pick % len(statuses)]
                _status(personas.monitor, rec, value, on)
            else:
                value = responses[pick % len(responses)]
                _respond(personas.monitor, rec, value, on)
            recorded[kind].append((on, order, value))

            history = sorted(recorded["status"])
            latest_status = history[-1] if history else None
            latest_response = max(recorded["response"], default=None)
            since = None
            for entry_on, _order, entry_status in reversed(history):
                if entry_status != Status.IMPLEMENTED:
                    break
                since = entry_on
            assert _current(rec) == (
                latest_response[2] if latest_response else "",
                latest_status[2] if latest_status else Status.NOT_STARTED,
                latest_status[0] if latest_status else ISSUED,
                since,
            ), entries[: order + 1]
        transaction.set_rollback(True)


# --- dates --------------------------------------------------------------------------


def test_follow_up_dated_in_the_future_is_refused_naming_the_field(personas, rec):
    tomorrow = timezone.localdate() + timedelta(days=2)
    with pytest.raises(ValidationError) as refused:
        _status(personas.monitor, rec, "implemented", tomorrow)
    assert list(refused.value.message_dict) == ["on"]
    with pytest.raises(ValidationError) as refused:
        _respond(personas.monitor, rec, "accepted", tomorrow)
    assert list(refused.value.message_dict) == ["received_on"]

    client = client_for(personas.monitor)
    response = client.post(
        reverse("recommendations:recommendation_status_add", args=[rec.pk]),
        {"status": "implemented", "on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert response.context["status_form"].errors["on"] == ["The date is in the future."]
    response = client.post(
        reverse("recommendations:recommendation_response_add", args=[rec.pk]),
        {"response": "accepted", "received_on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert response.context["response_form"].errors["received_on"] == ["The date is in the future."]
    assert _current(rec) == ("", "not_started", ISSUED, None)
    assert not StatusUpdate.objects.exists() and not AuthorityResponse.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="recommendation.status").exists()

    today = timezone.localdate()
    _status(personas.monitor, rec, "in_progress", today)
    assert _current(rec)[2] == today


# --- verification at a follow-up visit ----------------------------------------------


@pytest.fixture
def follow_up(personas: Personas, rec: Recommendation) -> Visit:
    place = PlaceFactory.create(institution=personas.institution_a, name="Harbour Lock-up")
    rec.places.set([place])
    return VisitFactory.create(
        place=place,
        visit_type=VisitType.FOLLOW_UP,
        starts_on=date(2026, 6, 3),
        ends_on=date(2026, 6, 3),
        created_by=personas.monitor.user,
    )


def test_a_follow_up_visit_verifies_implementation(personas, rec, follow_up):
    update = _status(
        personas.investigator,
        rec,
        "implemented",
        date(2026, 6, 3),
        evidence="Bound register seen, complete since March.",
        verified_at_visit=follow_up,
    )
    assert update.verified_at_visit == follow_up
    assert update.verified_by == personas.investigator.user
    assert _current(rec)[1:] == ("implemented", date(2026, 6, 3), date(2026, 6, 3))
    event = AuditEvent.objects.filter(action="recommendation.status_recorded").get()
    assert event.details == {"status": "implemented", "visit": follow_up.pk, "via_matrix": False}

    page = client_for(personas.viewer).get(
        reverse("recommendations:recommendation_detail", args=[rec.pk])
    )
    html = page.content.decode()
    assert "verified at" in html
    assert reverse("visits:visit_detail", args=[follow_up.pk]) in html


def test_verification_is_recorded_through_the_page(personas, rec, follow_up):
    response = client_for(personas.monitor).post(
        reverse("recommendations:recommendation_status_add", args=[rec.pk]),
        {"status": "partially_implemented", "on": "2026-06-03",
         "verified_at_visit": follow_up.pk, "note": "Half the stations."},
    )  # fmt: skip
    assert response.status_code == 302
    update = rec.status_updates.get()
    assert (update.verified_at_visit, update.verified_by, update.recorded_by) == (
        follow_up,
        personas.monitor.user,
        personas.monitor.user,
    )


def test_someone_else_may_be_named_as_the_verifier(personas, rec, follow_up):
    update = _status(
        personas.admin,
        rec,
        "implemented",
        date(2026, 6, 3),
        verified_by=personas.monitor.user,
        verified_at_visit=follow_up,
    )
    assert (update.verified_by, update.recorded_by) == (personas.monitor.user, personas.admin.user)


# --- measures -----------------------------------------------------------------------


def test_measures_are_added_and_updated_with_their_indicators(personas, rec):
    client = client_for(personas.monitor)
    response = client.post(
        reverse("recommendations:recommendation_measure_add", args=[rec.pk]),
        {"title": "Bound custody registers in every station", "indicator": "Stations equipped",
         "baseline": "0", "target": "120", "current": "", "due_on": "2026-12-31"},
    )  # fmt: skip
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert (measure.recommendation, measure.institution) == (rec, personas.institution_a)
    assert (measure.target, measure.due_on, measure.done) == ("120", date(2026, 12, 31), False)

    response = client.post(
        reverse("recommendations:recommendation_measure_edit", args=[measure.pk]),
        {"title": measure.title, "indicator": "Stations equipped", "baseline": "0",
         "target": "120", "current": "45", "due_on": "2026-12-31", "done": "",
         "version": measure.version},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith("#measures")
    measure.refresh_from_db()
    assert (measure.current, measure.done) == ("45", False)

    services.measure_update(actor=personas.monitor, measure=measure, current="120", done=True)
    measure.refresh_from_db()
    assert (measure.current, measure.done) == ("120", True)
    # The same values again change nothing and write nothing.
    services.measure_update(actor=personas.monitor, measure=measure, current="120", done=True)

    events = AuditEvent.objects.filter(target_id=str(rec.pk), action__contains="measure")
    assert [(e.action, e.details) for e in events.order_by("sequence")] == [
        ("recommendation.measure_added", {"measure": measure.pk}),
        ("recommendation.measure_updated", {"measure": measure.pk, "fields": ["current"]}),
        ("recommendation.measure_updated", {"measure": measure.pk, "fields": ["current", "done"]}),
    ]
    page = client.get(reverse("recommendations:recommendation_detail", args=[rec.pk]))
    assert [m.title for m in page.context["measures"]] == [
        "Bound custody registers in every station"
    ]


def test_a_measure_without_a_title_is_refused(personas, rec):
    response = client_for(personas.monitor).post(
        reverse("recommendations:recommendation_measure_add", args=[rec.pk]), {"title": ""}
    )
    assert response.status_code == 400
    assert "title" in response.context["measure_form"].errors
    assert not Measure.objects.exists()


def test_an_entry_dated_before_the_current_one_says_that_the_later_one_stays_current(personas, rec):
    _status(personas.monitor, rec, "in_progress", date(2026, 3, 1))
    _respond(personas.monitor, rec, "accepted", date(2026, 3, 5))
    client = client_for(personas.monitor)
    status = client.post(
        reverse("recommendations:recommendation_status_add", args=[rec.pk]),
        {"status": "implemented", "on": "2026-02-20", "note": "", "evidence": ""},
        follow=True,
    )
    text = " ".join(status.content.decode().split())
    assert (
        "Implementation status recorded. It is dated before the entry of 1 Mar 2026, so it goes "
        "into the history in its place by date and that later entry stays the current one."
    ) in text
    assert _current(rec)[1] == "in_progress"
    response = client.post(
        reverse("recommendations:recommendation_response_add", args=[rec.pk]),
        {"response": "rejected", "received_on": "2026-02-01", "text": "", "document": ""},
        follow=True,
    )
    assert "Response recorded. It is dated before the entry of 5 Mar 2026" in " ".join(
        response.content.decode().split()
    )
    # A later date becomes current, and the confirmation says only that.
    later = client.post(
        reverse("recommendations:recommendation_status_add", args=[rec.pk]),
        {"status": "implemented", "on": "2026-03-10", "note": "", "evidence": ""},
        follow=True,
    )
    assert "Implementation status recorded." in later.content.decode()
    assert "stays the current one" not in later.content.decode()
    assert _current(rec)[1] == "implemented"
