"""The follow-up dashboard: figures against a hand count, constant queries, tenancy, CSV."""

# The hand-counted data set keeps one recommendation per line, so that it reads as a table.
# ruff: noqa: E501

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.core.tests.factories import Personas, client_for
from vigil.recommendations.models import Recommendation
from vigil.recommendations.selectors.dashboard import (
    DashboardFilters,
    dashboard_build,
)
from vigil.recommendations.tests.factories import RecommendationFactory
from vigil.visits.models import Theme

TODAY = date(2026, 6, 1)
DA, MIN, PAR, HEA = "detaining_authority", "ministry", "parliament", "health_authority"

# ref, addressee, source, issued, status, days to implementation, due, response, themes
# ("reg" = custody registers, "hea" = health care)
DATASET: list[tuple[Any, ...]] = [
    ("D-01", MIN, "visit_report", date(2024, 1, 10), "implemented", 30, date(2024, 3, 1), "accepted", ["reg"]),
    ("D-02", MIN, "visit_report", date(2024, 5, 1), "implemented", 90, date(2024, 9, 1), "accepted", ["reg", "hea"]),
    ("D-03", MIN, "thematic_report", date(2025, 1, 15), "in_progress", None, date(2026, 5, 1), "partially_accepted", ["hea"]),
    ("D-04", MIN, "thematic_report", date(2025, 3, 1), "implemented", 45, None, "accepted", []),
    ("D-05", DA, "visit_report", date(2025, 2, 1), "implemented", 10, date(2025, 8, 1), "accepted", ["reg"]),
    ("D-06", DA, "visit_report", date(2025, 6, 1), "partially_implemented", None, date(2026, 1, 1), "accepted", ["reg"]),
    ("D-07", DA, "visit_report", date(2025, 9, 1), "not_implemented", None, date(2025, 12, 1), "rejected", ["hea"]),
    ("D-08", DA, "visit_report", date(2026, 1, 10), "no_longer_relevant", None, date(2026, 2, 1), "no_response", []),
    ("D-09", PAR, "law_review", date(2024, 11, 1), "implemented", 400, None, "accepted", ["hea"]),
    ("D-10", PAR, "law_review", date(2025, 1, 1), "implemented", 100, None, "", []),
    ("D-11", HEA, "annual_report", date(2026, 3, 1), "in_progress", None, date(2026, 5, 31), "accepted", ["reg"]),
    ("D-12", HEA, "annual_report", date(2026, 4, 1), "not_started", None, date(2026, 6, 1), "", ["reg", "hea"]),
]  # fmt: skip

STATUSES = ["implemented", "partially_implemented", "in_progress", "not_started",
            "not_implemented", "no_longer_relevant"]  # fmt: skip


def _status_counts(**counts: int) -> dict[str, int]:
    return {status: counts.get(status, 0) for status in STATUSES}


@pytest.fixture
def themes(personas: Personas) -> dict[str, Theme]:
    a = personas.institution_a
    return {
        "reg": Theme.objects.create(institution=a, code="t-reg", name="Custody registers", order=1),
        "hea": Theme.objects.create(institution=a, code="t-hea", name="Health care", order=2),
    }


@pytest.fixture
def dataset(
    personas: Personas, themes: dict[str, Theme], monkeypatch: pytest.MonkeyPatch
) -> list[Recommendation]:
    # Pages count "overdue" from today: let today be the day the hand count was made on.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    recs = []
    for ref, addressee, source, issued, status, days, due, response, tags in DATASET:
        recs.append(
            RecommendationFactory.create(
                institution=personas.institution_a, created_by=personas.admin.user,
                reference=ref, addressee=addressee, source=source, issued_on=issued,
                status=status, due_on=due, response=response,
                implemented_on=issued + timedelta(days=days) if days is not None else None,
                themes=[themes[t] for t in tags],
            )
        )  # fmt: skip
    # Institution B's recommendations: implemented, overdue, on A's themes too. None may count.
    for n, status in enumerate(["implemented", "not_started", "not_started"]):
        RecommendationFactory.create(
            institution=personas.institution_b, created_by=personas.monitor_b.user,
            addressee=MIN, source="visit_report", issued_on=date(2025, 1, 1), status=status,
            due_on=date(2025, 6, 1), implemented_on=date(2025, 1, 2) if n == 0 else None,
            themes=[themes["reg"]],
        )  # fmt: skip
    return recs


