"""Where recommendations show: on the place's timeline, on the visit page (what the visit issued,
and what a follow-up visit verifies), in the list with its filters and the overdue view, and in
the visit report's Recommendations chapter."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vigil.core.models import Institution
from vigil.core.tests.factories import Personas, client_for, institution_today
from vigil.places.models import Authority, Place
from vigil.places.selectors.timeline import timeline_for
from vigil.places.tests.factories import AuthorityFactory, PlaceFactory
from vigil.recommendations.models import Recommendation
from vigil.recommendations.tests.factories import RecommendationFactory, UNRecommendationFactory
from vigil.visits.models import Severity, Visit, VisitType
from vigil.visits.reports.files import render_docx
from vigil.visits.reports.visit_report import build_visit_report
from vigil.visits.tests.factories import FindingFactory, VisitFactory, theme


@dataclass
class Site:
    authority: Authority
    place: Place
    other_place: Place
    visit: Visit  # a full visit, in March
    follow_up: Visit  # a follow-up visit, in June


@pytest.fixture
def site(personas: Personas) -> Site:
    place = PlaceFactory.create(
        institution=personas.institution_a,
        name="Dalisay City Jail",
        authority__name="Bureau of Corrections",
    )
    authority = place.authority
    other = PlaceFactory.create(
        institution=personas.institution_a, name="Alon Police Station", authority=authority
    )
    visit = VisitFactory.create(
        place=place,
        starts_on=date(2026, 3, 10),
        ends_on=date(2026, 3, 11),
        status=Visit.Status.REPORT_SENT,
        created_by=personas.monitor.user,
    )
    follow_up = VisitFactory.create(
        place=place,
        visit_type=VisitType.FOLLOW_UP,
        starts_on=date(2026, 6, 2),
        ends_on=date(2026, 6, 2),
        created_by=personas.monitor.user,
    )
    return Site(authority, place, other, visit, follow_up)


def _rec(institution: Institution, **values: Any) -> Recommendation:
    return RecommendationFactory.create(institution=institution, **values)


def _of_b(personas: Personas, **values: Any) -> Recommendation:
    """A record of B that points at A's place: impossible through the services, and still
    never shown to A."""
    return _rec(
        personas.institution_b, reference="B-SECRET-1", text="B's own recommendation", **values
    )


# --- the place page -----------------------------------------------------------------


def test_the_place_timeline_merges_its_own_and_the_un_recommendations_dated_and_never_bs(
    personas, site
):
    a = personas.institution_a
    own = _rec(a, reference="R-2026-0003", visit=site.visit, issued_on=date(2026, 4, 2))
    un = UNRecommendationFactory.create(
        institution=a,
        reference="UN-CAT-14",
        issued_on=date(2025, 12, 5),
        places=[site.place],
        status="in_progress",
    )
    linked = _rec(a, reference="R-2026-0009", issued_on=date(2026, 7, 1), places=[site.place])
    _rec(a, reference="R-2026-0010", issued_on=date(2026, 5, 1), places=[site.other_place])
    _of_b(personas, issued_on=date(2026, 5, 5), places=[site.place])

    entries = timeline_for(site.place, personas.viewer)
    recommendations = [(e.on, str(e.title), e.url) for e in entries if e.kind == "recommendation"]
    assert recommendations == [
        (
            date(2026, 7, 1),
            "Recommendation R-2026-0009 (Not started)",
            reverse("recommendations:recommendation_detail", args=[linked.pk]),
        ),
        (
            date(2026, 4, 2),
            "Recommendation R-2026-0003 (Not started)",
            reverse("recommendations:recommendation_detail", args=[own.pk]),
        ),
        (
            date(2025, 12, 5),
            "Recommendation UN-CAT-14 (In progress)",
            reverse("recommendations:recommendation_detail", args=[un.pk]),
        ),
    ]
    # Merged with the place's other history, newest first.
    kinds = [(e.on, e.kind) for e in entries if e.kind in ("recommendation", "visit")]
    assert kinds == [
        (date(2026, 7, 1), "recommendation"),
        (date(2026, 6, 2), "visit"),
        (date(2026, 4, 2), "recommendation"),
        (date(2026, 3, 10), "visit"),
        (date(2025, 12, 5), "recommendation"),
    ]

    page = client_for(personas.viewer).get(reverse("places:place_detail", args=[site.place.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for reference in ("R-2026-0009", "R-2026-0003", "UN-CAT-14"):
        assert f"Recommendation {reference}" in html
    assert "R-2026-0010" not in html
    assert "B-SECRET-1" not in html and "B&#x27;s own recommendation" not in html


def test_the_place_timeline_of_b_shows_only_bs_recommendations(personas, site):
    b_place = PlaceFactory.create(institution=personas.institution_b)
    _rec(personas.institution_a, reference="R-A", places=[b_place])  # mislinked, as above
    own = _rec(personas.institution_b, reference="R-B", places=[b_place])
    entries = timeline_for(b_place, personas.monitor_b)
    assert [e.url for e in entries if e.kind == "recommendation"] == [
        reverse("recommendations:recommendation_detail", args=[own.pk])
    ]


# --- the visit page -----------------------------------------------------------------


def _panel(client: Any, visit: Visit) -> tuple[dict[str, Any], str]:
    response = client.get(reverse("visits:visit_detail", args=[visit.pk]))
    assert response.status_code == 200
    [panel] = [
        context
        for name, context in response.context["panels"]
        if name == "recommendations/_visit_panel.html"
    ]
    return panel, response.content.decode()


def test_a_follow_up_visit_lists_its_recommendations_and_the_places_open_ones_to_verify(
    personas, site
):
    a = personas.institution_a
    issued_here = _rec(a, reference="R-FU-1", visit=site.follow_up, issued_on=date(2026, 6, 20))
    from_march = _rec(a, reference="R-MAR-1", visit=site.visit, status="in_progress",
                      due_on=date(2026, 5, 1))  # fmt: skip
    un_open = UNRecommendationFactory.create(
        institution=a, reference="SPT-7", places=[site.place], status="not_implemented"
    )
    _rec(a, reference="R-MAR-2", visit=site.visit, status="implemented")
    _rec(a, reference="R-OLD", places=[site.place], status="no_longer_relevant")
    _rec(a, reference="R-ELSEWHERE", places=[site.other_place])
    _of_b(personas, places=[site.place])

    panel, html = _panel(client_for(personas.viewer), site.follow_up)
    assert [r.reference for r in panel["issued"]] == [issued_here.reference]
    assert {r.pk for r in panel["to_verify"]} == {from_march.pk, un_open.pk}
    assert panel["is_follow_up"] is True
    assert "To verify on this follow-up visit" in html
    assert "R-MAR-1" in html and "SPT-7" in html
    for settled_or_unrelated in ("R-MAR-2", "R-OLD", "R-ELSEWHERE", "B-SECRET-1"):
        assert settled_or_unrelated not in html

    # The March visit lists what it issued; the rest of the place's open ones follow.
    panel, html = _panel(client_for(personas.viewer), site.visit)
    assert {r.reference for r in panel["issued"]} == {"R-MAR-1", "R-MAR-2"}
    assert {r.reference for r in panel["to_verify"]} == {"SPT-7", "R-FU-1"}
    assert panel["is_follow_up"] is False
    assert "To verify on this follow-up visit" not in html


def test_the_visit_panel_offers_new_recommendations_only_to_those_who_manage_them(personas, site):
    panel, html = _panel(client_for(personas.monitor), site.visit)
    new = f"{reverse('recommendations:recommendation_create')}?visit={site.visit.pk}"
    assert panel["can_manage"] is True and new in html
    panel, html = _panel(client_for(personas.analyst), site.visit)
    assert panel["can_manage"] is False and new not in html


# --- the list -----------------------------------------------------------------------


def _listed(client: Any, **query: Any) -> set[str]:
    response = client.get(reverse("recommendations:recommendation_list"), query)
    assert response.status_code == 200
    return {r.reference for r in response.context["page"]}


def test_the_overdue_list_holds_exactly_the_open_recommendations_past_their_due_date(
    personas,
):
    a = personas.institution_a
    assert a.time_zone == "Asia/Manila"  # the page counts days where the institution is
    today = institution_today(personas.institution_a)
    past, future = today - timedelta(days=10), today + timedelta(days=10)
    overdue = {
        "late-not-started": "not_started",
        "late-in-progress": "in_progress",
        "late-partial": "partially_implemented",
        "late-not-implemented": "not_implemented",
    }
    for reference, status in overdue.items():
        _rec(a, reference=reference, status=status, issued_on=past - timedelta(days=60),
             due_on=past)  # fmt: skip
    _rec(a, reference="late-but-implemented", status="implemented", due_on=past)
    _rec(a, reference="late-but-irrelevant", status="no_longer_relevant", due_on=past)
    _rec(a, reference="due-today", due_on=today, issued_on=today - timedelta(days=5))
    _rec(a, reference="due-later", due_on=future, issued_on=today - timedelta(days=5))
    _rec(a, reference="no-due-date", due_on=None)
    _rec(personas.institution_b, reference="late-of-b", due_on=past)

    client = client_for(personas.viewer)
    assert _listed(client, overdue="on") == set(overdue)
    response = client.get(reverse("recommendations:recommendation_list"), {"overdue": "on"})
    assert all(r.is_overdue for r in response.context["page"])
    assert response.content.decode().count('<span class="badge badge--urgent">overdue</span>') == 4
    assert len(_listed(client)) == 9


def test_the_list_filters_by_addressee_authority_theme_source_priority_and_status(personas):
    a = personas.institution_a
    police = AuthorityFactory.create(institution=a, name="Meridia National Police")
    prisons = AuthorityFactory.create(institution=a, name="Bureau of Corrections")
    custody, health = theme("custody_safeguards"), theme("health_care")
    _rec(a, reference="police-urgent", authority=police, themes=[custody], priority="urgent",
         status="in_progress")  # fmt: skip
    UNRecommendationFactory.create(
        institution=a, reference="cat-14", themes=[health], priority="high", status="implemented"
    )
    _rec(a, reference="law-reform", addressee="parliament", source="law_review",
         law_or_policy="Criminal Procedure Code, article 57", themes=[custody])  # fmt: skip
    _rec(a, reference="prisons-low", authority=prisons, source="thematic_report", priority="low",
         themes=[custody, health], status="partially_implemented")  # fmt: skip
    _rec(personas.institution_b, reference="of-b", priority="urgent", status="in_progress",
         themes=[custody], addressee="parliament", source="law_review")  # fmt: skip

    client = client_for(personas.analyst)
    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({}, {"police-urgent", "cat-14", "law-reform", "prisons-low"}),
        ({"addressee": "detaining_authority"}, {"police-urgent", "prisons-low"}),
        ({"addressee": "parliament"}, {"law-reform"}),
        ({"addressee": "ministry"}, {"cat-14"}),
        ({"authority": police.pk}, {"police-urgent"}),
        ({"authority": prisons.pk}, {"prisons-low"}),
        ({"theme": custody.pk}, {"police-urgent", "law-reform", "prisons-low"}),
        ({"theme": health.pk}, {"cat-14", "prisons-low"}),
        ({"source": "un_mechanism"}, {"cat-14"}),
        ({"source": "law_review"}, {"law-reform"}),
        ({"priority": "urgent"}, {"police-urgent"}),
        ({"priority": "medium"}, {"law-reform"}),
        ({"status": "implemented"}, {"cat-14"}),
        ({"status": "not_started"}, {"law-reform"}),
        ({"open_only": "on"}, {"police-urgent", "law-reform", "prisons-low"}),
        ({"theme": custody.pk, "addressee": "detaining_authority", "priority": "low"},
         {"prisons-low"}),
        ({"q": "Criminal Procedure"}, set()),  # the law is not the text
        ({"q": "cat-14"}, {"cat-14"}),
    ]  # fmt: skip
    for query, expected in cases:
        assert _listed(client, **query) == expected, query


def _fill(personas: Personas, count: int) -> None:
    a = personas.institution_a
    authority = AuthorityFactory.create(institution=a)
    place = PlaceFactory.create(institution=a, authority=authority)
    visit = VisitFactory.create(place=place, created_by=personas.monitor.user)
    for n in range(count):
        values: dict[str, Any] = {"places": [place], "themes": [theme("treatment")]}
        if n % 2:
            values.update(visit=visit, authority=authority)
        else:
            values.update(mechanism="spt", source="un_mechanism", addressee="ministry")
        _rec(a, due_on=date(2026, 1, 1) if n % 3 else None, **values)


def test_the_list_runs_the_same_queries_for_5_and_for_50_recommendations(personas):
    client = client_for(personas.viewer)
    client.get(
        reverse("recommendations:recommendation_list")
    )  # the first request of a session writes it
    counts = []
    for total in (5, 50):
        Recommendation.objects.all().delete()
        _fill(personas, total)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("recommendations:recommendation_list"))
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == total
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- the visit report ---------------------------------------------------------------


def _chapter(document: docx.document.Document, title: str) -> list[tuple[str, str]]:
    paragraphs = [
        (p.style.name if p.style is not None else "", p.text) for p in document.paragraphs
    ]
    start = paragraphs.index(("Heading 1", title))
    rest = paragraphs[start + 1 :]
    end = next((i for i, (style, _t) in enumerate(rest) if style == "Heading 1"), len(rest))
    return rest[:end]


def test_the_visit_report_holds_the_visits_recommendations_in_its_chapter(personas, site):
    a = personas.institution_a
    finding = FindingFactory.create(
        visit=site.visit, severity=Severity.SERIOUS, title="Dormitories at twice their capacity"
    )
    _rec(a, reference="R-2026-0001", visit=site.visit, authority=site.authority,
                 text="Reduce the population of the dormitories to their capacity.",
                 priority="high", due_on=date(2026, 12, 31), findings=[finding])  # fmt: skip
    _rec(a, reference="R-2026-0002", visit=site.visit, addressee="parliament",
         text="Set a legal maximum for pre-trial detention.", priority="medium")  # fmt: skip
    _rec(a, reference="R-2026-0003", visit=site.follow_up, text="Not from this visit.")

    document = build_visit_report(site.visit, reader=personas.monitor)
    word = docx.Document(io.BytesIO(render_docx(document)))
    chapter = _chapter(word, "Recommendations")
    headings = [text for style, text in chapter if style.startswith("Heading")]
    assert headings == ["R-2026-0001", "R-2026-0002"]
    text = "\n".join(t for _style, t in chapter)
    assert "Reduce the population of the dormitories to their capacity." in text
    assert "Set a legal maximum for pre-trial detention." in text
    assert "Bureau of Corrections" in text and "Parliament (law reform)" in text
    assert "31 Dec 2026" in text  # the one date style of every page and document
    assert "Dormitories at twice their capacity" in text
    assert "Not from this visit." not in text
    assert "No recommendations are recorded for this visit." not in text

    # A visit without any says so.
    empty = build_visit_report(
        VisitFactory.create(place=site.other_place, created_by=personas.monitor.user),
        reader=personas.monitor,
    )
    chapter = _chapter(docx.Document(io.BytesIO(render_docx(empty))), "Recommendations")
    assert [t for _s, t in chapter] == ["No recommendations are recorded for this visit."]
