"""The annual visit plan: planned visits, what was done of them, and reactive visits."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import AuditEvent
from vigil.core.tests.factories import client_for
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.access import can_edit_visit
from vigil.visits.models import PlannedVisit, Visit, VisitPlan, VisitType
from vigil.visits.services import plan as plan_services
from vigil.visits.services import visits as services
from vigil.visits.tests.factories import VisitFactory, VisitPlanFactory

S = Visit.Status


@pytest.fixture
def plan(personas) -> VisitPlan:
    return VisitPlanFactory.create(institution=personas.institution_a, title="Plan 2026")


def _place(personas, name: str):  # type: ignore[no-untyped-def]
    return PlaceFactory.create(institution=personas.institution_a, name=name)


def _planned(personas, plan, name: str, month: date, status: str | None = None) -> PlannedVisit:  # type: ignore[no-untyped-def]
    item = plan_services.planned_visit_add(
        actor=personas.admin,
        plan=plan,
        place=_place(personas, name),
        month=month,
        visit_type=VisitType.FULL,
    )
    if status is not None:
        visit = services.visit_create(
            actor=personas.admin, place=item.place, visit_type=VisitType.FULL, planned_item=item
        )
        Visit.objects.filter(pk=visit.pk).update(status=status, starts_on=month)
    return item


def test_a_planner_creates_a_plan_and_plans_visits_month_by_month(personas):
    client = client_for(personas.monitor)
    response = client.post(
        reverse("visits:plan_create"),
        {"title": "Plan 2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
    )
    assert response.status_code == 302
    plan = VisitPlan.objects.get(title="Plan 2027")
    assert plan.institution == personas.institution_a
    created = AuditEvent.objects.get(action="plan.created")
    assert (created.target_type, created.target_id) == ("visits.visitplan", str(plan.pk))
    place = _place(personas, "North Prison")
    response = client.post(
        reverse("visits:plan_detail", args=[plan.pk]),
        {"place": place.pk, "month": "2027-03", "visit_type": "full", "reason": "Overcrowded"},
    )
    assert response.status_code == 302
    item = plan.items.get()
    assert (item.place, item.month, item.reason) == (place, date(2027, 3, 1), "Overcrowded")
    assert AuditEvent.objects.filter(action="plan.visit_planned").count() == 1


def test_a_plan_cannot_end_before_it_starts(personas):
    response = client_for(personas.admin).post(
        reverse("visits:plan_create"),
        {"title": "Backwards", "starts_on": "2027-12-31", "ends_on": "2027-01-01"},
    )
    assert response.status_code == 400  # a refused POST (ADR 0013)
    assert response.context["form"].errors["ends_on"] == ["The plan ends before it starts."]
    assert not VisitPlan.objects.exists()


@pytest.mark.parametrize("month", ["2025-12", "2027-01"])
def test_a_month_outside_the_plan_period_is_refused(personas, plan, month):
    place = _place(personas, "North Prison")
    response = client_for(personas.admin).post(
        reverse("visits:plan_detail", args=[plan.pk]),
        {"place": place.pk, "month": month, "visit_type": "full"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["month"] == ["The month is outside the plan's period."]
    assert not PlannedVisit.objects.exists()


def test_a_plan_that_starts_mid_month_accepts_that_month(personas):
    plan = VisitPlanFactory.create(
        institution=personas.institution_a, starts_on=date(2026, 7, 15), ends_on=date(2027, 6, 30)
    )
    item = plan_services.planned_visit_add(
        actor=personas.admin,
        plan=plan,
        place=_place(personas, "North Prison"),
        month=date(2026, 7, 20),
        visit_type=VisitType.THEMATIC,
    )
    assert item.month == date(2026, 7, 1)


def test_only_planners_add_to_the_plan(personas, plan):
    place = _place(personas, "North Prison")
    for who in ("viewer", "analyst", "investigator"):
        client = client_for(getattr(personas, who))
        assert client.get(reverse("visits:plan_detail", args=[plan.pk])).status_code == 200
        response = client.post(
            reverse("visits:plan_detail", args=[plan.pk]),
            {"place": place.pk, "month": "2026-03", "visit_type": "full"},
        )
        assert response.status_code == 403, who
        assert client.get(reverse("visits:plan_create")).status_code == 403
    assert not PlannedVisit.objects.exists()


def test_planned_and_done_are_counted_on_the_plan_and_in_the_list(personas, plan):
    _planned(personas, plan, "Not started", date(2026, 2, 1))
    _planned(personas, plan, "Preparing", date(2026, 3, 1), S.PREPARING)
    _planned(personas, plan, "Cancelled", date(2026, 4, 1), S.CANCELLED)
    _planned(personas, plan, "On site", date(2026, 5, 1), S.ON_SITE)
    _planned(personas, plan, "Reporting", date(2026, 6, 1), S.REPORTING)
    _planned(personas, plan, "Closed", date(2026, 7, 1), S.CLOSED)
    other = VisitPlanFactory.create(
        institution=personas.institution_a,
        title="Other plan",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    _planned(personas, other, "Last year", date(2025, 5, 1), S.REPORT_SENT)

    client = client_for(personas.viewer)
    detail = client.get(reverse("visits:plan_detail", args=[plan.pk]))
    assert [i.place.name for i in detail.context["items"]] == [
        "Not started",
        "Preparing",
        "Cancelled",
        "On site",
        "Reporting",
        "Closed",
    ]
    assert detail.context["done_count"] == 3
    assert "3 of 6 planned visits done" in detail.content.decode()

    listed = client.get(reverse("visits:plan_list")).context["plans"]
    assert {(p.title, p.planned, p.done) for p in listed} == {
        ("Plan 2026", 6, 3),
        ("Other plan", 1, 1),
    }


def test_starting_a_visit_from_a_planned_item_links_them(personas, plan):
    item = _planned(personas, plan, "North Prison", date(2026, 9, 1))
    client = client_for(personas.monitor)
    form = client.get(reverse("visits:visit_create"), {"planned": item.pk})
    assert form.status_code == 200
    assert form.context["form"].initial["place"] == item.place
    assert form.context["form"].initial["planned_for"] == date(2026, 9, 1)

    response = client.post(
        reverse("visits:visit_create"),
        {"planned": item.pk, "place": item.place.pk, "visit_type": "full", "lead": "on"},
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    item.refresh_from_db()
    assert item.visit == visit
    assert visit.plan == plan
    assert visit.planned_for == date(2026, 9, 1)
    assert visit.team.get().user == personas.monitor.user
    assert can_edit_visit(personas.monitor, visit)  # the planner who leads it edits it

    detail = client.get(reverse("visits:plan_detail", args=[plan.pk]))
    assert reverse("visits:visit_detail", args=[visit.pk]) in detail.content.decode()
    assert detail.context["reactive"] == []


def test_a_planned_item_gets_only_one_visit_and_only_to_its_place(personas, plan):
    item = _planned(personas, plan, "North Prison", date(2026, 9, 1))
    elsewhere = _place(personas, "South Prison")
    client = client_for(personas.monitor)
    response = client.post(
        reverse("visits:visit_create"),
        {"planned": item.pk, "place": elsewhere.pk, "visit_type": "full"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["place"] == ["The planned visit is to another place."]
    assert not Visit.objects.exists()

    services.visit_create(
        actor=personas.admin, place=item.place, visit_type="full", planned_item=item
    )
    response = client.post(
        reverse("visits:visit_create"),
        {"planned": item.pk, "place": item.place.pk, "visit_type": "full"},
    )
    assert response.context["form"].non_field_errors() == [
        "This planned visit already has its visit."
    ]
    assert Visit.objects.count() == 1


def test_a_reactive_visit_in_the_period_shows_as_reactive(personas, plan):
    _planned(personas, plan, "Planned prison", date(2026, 5, 1), S.CLOSED)
    place = _place(personas, "Riot Lock-up")
    reactive = services.visit_create(
        actor=personas.admin,
        place=place,
        visit_type=VisitType.AD_HOC,
        starts_on=date(2026, 8, 3),
        ends_on=date(2026, 8, 3),
    )
    VisitFactory.create(place=place, starts_on=date(2025, 8, 3), created_by=personas.admin.user)
    VisitFactory.create(
        place=place, starts_on=date(2026, 10, 3), status=S.CANCELLED, created_by=personas.admin.user
    )
    b_place = PlaceFactory.create(institution=personas.institution_b)
    VisitFactory.create(place=b_place, starts_on=date(2026, 8, 3), created_by=personas.admin.user)

    detail = client_for(personas.viewer).get(reverse("visits:plan_detail", args=[plan.pk]))
    assert detail.context["reactive"] == [reactive]
    page = detail.content.decode()
    assert "1 reactive visit" in page
    assert reverse("visits:visit_detail", args=[reactive.pk]) in page
    assert reactive.plan is None
    visit_page = client_for(personas.viewer).get(reverse("visits:visit_detail", args=[reactive.pk]))
    assert "Reactive (outside the visit plan)" in visit_page.content.decode()


def test_the_plan_list_takes_the_same_queries_however_many_plans(
    personas, django_assert_num_queries
):
    client = client_for(personas.viewer)
    client.get(reverse("visits:plan_list"))  # the first request of a session writes it

    def make(count: int) -> None:
        for number in range(count):
            plan = VisitPlanFactory.create(
                institution=personas.institution_a, title=f"Plan {number}"
            )
            _planned(personas, plan, f"Place {number}a", date(2026, 2, 1), S.CLOSED)
            _planned(personas, plan, f"Place {number}b", date(2026, 3, 1))

    make(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("visits:plan_list")).status_code == 200
    make(8)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("visits:plan_list"))
    assert len(response.context["plans"]) == 10


def test_old_visit_programme_addresses_redirect_to_the_visit_plan(personas, plan):
    client = client_for(personas.monitor)
    old_to_new = {
        "/visits/programmes/": reverse("visits:plan_list"),
        "/visits/programmes/new/": reverse("visits:plan_create"),
        f"/visits/programmes/{plan.pk}/": reverse("visits:plan_detail", args=[plan.pk]),
    }
    for old, new in old_to_new.items():
        response = client.get(old)
        assert response.status_code == 302 and response["Location"] == new, old
    assert reverse("visits:plan_list") == "/visits/plan/"