def _rows(breakdown: Any) -> dict[str, tuple[int, dict[str, int], int]]:
    return {
        row.label: (row.total, {s.key: s.count for s in row.statuses}, row.overdue)
        for row in breakdown.rows
    }


def _breakdown(dashboard: Any, slug: str) -> Any:
    return next(b for b in dashboard.breakdowns if b.slug == slug)


def test_figures_match_a_hand_count(personas, dataset):
    d = dashboard_build(actor=personas.admin, today=TODAY)

    assert d.overall.total == 12
    assert {s.key: s.count for s in d.overall.statuses} == _status_counts(
        implemented=6, partially_implemented=1, in_progress=2, not_started=1,
        not_implemented=1, no_longer_relevant=1,
    )  # fmt: skip
    assert d.overall.implemented.percent == 50.0
    # Open: D-03, D-06, D-07, D-11, D-12. Overdue: all but D-12 (due today) of those.
    assert d.open == 5
    assert d.overall.overdue == 4
    assert d.overall.overdue_percent == 33.3
    assert d.overdue_percent_of_open == "80"
    assert {s.key: s.count for s in d.responses} == {
        "accepted": 7, "partially_accepted": 1, "rejected": 1, "no_response": 1, "awaited": 2,
    }  # fmt: skip

    assert _rows(_breakdown(d, "addressee")) == {
        "Detaining authority": (4, _status_counts(implemented=1, partially_implemented=1,
                                                  not_implemented=1, no_longer_relevant=1), 2),
        "Ministry": (4, _status_counts(implemented=3, in_progress=1), 1),
        "Parliament (law reform)": (2, _status_counts(implemented=2), 0),
        "Health authority": (2, _status_counts(in_progress=1, not_started=1), 1),
    }  # fmt: skip
    assert [r.label for r in _breakdown(d, "addressee").rows] == [
        "Detaining authority", "Ministry", "Parliament (law reform)", "Health authority",
    ]  # fmt: skip
    assert _rows(_breakdown(d, "theme")) == {
        "Custody registers": (6, _status_counts(implemented=3, partially_implemented=1,
                                                in_progress=1, not_started=1), 2),
        "Health care": (5, _status_counts(implemented=2, in_progress=1, not_implemented=1,
                                          not_started=1), 2),
        "No theme": (3, _status_counts(implemented=2, no_longer_relevant=1), 0),
    }  # fmt: skip
    assert [r.label for r in _breakdown(d, "theme").rows][-1] == "No theme"
    assert _rows(_breakdown(d, "source")) == {
        "Visit report": (6, _status_counts(implemented=3, partially_implemented=1,
                                           not_implemented=1, no_longer_relevant=1), 2),
        "Thematic report": (2, _status_counts(implemented=1, in_progress=1), 1),
        "Law or policy review": (2, _status_counts(implemented=2), 0),
        "Annual report": (2, _status_counts(in_progress=1, not_started=1), 1),
    }  # fmt: skip
    assert _rows(_breakdown(d, "year")) == {
        "2024": (3, _status_counts(implemented=3), 0),
        "2025": (6, _status_counts(implemented=3, in_progress=1, partially_implemented=1,
                                   not_implemented=1), 3),
        "2026": (3, _status_counts(no_longer_relevant=1, in_progress=1, not_started=1), 1),
    }  # fmt: skip

    # Days to implementation: ministry 30, 45, 90; detaining authority 10; parliament 400, 100.
    times = {t.key: (t.implemented, t.median_days, t.mean_days) for t in d.time_rows}
    assert times == {MIN: (3, 45.0, 55.0), DA: (1, 10.0, 10.0), PAR: (2, 250.0, 250.0)}
    # All: 10, 30, 45, 90, 100, 400: the median falls between 45 and 90.
    overall = d.time_overall
    assert (overall.implemented, overall.median_days, overall.mean_days) == (6, 67.5, 112.5)


def test_the_median_is_exact_for_an_odd_count_and_ignores_other_institutions(personas, dataset):
    d = dashboard_build(
        actor=personas.admin, today=TODAY, filters=DashboardFilters(source="visit_report")
    )
    # Visit reports: 30 (ministry), 90 (ministry), 10 (detaining authority).
    assert (d.time_overall.implemented, d.time_overall.median_days) == (3, 30.0)
    assert d.time_overall.mean_days == round((30 + 90 + 10) / 3, 1)


