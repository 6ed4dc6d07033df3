"""The visit priority list: ranking and reasons, filters, coverage by the visit plan, adding
a place to the visit plan, the recompute job, exports, roles, tenancy and constant queries."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from vigil.core.models import AuditEvent, Job
from vigil.core.tests.factories import Personas, client_for, run_background_jobs
from vigil.places.models import Place
from vigil.places.tests.factories import AreaFactory, AuthorityFactory, PlaceFactory, builtin_kind
from vigil.risk.models import RiskScore, RiskState
from vigil.risk.selectors.priorities import months_before
from vigil.risk.selectors.scores import top_reasons
from vigil.risk.services.scores import scores_compute
from vigil.visits.models import PlannedVisit, Severity, VisitPlan
from vigil.visits.tests.factories import FindingFactory, VisitFactory, theme

URL = reverse("risk:risk_priorities")


def today() -> date:
    return timezone.localdate()


def plan_now(personas: Personas, title: str = "Plan now") -> VisitPlan:
    return VisitPlan.objects.create(
        institution=personas.institution_a,
        title=title,
        starts_on=today() - timedelta(days=60),
        ends_on=today() + timedelta(days=300),
    )


def risky_place(personas: Personas, name: str, findings: int = 1, **place: Any) -> Place:
    """A place visited recently where the team found `findings` urgent ill-treatment."""
    created = PlaceFactory.create(institution=personas.institution_a, name=name, **place)
    visit = VisitFactory.create(place=created, starts_on=today() - timedelta(days=40))
    for _ in range(findings):
        FindingFactory.create(visit=visit, severity=Severity.URGENT, theme=theme("treatment"))
    Place.objects.filter(pk=created.pk).update(last_visited_on=visit.starts_on)
    created.refresh_from_db()
    return created


def score_all(personas: Personas) -> None:
    scores_compute(institution=personas.institution_a, on=today())


@pytest.fixture
def ranked(personas: Personas) -> dict[str, Place]:
    """Three places of A: a very risky one, a risky one, one never visited; one of B."""
    places = {
        "worst": risky_place(personas, "Harbour Lock-up", findings=3),
        "risky": risky_place(personas, "Hill Prison", findings=1),
        "never": PlaceFactory.create(institution=personas.institution_a, name="Desert Camp"),
    }
    PlaceFactory.create(institution=personas.institution_b, name="Lock-up of B")
    score_all(personas)
    return places


def _names(response: Any) -> list[str]:
    return [row.place.name for row in response.context["rows"]]


# --- the list ------------------------------------------------------------------------------


def test_places_are_ranked_by_their_latest_score_with_their_top_reasons(personas, ranked):
    response = client_for(personas.monitor).get(URL)
    assert response.status_code == 200
    rows = response.context["rows"]
    scores = [row.score.score for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert {row.place.name for row in rows} == {"Harbour Lock-up", "Hill Prison", "Desert Camp"}
    worst = next(row for row in rows if row.place == ranked["worst"])
    assert 1 <= len(worst.reasons) <= 3
    assert "Findings of ill-treatment or abusive discipline" in [r.name for r in worst.reasons]
    assert worst.reasons == sorted(worst.reasons, key=lambda r: -r.points)
    page = response.content.decode()
    assert "never visited" in page
    assert reverse("risk:risk_place", args=[ranked["worst"].pk]) in page
    assert "Lock-up of B" not in page


def test_only_the_latest_score_of_each_place_counts(personas, ranked):
    scores_compute(institution=personas.institution_a, on=today() - timedelta(days=400))
    response = client_for(personas.monitor).get(URL)
    assert response.context["page"].paginator.count == 3


def test_top_reasons_take_the_three_factors_earning_most():
    parts = [
        {"factor": "a", "name": "A", "points": "1.5"},
        {"factor": "b", "name": "B", "points": "7"},
        {"factor": "c", "name": "C", "points": "0"},
        {"factor": "d", "name": "D", "points": "3"},
        {"factor": "e", "name": "E", "points": "3"},
    ]
    assert [(r.factor, r.points) for r in top_reasons(parts)] == [
        ("b", Decimal(7)),
        ("d", Decimal(3)),
        ("e", Decimal(3)),
    ]


def test_filters_by_kind_authority_area_score_and_name(personas):
    region = AreaFactory.create(institution=personas.institution_a, name="North")
    district = AreaFactory.create(
        institution=personas.institution_a, name="North district", parent=region, level=2
    )
    police = AuthorityFactory.create(institution=personas.institution_a, name="Police")
    risky_place(personas, "Harbour Lock-up", findings=3, area=district, authority=police)
    risky_place(personas, "Hill Prison", findings=1, kind=builtin_kind("prison_sentenced"))
    PlaceFactory.create(institution=personas.institution_a, name="Desert Camp")
    score_all(personas)
    client = client_for(personas.analyst)

    assert _names(client.get(URL, {"q": "harbour"})) == ["Harbour Lock-up"]
    prison = builtin_kind("prison_sentenced").pk
    assert _names(client.get(URL, {"kind": prison})) == ["Hill Prison"]
    assert _names(client.get(URL, {"authority": police.pk})) == ["Harbour Lock-up"]
    # An area takes in the areas within it.
    assert _names(client.get(URL, {"area": region.pk})) == ["Harbour Lock-up"]
    harbour = RiskScore.objects.get(place__name="Harbour Lock-up", is_latest=True).score
    assert "Harbour Lock-up" in _names(client.get(URL, {"min_score": str(harbour)}))
    assert "Hill Prison" not in _names(client.get(URL, {"min_score": str(harbour)}))


def test_never_visited_and_not_visited_for_n_months(personas):
    risky_place(personas, "Visited lately")
    long_ago = PlaceFactory.create(institution=personas.institution_a, name="Visited long ago")
    Place.objects.filter(pk=long_ago.pk).update(last_visited_on=months_before(today(), 20))
    PlaceFactory.create(institution=personas.institution_a, name="Never visited")
    score_all(personas)
    client = client_for(personas.monitor)

    assert _names(client.get(URL, {"never_visited": "on"})) == ["Never visited"]
    stale = set(_names(client.get(URL, {"not_visited_months": "18"})))
    assert stale == {"Visited long ago", "Never visited"}
    assert set(_names(client.get(URL, {"not_visited_months": "24"}))) == {"Never visited"}


def test_a_bad_filter_names_its_field_and_the_others_still_apply(personas, ranked):
    response = client_for(personas.monitor).get(URL, {"min_score": "lots", "q": "hill"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Score at least" in page and "Give a score between 0 and 100." in page
    assert _names(response) == ["Hill Prison"]
    months = client_for(personas.monitor).get(URL, {"not_visited_months": "0"})
    assert "Give a number of months from 1 to 240." in months.content.decode()


def test_the_list_is_paginated(personas):
    for n in range(55):
        PlaceFactory.create(institution=personas.institution_a, name=f"Place {n:02d}")
    score_all(personas)
    client = client_for(personas.monitor)
    first = client.get(URL)
    assert len(first.context["rows"]) == 50
    second = client.get(URL, {"page": 2})
    assert len(second.context["rows"]) == 5
    assert second.context["rows"][0].rank == 51


def test_the_page_says_when_and_with_which_version_scores_were_computed(personas, ranked):
    page = client_for(personas.monitor).get(URL).content.decode()
    assert "Scores computed on" in page and "with configuration version 1." in page
    assert "being recomputed" not in page
    RiskState.objects.update_or_create(
        institution=personas.institution_a, defaults={"dirty_since": timezone.now()}
    )
    page = client_for(personas.monitor).get(URL).content.decode()
    assert "the scores are being recomputed in the background" in page


def test_open_places_without_a_score_are_counted(personas, ranked):
    PlaceFactory.create(institution=personas.institution_a, name="New place")
    page = client_for(personas.monitor).get(URL).content.decode()
    assert "1 open place has no score yet." in page


# --- coverage ------------------------------------------------------------------------------


def test_coverage_counts_the_riskiest_places_in_the_current_plan(personas):
    places = [risky_place(personas, f"Risky {n}", findings=3) for n in range(2)]
    places += [PlaceFactory.create(institution=personas.institution_a) for _ in range(8)]
    for place in places[2:]:
        Place.objects.filter(pk=place.pk).update(last_visited_on=today())
    score_all(personas)
    ranked = list(RiskScore.objects.filter(is_latest=True).order_by("-score", "place__name", "pk"))
    plan = plan_now(personas)
    # The riskiest place is planned, and one of the least risky.
    for score in (ranked[0], ranked[-1]):
        PlannedVisit.objects.create(
            institution=personas.institution_a, plan=plan, place=score.place,
            month=today().replace(day=1), visit_type="full",
        )  # fmt: skip
    response = client_for(personas.analyst).get(URL)
    coverage = response.context["coverage"]
    assert coverage.plan == plan and coverage.scored == 10
    top10, top20 = coverage.shares
    assert (top10.percent, top10.places, top10.covered, top10.covered_percent) == (10, 1, 1, 100)
    assert (top20.percent, top20.places, top20.covered, top20.covered_percent) == (20, 2, 1, 50)
    page = response.content.decode()
    assert "1 of 1 in the plan (100 %)" in page and "1 of 2 in the plan (50 %)" in page
    assert "Plan now" in page


def test_without_a_current_plan_the_box_says_so(personas, ranked):
    page = client_for(personas.monitor).get(URL).content.decode()
    assert "No visit plan covers today" in page
    assert "Add to the visit plan" not in page


# --- add to the visit plan -----------------------------------------------------------------


def _add(client: Any, place: Place) -> Any:
    return client.post(
        reverse("risk:risk_add_to_plan", args=[place.pk]), {"next": URL + "?q=x"}, follow=False
    )


def test_one_click_adds_the_place_to_the_plan_with_its_top_reasons(personas, ranked):
    plan = plan_now(personas, "Plan 2026–27")
    client = client_for(personas.monitor)
    assert "Add to the visit plan" in client.get(URL).content.decode()

    response = _add(client, ranked["worst"])

    assert response.status_code == 302 and response.url == URL + "?q=x"
    item = PlannedVisit.objects.get(plan=plan, place=ranked["worst"])
    assert item.month == today().replace(day=1)
    assert "Findings of ill-treatment or abusive discipline" in item.reason
    assert "configuration v1" in item.reason
    message = next(str(m) for m in get_messages(response.wsgi_request))
    assert "Harbour Lock-up" in message and "Plan 2026–27" in message
    assert AuditEvent.objects.filter(action="plan.visit_planned").exists()
    # The row now says it is planned, and the coverage counts it.
    row = next(r for r in client.get(URL).context["rows"] if r.place == ranked["worst"])
    assert row.planned


def test_adding_twice_or_without_a_plan_is_refused_clearly(personas, ranked):
    client = client_for(personas.monitor)
    response = _add(client, ranked["worst"])
    message = next(str(m) for m in get_messages(response.wsgi_request))
    assert "No visit plan covers today" in message
    assert not PlannedVisit.objects.exists()

    plan_now(personas)
    _add(client, ranked["worst"])
    response = _add(client, ranked["worst"])
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert "already in the visit plan" in message
    assert PlannedVisit.objects.count() == 1


def test_the_next_address_must_be_on_this_site(personas, ranked):
    plan_now(personas)
    response = client_for(personas.monitor).post(
        reverse("risk:risk_add_to_plan", args=[ranked["worst"].pk]),
        {"next": "https://evil.example/"},
    )
    assert response.url == URL


# --- roles and tenancy ---------------------------------------------------------------------


def test_the_analyst_reads_the_list_and_explanations_but_may_not_act(personas, ranked):
    plan_now(personas)
    client = client_for(personas.analyst)
    page = client.get(URL).content.decode()
    assert "Harbour Lock-up" in page
    assert "Recompute now" not in page and "Add to the visit plan" not in page
    assert client.get(reverse("risk:risk_place", args=[ranked["worst"].pk])).status_code == 200
    assert client.post(reverse("risk:risk_recompute")).status_code == 403
    assert _add(client, ranked["worst"]).status_code == 403
    assert not PlannedVisit.objects.exists() and not Job.objects.exists()


def test_institution_b_sees_nothing_of_a(personas, ranked):
    plan_now(personas)
    client = client_for(personas.monitor_b)
    response = client.get(URL)
    assert response.context["page"].paginator.count == 0
    assert response.context["coverage"].plan is None
    page = response.content.decode()
    assert "Harbour Lock-up" not in page and "Plan now" not in page
    csv_text = b"".join(client.get(reverse("risk:risk_priorities_export", args=["csv"]))).decode()
    assert "Harbour" not in csv_text
    assert client.get(reverse("risk:risk_place", args=[ranked["worst"].pk])).status_code == 404
    assert _add(client, ranked["worst"]).status_code == 404
    assert not PlannedVisit.objects.exists()


# --- exports -------------------------------------------------------------------------------


def test_the_list_exports_to_csv_and_xlsx_with_its_filters(personas, ranked):
    client = client_for(personas.monitor)
    response = client.get(reverse("risk:risk_priorities_export", args=["csv"]), {"q": "hill"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Rank", "Place", "Reference"]
    assert [row[1] for row in rows[1:]] == ["Hill Prison"]
    assert rows[1][7] == "1"  # configuration version
    assert rows[1][10] == "Findings of ill-treatment or abusive discipline"

    response = client.get(reverse("risk:risk_priorities_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][1] == "Harbour Lock-up"
    assert len(values) == 4
    assert client.get(reverse("risk:risk_priorities_export", args=["pdf"])).status_code == 404


# --- the recompute job ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_recompute_now_runs_as_a_job_with_progress(personas):
    for n in range(3):
        PlaceFactory.create(institution=personas.institution_a, name=f"Place {n}")
    client = client_for(personas.admin)
    page = client.get(URL).content.decode()
    assert "Recompute now" in page and "3 open places have no score yet." in page

    response = client.post(reverse("risk:risk_recompute"))

    job = Job.objects.get(kind="risk.recompute")
    assert response.status_code == 302 and response.url == reverse("core:job_detail", args=[job.pk])
    waiting = client.get(response.url).content.decode()
    assert "Recomputing the risk scores" in waiting and "<progress" in waiting
    run_background_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total) == (3, 3)
    assert job.result["places"] == 3
    assert "3 places scored with configuration version 1" in job.message
    assert RiskScore.objects.filter(institution=personas.institution_a, is_latest=True).count() == 3
    assert AuditEvent.objects.filter(action="risk.recomputed", actor=personas.admin.user).exists()
    done = client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    assert "3 places scored" in done
    assert "no score yet" not in client.get(URL).content.decode()


# --- constant queries ----------------------------------------------------------------------


def _queries(client: Any, url: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _add_places(personas: Personas, plan: VisitPlan, count: int, start: int) -> None:
    region = AreaFactory.create(institution=personas.institution_a, name=f"Region {start}")
    for n in range(start, start + count):
        place = risky_place(personas, f"Place {n:03d}", findings=n % 3, area=region)
        if n % 4 == 0:
            PlannedVisit.objects.create(
                institution=personas.institution_a, plan=plan, place=place,
                month=today().replace(day=1), visit_type="full",
            )  # fmt: skip
    score_all(personas)


def test_the_list_costs_the_same_queries_for_5_and_for_30_places(personas):
    plan = plan_now(personas)
    client = client_for(personas.monitor)
    _add_places(personas, plan, 5, 0)
    client.get(URL)  # the session and the first-visit work
    few = _queries(client, URL)
    filtered_few = _queries(client, URL, {"area": "", "never_visited": "", "min_score": "0"})
    _add_places(personas, plan, 25, 5)
    assert RiskScore.objects.filter(is_latest=True).count() == 30
    assert few == _queries(client, URL)
    assert filtered_few == _queries(
        client, URL, {"area": "", "never_visited": "", "min_score": "0"}
    )
