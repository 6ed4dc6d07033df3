"""The list of visits (search, filters, pages, CSV export) and visits on the place timeline."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.core.tests.factories import client_for
from vigil.places.models import Place
from vigil.places.selectors.timeline import timeline_for
from vigil.places.tests.factories import PlaceFactory
from vigil.visits.models import Severity, TeamRole, Visit, VisitType
from vigil.visits.tests.factories import FindingFactory, TeamMemberFactory, VisitFactory

S = Visit.Status


@pytest.fixture
def client(personas):  # type: ignore[no-untyped-def]
    return client_for(personas.viewer)


def _place(personas, name: str) -> Place:  # type: ignore[no-untyped-def]
    return PlaceFactory.create(institution=personas.institution_a, name=name)


def _visit(personas, place: Place | str, **values) -> Visit:  # type: ignore[no-untyped-def]
    if isinstance(place, str):
        place = _place(personas, place)
    return VisitFactory.create(place=place, created_by=personas.admin.user, **values)


def _listed(client, **query) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("visits:visit_list"), query)
    assert response.status_code == 200
    return [visit.place.name for visit in response.context["page"].object_list]


def test_visits_are_listed_newest_first_by_the_date_shown_the_same_on_every_database(
    personas, client
):
    _visit(personas, "March prison", starts_on=date(2026, 3, 1), ends_on=None)
    _visit(personas, "May lock-up", starts_on=date(2026, 5, 1), ends_on=None)
    _visit(
        personas,
        "Planned camp",
        status=S.PLANNED,
        starts_on=None,
        ends_on=None,
        planned_for=date(2026, 12, 1),
    )
    _visit(
        personas,
        "Overdue plan",
        status=S.PLANNED,
        starts_on=None,
        ends_on=None,
        planned_for=date(2026, 1, 1),
    )
    _visit(personas, "Undated idea", status=S.PLANNED, starts_on=None, ends_on=None)
    assert _listed(client) == [
        "Planned camp",
        "May lock-up",
        "March prison",
        "Overdue plan",
        "Undated idea",
    ]


def test_search_finds_visits_by_part_of_the_place_name(personas, client):
    _visit(personas, "Central Remand Prison")
    _visit(personas, "Harbour Lock-up")
    _visit(personas, "Women's Prison")
    assert _listed(client, q="prison") == ["Women's Prison", "Central Remand Prison"]
    assert _listed(client, q="harb") == ["Harbour Lock-up"]
    assert _listed(client, q="nowhere") == []


def test_filters_by_status_type_and_year(personas, client):
    _visit(personas, "Closed 2025", status=S.CLOSED, starts_on=date(2025, 6, 1))
    _visit(
        personas,
        "On site 2026",
        status=S.ON_SITE,
        starts_on=date(2026, 6, 1),
        visit_type=VisitType.AD_HOC,
    )
    _visit(
        personas,
        "Planned 2026",
        status=S.PLANNED,
        starts_on=None,
        ends_on=None,
        planned_for=date(2026, 12, 1),
        visit_type=VisitType.THEMATIC,
    )
    _visit(
        personas,
        "Planned 2027",
        status=S.PLANNED,
        starts_on=None,
        ends_on=None,
        planned_for=date(2027, 1, 1),
    )
    assert _listed(client, status="closed") == ["Closed 2025"]
    assert _listed(client, status="planned") == ["Planned 2027", "Planned 2026"]
    assert _listed(client, visit_type="ad_hoc") == ["On site 2026"]
    assert _listed(client, visit_type="thematic", status="planned") == ["Planned 2026"]
    assert _listed(client, year="2026") == ["Planned 2026", "On site 2026"]
    assert _listed(client, year="2025") == ["Closed 2025"]
    form = client.get(reverse("visits:visit_list")).context["form"]
    # Next year is offered too: visits are planned ahead (issue 24, point 8).
    next_year = timezone.localdate().year + 1
    assert [value for value, _label in form.fields["year"].choices] == [
        "",
        *range(next_year, 2024, -1),
    ]
    assert _listed(client, year="2027") == ["Planned 2027"]


def test_the_year_filter_offers_next_year_before_any_visit_is_planned_in_it(personas, client):
    this_year = timezone.localdate().year
    _visit(personas, "This year", starts_on=date(this_year, 1, 15))
    form = client.get(reverse("visits:visit_list")).context["form"]
    assert [value for value, _label in form.fields["year"].choices] == [
        "",
        this_year + 1,
        this_year,
    ]


def test_an_unknown_filter_value_shows_every_visit_rather_than_failing(personas, client):
    _visit(personas, "Only one")
    assert _listed(client, status="exploded", year="abc") == ["Only one"]


def test_my_team_shows_only_the_visits_the_person_is_on(personas, team_visit, team_monitor):
    _visit(personas, "Somebody else's visit")
    other = _visit(personas, "Second visit of mine", starts_on=date(2026, 1, 5))
    TeamMemberFactory.create(visit=other, user=team_monitor.user, role=TeamRole.MONITOR)
    client = client_for(team_monitor)
    assert _listed(client, mine="on") == ["Harbour Lock-up", "Second visit of mine"]
    assert len(_listed(client)) == 3
    assert _listed(client_for(personas.monitor), mine="on") == []


def test_the_list_shows_leaders_finding_counts_and_open_urgent_findings(
    personas, client, team_visit
):
    FindingFactory.create(visit=team_visit, severity=Severity.URGENT)
    FindingFactory.create(visit=team_visit)
    _visit(personas, "Quiet visit", starts_on=date(2026, 1, 1))
    response = client.get(reverse("visits:visit_list"))
    by_place = {v.place.name: v for v in response.context["page"].object_list}
    assert by_place["Harbour Lock-up"].finding_count == 2
    assert by_place["Harbour Lock-up"].has_urgent is True
    assert [str(m) for m in by_place["Harbour Lock-up"].leaders] == ["Monitor team.leader"]
    assert (by_place["Quiet visit"].finding_count, by_place["Quiet visit"].has_urgent) == (0, False)


def test_the_list_comes_in_pages_of_fifty_that_keep_the_filters(personas, client):
    place = _place(personas, "Busy prison")
    for number in range(55):
        _visit(personas, place, starts_on=date(2025, 1 + number % 12, 1 + number % 28))
    _visit(personas, "Other place")
    first = client.get(reverse("visits:visit_list"), {"q": "busy"})
    assert first.context["page"].paginator.count == 55
    assert len(first.context["page"].object_list) == 50
    assert first.context["query"] == "q=busy"
    assert 'href="?q=busy&amp;page=2"' in first.content.decode()
    second = client.get(reverse("visits:visit_list"), {"q": "busy", "page": 2})
    assert len(second.context["page"].object_list) == 5
    everything = {v.pk for v in first.context["page"]} | {v.pk for v in second.context["page"]}
    assert len(everything) == 55
    assert client.get(reverse("visits:visit_list"), {"page": "999"}).status_code == 200


def _csv_rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="vigil-visits.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_export_holds_the_filtered_visits(personas, client, team_visit):
    FindingFactory.create(visit=team_visit, severity=Severity.URGENT)
    _visit(
        personas,
        "Closed prison",
        status=S.CLOSED,
        starts_on=date(2025, 2, 3),
        ends_on=date(2025, 2, 4),
        announced=True,
    )
    rows = _csv_rows(client.get(reverse("visits:visit_export")))
    assert [row["Place"] for row in rows] == ["Harbour Lock-up", "Closed prison"]
    harbour = rows[0]
    assert harbour["ID"] == str(team_visit.pk)
    assert harbour["Place reference"] == team_visit.place.external_ref
    # Labels for readers, the codes beside them for other tools.
    assert (harbour["Type"], harbour["Status"], harbour["First day"]) == (
        "Full",
        "On site",
        "2026-03-10",
    )
    assert (harbour["Type (code)"], harbour["Status (code)"]) == ("full", "on_site")
    assert (harbour["Findings"], harbour["Urgent findings open"]) == ("1", "yes")
    only_closed = _csv_rows(client.get(reverse("visits:visit_export"), {"status": "closed"}))
    assert [(r["Place"], r["Announced"], r["Last day"]) for r in only_closed] == [
        ("Closed prison", "yes", "2025-02-04")
    ]


def test_the_export_and_list_never_show_another_institution(personas, team_visit):
    b_place = PlaceFactory.create(institution=personas.institution_b, name="B's prison")
    VisitFactory.create(place=b_place, created_by=personas.monitor_b.user)
    client = client_for(personas.viewer)
    assert _listed(client) == ["Harbour Lock-up"]
    assert [r["Place"] for r in _csv_rows(client.get(reverse("visits:visit_export")))] == [
        "Harbour Lock-up"
    ]
    assert _listed(client_for(personas.monitor_b)) == ["B's prison"]


def _make_visits(personas, count: int) -> None:  # type: ignore[no-untyped-def]
    for number in range(count):
        visit = _visit(personas, f"Place {number:02d}", starts_on=date(2026, 1, 1 + number % 28))
        TeamMemberFactory.create(visit=visit, role=TeamRole.LEADER)
        FindingFactory.create(visit=visit, severity=Severity.URGENT if number % 2 else "concern")


def test_the_visit_list_takes_the_same_queries_with_5_and_40_visits(
    personas, client, django_assert_num_queries
):
    client.get(reverse("visits:visit_list"))  # the first request of a session writes it
    _make_visits(personas, 5)
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("visits:visit_list"), {"status": "on_site"})
    assert len(response.context["page"].object_list) == 5
    _make_visits(personas, 35)
    with django_assert_num_queries(len(five)):
        response = client.get(reverse("visits:visit_list"), {"status": "on_site"})
    assert len(response.context["page"].object_list) == 40


# --- the place timeline ---------------------------------------------------------------


def test_the_place_timeline_shows_the_visits_of_the_place(personas, client):
    place = _place(personas, "Hill Prison")
    closed = _visit(personas, place, status=S.CLOSED, starts_on=date(2025, 5, 6))
    FindingFactory.create(visit=closed)
    FindingFactory.create(visit=closed)
    _visit(
        personas,
        place,
        status=S.PLANNED,
        starts_on=None,
        ends_on=None,
        planned_for=date(2026, 12, 1),
    )
    _visit(personas, place, status=S.CANCELLED, starts_on=date(2026, 2, 2))
    _visit(personas, "Another place", starts_on=date(2026, 4, 4))
    response = client.get(reverse("places:place_detail", args=[place.pk]))
    visits = [e for e in response.context["timeline"] if e.kind == "visit"]
    assert [(e.on, str(e.title), str(e.summary)) for e in visits] == [
        (date(2026, 12, 1), "Full visit (Planned)", ""),
        (date(2025, 5, 6), "Full visit (Closed)", "2 findings"),
    ]
    assert visits[1].url == reverse("visits:visit_detail", args=[closed.pk])
    assert visits[1].url in response.content.decode()


def test_the_place_timeline_never_shows_visits_of_another_institution(personas):
    place = _place(personas, "Hill Prison")
    _visit(personas, place, starts_on=date(2025, 5, 6))
    # Records of B that name A's place (which must not happen) still stay in B.
    VisitFactory.create(
        place=place,
        institution=personas.institution_b,
        created_by=personas.monitor_b.user,
        starts_on=date(2026, 1, 1),
    )
    entries = [e for e in timeline_for(place, personas.viewer) if e.kind == "visit"]
    assert [e.on for e in entries] == [date(2025, 5, 6)]
    b_sees = [e.on for e in timeline_for(place, personas.monitor_b) if e.kind == "visit"]
    assert date(2025, 5, 6) not in b_sees
    response = client_for(personas.monitor_b).get(reverse("places:place_detail", args=[place.pk]))
    assert response.status_code == 404