def test_filters_by_year_source_and_addressee(personas, dataset):
    def total(**filters: Any) -> int:
        return dashboard_build(
            actor=personas.admin, today=TODAY, filters=DashboardFilters(**filters)
        ).overall.total

    assert total(year_from=2025, year_to=2025) == 6
    assert total(year_from=2025) == 9
    assert total(year_to=2024) == 3
    assert total(source="law_review") == 2
    assert total(addressee=MIN) == 4
    assert total(addressee=MIN, year_from=2025) == 2
    ministry = dashboard_build(
        actor=personas.admin, today=TODAY, filters=DashboardFilters(addressee=MIN)
    )
    assert [r.label for r in _breakdown(ministry, "addressee").rows] == ["Ministry"]
    assert ministry.time_overall.median_days == 45.0


def test_the_page_filters_from_the_query_string(personas, dataset):
    client = client_for(personas.admin)
    response = client.get(
        reverse("recommendations:recommendation_dashboard"), {"year_from": 2025, "year_to": 2025}
    )
    assert response.status_code == 200
    assert response.context["dashboard"].overall.total == 6
    bad = client.get(
        reverse("recommendations:recommendation_dashboard"), {"year_from": 2026, "year_to": 2024}
    )
    assert bad.status_code == 200
    assert "The last year is before the first." in bad.content.decode()


def test_institution_b_data_never_counts(personas, dataset):
    d = dashboard_build(actor=personas.monitor_b, today=TODAY)
    assert d.overall.total == 3
    assert d.time_overall.implemented == 1
    assert [r.total for r in _breakdown(d, "theme").rows] == [3]
    page = (
        client_for(personas.monitor_b)
        .get(reverse("recommendations:recommendation_dashboard"))
        .content.decode()
    )
    assert "Health care" not in page  # A's theme with only A's recommendations
    assert "Custody registers" in page  # B's own recommendations on it


def test_an_inactive_membership_sees_nothing(personas, dataset):
    personas.admin.is_active = False
    assert dashboard_build(actor=personas.admin, today=TODAY).overall.total == 0


@pytest.mark.parametrize("persona", ["analyst", "viewer", "monitor", "admin", "investigator"])
def test_every_role_sees_the_dashboard(personas, dataset, persona):
    response = client_for(getattr(personas, persona)).get(
        reverse("recommendations:recommendation_dashboard")
    )
    assert response.status_code == 200
    assert response.context["dashboard"].overall.total == 12


def test_the_page_draws_accessible_charts_with_tables(personas, dataset):
    body = (
        client_for(personas.analyst)
        .get(reverse("recommendations:recommendation_dashboard"))
        .content.decode()
    )
    for slug in ("overall", "responses", "addressee", "theme", "source", "year"):
        assert f'aria-labelledby="chart-{slug}-title chart-{slug}-desc"' in body
        assert f'<title id="chart-{slug}-title">' in body
    assert "Implementation status by addressee" in body
    assert "<caption>Implementation status by theme</caption>" in body
    assert "Ministry: Implemented, 3 of 4 (75 %)" in body  # a segment's own title
    assert 'style="' not in body and "<script>" not in body  # strict CSP
    assert 'href="/static/recommendations/dashboard.css"' in body or "dashboard.css" in body


def test_the_list_page_links_to_the_dashboard(personas):
    body = (
        client_for(personas.viewer)
        .get(reverse("recommendations:recommendation_list"))
        .content.decode()
    )
    assert reverse("recommendations:recommendation_dashboard") in body


def _add(personas: Personas, themes: dict[str, Theme], count: int, start: int) -> None:
    statuses = STATUSES
    for n in range(start, start + count):
        issued = date(2023 + n % 4, 1 + n % 12, 1)
        status = statuses[n % len(statuses)]
        RecommendationFactory.create(
            institution=personas.institution_a, created_by=personas.admin.user,
            addressee=[DA, MIN, PAR, HEA][n % 4], source=["visit_report", "law_review"][n % 2],
            issued_on=issued, status=status, due_on=issued + timedelta(days=90 + n),
            response=["", "accepted", "rejected"][n % 3],
            implemented_on=issued + timedelta(days=n) if status == "implemented" else None,
            themes=[themes["reg"], themes["hea"]][: n % 3],
        )  # fmt: skip


