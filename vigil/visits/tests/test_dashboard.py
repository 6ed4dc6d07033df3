"""The visits and findings dashboard (issue 20): figures against a hand count, filters, CSV,
print, query counts, and small counts of interviews withheld outside casework."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import Membership
from vigil.core.roles import Role
from vigil.core.tests.factories import MembershipFactory, client_for
from vigil.people.tests.factories import InterviewFactory
from vigil.places.models import Place
from vigil.places.tests.factories import AreaFactory, AuthorityFactory, PlaceFactory, builtin_kind
from vigil.visits.models import PlannedVisit, Severity, Visit, VisitType
from vigil.visits.selectors.dashboard import DashboardFilters, dashboard_build
from vigil.visits.tests.factories import FindingFactory, VisitFactory, VisitPlanFactory, theme

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
YEAR = 2026


@dataclass
class World:
    police: Place
    prison: Place
    unvisited: Place
    stale: Place
    north: int
    ministry: int


def _visit(place: Place, day: datetime.date, **values: object) -> Visit:
    return VisitFactory.create(place=place, starts_on=day, ends_on=day, **values)


def _world(personas) -> World:
    a = personas.institution_a
    north = AreaFactory.create(institution=a, name="North")
    district = AreaFactory.create(institution=a, name="North district", parent=north, level=3)
    south = AreaFactory.create(institution=a, name="South")
    ministry = AuthorityFactory.create(institution=a, name="Ministry of Justice")
    police = PlaceFactory.create(
        institution=a,
        name="Central lock-up",
        area=district,
        last_visited_on=datetime.date(2026, 3, 10),
    )
    prison = PlaceFactory.create(
        institution=a,
        name="City prison",
        kind=builtin_kind("prison_sentenced"),
        authority=ministry,
        area=south,
        last_visited_on=datetime.date(2026, 5, 2),
    )
    unvisited = PlaceFactory.create(institution=a, name="Far lock-up", area=south)
    stale = PlaceFactory.create(
        institution=a, name="Old lock-up", area=north, last_visited_on=datetime.date(2024, 1, 5)
    )
    PlaceFactory.create(institution=a, name="Closed lock-up", status=Place.Status.CLOSED)

    v1 = _visit(police, datetime.date(2026, 3, 10), announced=False)
    v2 = _visit(prison, datetime.date(2026, 5, 2), visit_type=VisitType.FOLLOW_UP, announced=True)
    _visit(stale, datetime.date(2024, 1, 5), status=Visit.Status.CLOSED)
    _visit(police, datetime.date(2026, 9, 1), status=Visit.Status.PLANNED)  # not done
    _visit(police, datetime.date(2026, 4, 1), status=Visit.Status.CANCELLED)  # not done

    plan = VisitPlanFactory.create(institution=a)
    for place, month in ((police, 3), (prison, 5), (unvisited, 5), (stale, 7)):
        PlannedVisit.objects.create(
            institution=a,
            plan=plan,
            place=place,
            month=datetime.date(YEAR, month, 1),
            visit_type="full",
        )

    acted = timezone.make_aware(datetime.datetime(2026, 3, 14, 12))
    f1 = FindingFactory.create(visit=v1, severity=Severity.URGENT, acted_on_at=acted)
    f1.created_at = timezone.make_aware(datetime.datetime(2026, 3, 10, 12))
    f1.save(update_fields=["created_at"])
    FindingFactory.create(visit=v1, severity=Severity.URGENT)  # not acted on
    FindingFactory.create(visit=v1, severity=Severity.CONCERN, theme=theme("conditions"))
    FindingFactory.create(visit=v2, severity=Severity.SERIOUS)

    for _ in range(7):
        InterviewFactory.create(visit=v1)
    for _ in range(2):
        InterviewFactory.create(visit=v2)

    # Institution B's records never count.
    other = PlaceFactory.create(institution=personas.institution_b)
    FindingFactory.create(visit=_visit(other, datetime.date(2026, 3, 1)), severity=Severity.URGENT)
    return World(police, prison, unvisited, stale, north.pk, ministry.pk)


def _build(actor: Membership, **filters: object):
    return dashboard_build(actor=actor, filters=DashboardFilters(**filters), today=TODAY)  # type: ignore[arg-type]


def test_figures_match_a_hand_count(personas):
    _world(personas)
    d = _build(personas.monitor, year=YEAR)
    march, may = d.months[2], d.months[4]
    assert (march.planned, march.done, march.unannounced) == (1, 1, 1)
    assert (may.planned, may.done, may.follow_up) == (2, 1, 1)
    assert sum(m.done for m in d.months) == 2 and sum(m.planned for m in d.months) == 4
    assert {r.label: (r.planned, r.done) for r in d.years} == {"2024": (0, 1), "2026": (4, 2)}
    # Coverage over the 4 open places, 12 months before 15 June 2026.
    total = d.coverage_total
    assert (total.places, total.recent, total.stale, total.never) == (4, 2, 1, 1)
    by_area = {r.label: (r.places, r.recent, r.stale, r.never) for r in d.by_area}
    assert by_area == {"North": (2, 1, 1, 0), "South": (2, 1, 0, 1)}  # the district rolls up
    themes = {r.key: {s: n for s, _l, n in r.counts if n} for r in d.themes}
    assert themes == {
        str(theme("treatment").pk): {"urgent": 2, "serious": 1},
        str(theme("conditions").pk): {"concern": 1},
    }
    (urgent,) = d.urgent_years
    assert (urgent.urgent, urgent.acted, urgent.open, urgent.median_days) == (2, 1, 1, 4.0)
    assert d.urgent_open == 1
    interviews = {r.label: (r.visits, r.interviews.count) for r in d.interviews}
    assert sum(v for v, _n in interviews.values()) == 2
    assert sum(n or 0 for _v, n in interviews.values()) == 9


def test_filters_narrow_by_area_kind_and_authority(personas):
    world = _world(personas)
    north = _build(personas.monitor, year=YEAR, area=world.north)
    assert north.coverage_total.places == 2
    assert sum(m.done for m in north.months) == 1  # the lock-up in the North's district
    ministry = _build(personas.monitor, year=YEAR, authority=world.ministry)
    assert ministry.coverage_total.places == 1 and ministry.years[-1].done == 1
    prisons = _build(personas.monitor, year=YEAR, kind=builtin_kind("prison_sentenced").pk)
    assert [r.label for r in prisons.by_kind] == [builtin_kind("prison_sentenced").name]
    assert sum(t.total for t in prisons.themes) == 1
    older = _build(personas.monitor, year=2024)
    assert sum(m.done for m in older.months) == 1 and not older.themes


def test_the_page_filters_from_the_query_string_and_rejects_bad_input(personas):
    world = _world(personas)
    client = client_for(personas.monitor)
    url = reverse("visits:visit_dashboard")
    page = client.get(url, {"year": YEAR, "area": world.north}).content.decode()
    assert 'id="chart-months-title"' in page and "North" in page
    response = client.get(url, {"year": "19x", "months": "0"})
    assert response.status_code == 200  # the filters say what is wrong; nothing breaks
    page = response.content.decode()
    assert "Give a year from 1990 to 2200." in page
    assert "Give a number of months from 1 to 240." in page


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_dashboard(personas, role):
    _world(personas)
    member = MembershipFactory.create(institution=personas.institution_a, role=role)
    response = client_for(member).get(reverse("visits:visit_dashboard"), {"year": YEAR})
    assert response.status_code == 200
    assert 'rel="stylesheet"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ANALYST, Role.PROGRAMME_OFFICER, Role.VIEWER])
def test_small_counts_of_interviews_are_withheld_outside_casework(personas, role):
    _world(personas)
    member = MembershipFactory.create(institution=personas.institution_a, role=role)
    d = _build(member, year=YEAR)
    shown = [r.interviews for r in d.interviews]
    assert any(f.suppressed for f in shown)
    assert all(f.count is None or f.count >= 5 for f in shown)
    page = client_for(member).get(reverse("visits:visit_dashboard"), {"year": YEAR})
    assert "fewer than 5" in page.content.decode()
    rows = list(csv.reader(io.StringIO(_csv(member))))
    interviews = [r for r in rows if r[0] == "interviews_by_kind" and r[3] == "interviews"]
    assert "fewer than 5" in {r[4] for r in interviews}


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.MONITOR, Role.INVESTIGATOR])
def test_casework_sees_exact_counts(personas, role):
    _world(personas)
    member = MembershipFactory.create(institution=personas.institution_a, role=role)
    d = _build(member, year=YEAR)
    assert not any(r.interviews.suppressed for r in d.interviews)
    assert sorted(r.interviews.count for r in d.interviews) == [2, 7]


def test_the_institution_sets_its_threshold(personas):
    _world(personas)
    d = _build(personas.analyst, year=YEAR)
    # 2 is withheld at 5; then 7 too, or 2 could be worked out from the total of 9.
    assert [r.interviews.text for r in d.interviews] == ["fewer than 5", "fewer than 5"]
    assert d.interviews_total.interviews.count == 9
    personas.institution_a.small_count_below = 2
    personas.institution_a.save(update_fields=["small_count_below"])
    analyst = Membership.objects.select_related("institution").get(pk=personas.analyst.pk)
    d = _build(analyst, year=YEAR)
    assert sorted(r.interviews.count or 0 for r in d.interviews) == [2, 7]
    assert d.below == 2


def _csv(member: Membership, **query: str) -> str:
    response = client_for(member).get(
        reverse("visits:visit_dashboard_export"), {"year": str(YEAR), **query}
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]


def test_the_csv_export_holds_the_same_figures(personas):
    _world(personas)
    rows = list(csv.reader(io.StringIO(_csv(personas.monitor))))
    assert rows[0] == ["figure", "group", "label", "measure", "value"]
    found = {(r[0], r[2], r[3]): r[4] for r in rows[1:]}
    assert found[("visits_by_year", "2026", "planned")] == "4"
    assert found[("visits_by_year", "2026", "done")] == "2"
    assert found[("coverage", "All open places", "never")] == "1"
    assert found[("urgent_findings", "2026", "median_days")] == "4.0"


def test_institution_b_sees_only_its_own(personas):
    _world(personas)
    d = _build(personas.monitor_b, year=YEAR)
    assert d.coverage_total.places == 1
    assert [r.urgent for r in d.urgent_years] == [1]
    assert [r.interviews.count for r in d.interviews] == [0]


def test_the_page_prints_and_links_from_the_visit_list(personas):
    client = client_for(personas.monitor)
    page = client.get(reverse("visits:visit_list")).content.decode()
    assert reverse("visits:visit_dashboard") in page
    page = client.get(reverse("visits:visit_dashboard")).content.decode()
    assert "data-print" in page and "visits/dashboard.css" in page


def test_the_query_count_does_not_grow_with_the_data(personas):
    _world(personas)
    client = client_for(personas.analyst)
    url = reverse("visits:visit_dashboard")
    client.get(url, {"year": YEAR})
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"year": YEAR}).status_code == 200
    a = personas.institution_a
    area = AreaFactory.create(institution=a, name="East")
    for n in range(6):
        place = PlaceFactory.create(institution=a, area=area, kind=builtin_kind("prison_sentenced"))
        visit = _visit(place, datetime.date(2026, 1 + n, 3), announced=bool(n % 2))
        FindingFactory.create(visit=visit, severity=Severity.URGENT, theme=theme("conditions"))
        InterviewFactory.create(visit=visit)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"year": YEAR}).status_code == 200
    assert len(many) == len(few)
    # Session, membership and the page's own aggregates: a fixed number.
    assert len(few) <= 20, [q["sql"][:80] for q in few.captured_queries]