def _queries(client: Any, url: str) -> int:
    client.get(url)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_data(personas, themes):
    client = client_for(personas.analyst)
    url = reverse("recommendations:recommendation_dashboard")
    _add(personas, themes, 10, 0)
    few = _queries(client, url)
    _add(personas, themes, 50, 10)
    assert client.get(url).context["dashboard"].overall.total == 60
    assert _queries(client, url) == few
    export = reverse("recommendations:recommendation_dashboard_export")
    with CaptureQueriesContext(connection) as queries:
        b"".join(client.get(export).streaming_content)
    assert len(queries) <= few


def _csv(client: Any, **params: Any) -> list[dict[str, str]]:
    response = client.get(reverse("recommendations:recommendation_dashboard_export"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_export_holds_the_same_figures(personas, dataset):
    lines = _csv(client_for(personas.analyst))
    value = {(r["figure"], r["group"], r["measure"]): r["value"] for r in lines}
    assert value[("overall", "all", "total")] == "12"
    assert value[("overall", "all", "implemented")] == "6"
    assert value[("overall", "all", "overdue")] == "4"
    assert value[("overall", "all", "open")] == "5"
    assert value[("responses", "all", "awaited")] == "2"
    assert value[("by_addressee", MIN, "implemented")] == "3"
    assert value[("by_source", "law_review", "total")] == "2"
    assert value[("by_year", "2025", "overdue")] == "3"
    assert value[("time_to_implementation", "all", "median_days")] == "67.5"
    assert value[("time_to_implementation", MIN, "mean_days")] == "55.0"
    registers = Theme.objects.get(code="t-reg").pk
    assert value[("by_theme", str(registers), "total")] == "6"
    assert value[("by_theme", "", "total")] == "3"  # no theme
    # Every count and share of the page is in the file.
    by_key = {(r["figure"], r["group"], r["measure"]): r for r in lines}
    d = dashboard_build(actor=personas.analyst)
    for breakdown in d.breakdowns:
        for row in breakdown.rows:
            for share in row.statuses:
                line = by_key[(f"by_{breakdown.slug}", row.key, share.key)]
                assert (int(line["value"]), float(line["percent"])) == (share.count, share.percent)
    filtered = _csv(client_for(personas.analyst), addressee=PAR)
    assert {
        r["value"] for r in filtered if r["measure"] == "total" and r["figure"] == "overall"
    } == {"2"}


def test_institution_b_exports_only_its_own_figures(personas, dataset):
    lines = _csv(client_for(personas.monitor_b))
    totals = {r["value"] for r in lines if (r["figure"], r["measure"]) == ("overall", "total")}
    assert totals == {"3"}
    assert not [r for r in lines if r["label"] == "Health care"]


def test_dashboard_matches_a_count_of_the_demo_data(db):
    from vigil.core.demo.builder import demo_load
    from vigil.core.models import Membership

    world = demo_load()
    institution = world.institutions["hrc"]
    analyst = Membership.objects.get(institution=institution, role="analyst")
    d = dashboard_build(actor=analyst)
    recs = list(Recommendation.objects.filter(institution=institution))
    assert recs, "the demo has recommendations"
    today = d.today
    assert d.overall.total == len(recs)
    assert {s.key: s.count for s in d.overall.statuses} == _status_counts(
        **Counter(r.status for r in recs)
    )
    open_recs = [r for r in recs if r.status not in ("implemented", "no_longer_relevant")]
    assert d.open == len(open_recs)
    assert d.overall.overdue == sum(1 for r in open_recs if r.due_on and r.due_on < today)
    by_addressee = Counter(r.addressee for r in recs)
    assert {row.key: row.total for row in _breakdown(d, "addressee").rows} == by_addressee
    by_year = Counter(str(r.issued_on.year) for r in recs)
    assert {row.key: row.total for row in _breakdown(d, "year").rows} == by_year
    responses = Counter(r.response or "awaited" for r in recs)
    assert {s.key: s.count for s in d.responses if s.count} == responses
    days = [(r.implemented_on - r.issued_on).days for r in recs
            if r.status == "implemented" and r.implemented_on]  # fmt: skip
    assert d.time_overall.implemented == len(days)
    if days:
        assert d.time_overall.median_days == round(float(statistics.median(days)), 1)
        assert d.time_overall.mean_days == round(statistics.mean(days), 1)
