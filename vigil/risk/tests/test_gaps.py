"""Protection gaps: figures against a hand count, drill-down, filters, tenancy, query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.core.models import Membership
from vigil.core.tests.factories import Personas, client_for
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind
from vigil.places.tests.factories import AreaFactory, AuthorityFactory, PlaceFactory, builtin_kind
from vigil.risk.models import RiskConfiguration, RiskScore
from vigil.risk.selectors.gap_cells import gaps_cell
from vigil.risk.selectors.gap_scope import GapsFilters
from vigil.risk.selectors.gaps import band_of, gaps_build
from vigil.risk.services.configuration import configuration_ensure

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
CUSTODY, LAWYER, ALLEGATIONS = "custody_notification", "lawyer_access", "allegations"
REGISTERS, OVERCROWDING = "register_irregularities", "overcrowding"


def add_score(
    place: Place,
    on: date,
    parts: dict[str, tuple[str, str]],
    *,
    latest: bool = True,
    evidence: dict[str, list[dict[str, str]]] | None = None,
) -> RiskScore:
    """A stored score whose explanation has these (value, points) per factor code."""
    configuration = configuration_ensure(institution=place.institution)
    evidence = evidence or {}
    stored = [
        {
            "factor": code,
            "name": code,
            "weight": "2",
            "value": value,
            "points": points,
            "evidence": evidence.get(code, []),
        }
        for code, (value, points) in parts.items()
    ]
    return RiskScore.objects.create(
        institution=place.institution,
        place=place,
        computed_on=on,
        configuration=configuration,
        score=sum((Decimal(points) for _v, points in parts.values()), Decimal(0)),
        parts=stored,
        figures={
            code: [int(Decimal(value).scaleb(4)), int(Decimal(points).scaleb(2))]
            for code, (value, points) in parts.items()
        },
        inputs_digest=f"{place.pk}-{on}",
        is_latest=latest,
    )


FINDING_7 = {"target": "visit_detail:41#finding-7", "label": "finding:serious", "on": "2026-03-01"}


def _allegation(place: Place) -> dict[str, str]:
    return {"target": f"case_list:?place={place.pk}", "label": "allegation", "on": "2026-02-01"}


class World:
    def __init__(self, personas: Personas) -> None:
        a = personas.institution_a
        self.police_kind = builtin_kind("police_station")
        self.prison_kind = builtin_kind("prison_remand")
        self.police = AuthorityFactory.create(institution=a, name="National Police")
        self.prisons = AuthorityFactory.create(institution=a, name="Prison Service")
        self.north = AreaFactory.create(institution=a, name="North")
        self.south = AreaFactory.create(institution=a, name="South")
        self.north_district = AreaFactory.create(
            institution=a,
            name="Hill District",
            level=AdministrativeArea.Level.DISTRICT,
            parent=self.north,
        )

        def place(name: str, kind: PlaceKind, authority: Authority, area: Any, **kw: Any) -> Place:
            return PlaceFactory.create(
                institution=a, name=name, kind=kind, authority=authority, area=area, **kw
            )

        self.p1 = place("Central Lock-up", self.police_kind, self.police, self.north_district)
        self.p2 = place("Harbour Station", self.police_kind, self.police, self.north)
        self.p3 = place("Quiet Station", self.police_kind, self.police, self.south)
        self.p4 = place("Old Prison", self.prison_kind, self.prisons, self.south)
        self.p5 = place("New Remand Centre", self.prison_kind, self.prisons, None)
        self.p6 = place(
            "Closed Cells",
            self.police_kind,
            self.police,
            self.north,
            status=Place.Status.CLOSED,
            closed_on=date(2025, 3, 1),
        )
        self.p7 = place("Unscored Post", self.police_kind, self.police, self.north)

        # History (not latest) then latest scores.
        add_score(self.p1, date(2024, 3, 1), {CUSTODY: ("0", "0")}, latest=False)
        add_score(self.p1, date(2025, 2, 1), {CUSTODY: ("0.5", "2.5")}, latest=False)
        add_score(
            self.p1,
            date(2026, 5, 1),
            {CUSTODY: ("1", "5"), LAWYER: ("0.5", "2.5"), ALLEGATIONS: ("0.25", "1")},
            evidence={
                CUSTODY: [
                    {
                        "target": "visit_detail:41#finding-7",
                        "label": "finding:serious",
                        "on": "2026-03-01",
                    },
                    {
                        "target": f"case_list:?place={self.p1.pk}",
                        "label": "allegation",
                        "on": "2026-02-01",
                    },
                ]
            },
        )
        add_score(self.p2, date(2025, 6, 1), {CUSTODY: ("0.5", "2.5")})
        add_score(self.p3, date(2026, 5, 1), {CUSTODY: ("0", "0"), LAWYER: ("0", "0")})
        add_score(self.p4, date(2024, 6, 1), {OVERCROWDING: ("0.5", "3")}, latest=False)
        add_score(self.p4, date(2024, 11, 1), {OVERCROWDING: ("0", "0")}, latest=False)
        add_score(self.p4, date(2026, 1, 10), {OVERCROWDING: ("1", "6"), REGISTERS: ("0.5", "2")})
        add_score(self.p5, date(2026, 4, 1), {REGISTERS: ("1", "4"), CUSTODY: ("0.25", "1.25")})
        add_score(self.p6, date(2024, 5, 1), {CUSTODY: ("1", "5")})

        # Institution B: one place where every safeguard is missing. It must never count for A.
        b = personas.institution_b
        self.b_authority = AuthorityFactory.create(institution=b, name="B Police")
        self.b_place = PlaceFactory.create(
            institution=b, name="B Lock-up", kind=self.police_kind, authority=self.b_authority
        )
        add_score(self.b_place, date(2026, 5, 1), {CUSTODY: ("1", "5"), REGISTERS: ("1", "4")})


@pytest.fixture
def world(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return World(personas)


def _row(gaps: Any, code: str) -> Any:
    return next(row for group in gaps.groups for row in group.rows if row.code == code)


def _cells(gaps: Any, code: str) -> dict[str, tuple[int, int, Decimal]]:
    row = _row(gaps, code)
    figures = {
        column.label: (cell.contributing, cell.places, cell.mean_value)
        for column, cell in zip(gaps.columns, row.cells, strict=True)
    }
    figures["all"] = (row.total.contributing, row.total.places, row.total.mean_value)
    return figures


def test_shares_by_kind_match_a_hand_count(personas, world):
    gaps = gaps_build(actor=personas.analyst, today=TODAY)

    assert gaps.scored == 5  # the closed place and the unscored one do not count
    assert gaps.unscored == 1
    assert [c.label for c in gaps.columns] == ["Prison (remand)", "Police station or lock-up"]
    assert [c.places for c in gaps.columns] == [2, 3]
    police, prison = "Police station or lock-up", "Prison (remand)"
    assert _cells(gaps, CUSTODY) == {
        police: (2, 3, Decimal("0.50")),
        prison: (1, 2, Decimal("0.12")),  # 0.125, rounded half to even
        "all": (3, 5, Decimal("0.35")),
    }
    assert _cells(gaps, LAWYER)[police] == (1, 3, Decimal("0.17"))
    assert _cells(gaps, REGISTERS) == {
        police: (0, 3, Decimal("0")),
        prison: (2, 2, Decimal("0.75")),
        "all": (2, 5, Decimal("0.30")),
    }
    custody = _row(gaps, CUSTODY)
    assert [c.share_text for c in custody.cells] == ["50", "66.7"]
    assert custody.total.share == 60.0
    assert [c.band for c in custody.cells] == [3, 3]
    assert _row(gaps, REGISTERS).cells[1].band == 0  # no police place: no colour, no link
    assert _row(gaps, REGISTERS).cells[1].query == ""
    assert gaps.versions == [1]
    assert (gaps.oldest_score, gaps.newest_score) == (date(2025, 6, 1), date(2026, 5, 1))


def test_groups_follow_the_catalogue_and_bands_have_floors():
    assert [band_of(s, n) for s, n in [(0, 0), (1, 1), (24.9, 1), (25, 1), (50, 1), (100, 1)]] == [
        0, 1, 1, 2, 3, 4
    ]  # fmt: skip


def test_most_often_missing_safeguards_are_ranked_by_share(personas, world):
    gaps = gaps_build(actor=personas.analyst, today=TODAY)
    ranked = [(s.code, s.cell.contributing, s.cell.places) for s in gaps.safeguards]
    assert ranked[:3] == [(CUSTODY, 3, 5), (REGISTERS, 2, 5), (LAWYER, 1, 5)]
    assert [s.rank for s in gaps.safeguards[:3]] == [1, 2, 3]
    # Only the first hours and the registers; signals and conditions are not safeguards.
    codes = {s.code for s in gaps.safeguards}
    assert ALLEGATIONS not in codes and OVERCROWDING not in codes
    assert "register_findings" in codes and "doctor_access" in codes


def test_the_trend_uses_the_score_in_force_at_the_end_of_each_year(personas, world):
    gaps = gaps_build(actor=personas.analyst, today=TODAY)
    assert gaps.years == [2024, 2025, 2026]
    trend = {row.key: [(c.contributing, c.places) for c in row.cells] for row in gaps.trend}
    # 2024: P1 (nothing yet), P4 (its November score, nothing), closed P6 (custody) → 1 of 3.
    # 2025: P1, P2, P6 (closed in March 2025) have custody; P4 not → 3 of 4.
    # 2026: P1, P2, P5 of the five open places; P6 closed before the year.
    assert trend["first_hours"] == [(1, 3), (3, 4), (3, 5)]
    assert trend["conditions"] == [(0, 3), (0, 4), (1, 5)]
    assert trend["registers"] == [(0, 3), (0, 4), (2, 5)]
    first_hours = next(row for row in gaps.trend if row.key == "first_hours")
    # 2026 points: P1 5 + 2.5, P2 2.5, P5 1.25 → 11.25 over 5 places.
    assert first_hours.cells[-1].mean_points == Decimal("2.25")
    assert [f.places for f in gaps.year_figures] == [3, 4, 5]
    assert gaps.chart is not None and not gaps.chart.empty
    assert gaps.chart.groups[0].label == "Safeguards in the first hours of custody"
    first_bars = gaps.chart.groups[0].bars
    assert [b.year for b in first_bars] == ["2024", "2025", "2026"]
    assert [b.value for b in first_bars] == ["33.3 %", "75 %", "60 %"]
    assert [b.css for b in first_bars] == ["past", "past", "current"]


def test_years_of_trend_can_be_chosen(personas, world):
    gaps = gaps_build(actor=personas.analyst, filters=GapsFilters(years=5), today=TODAY)
    assert gaps.years == [2022, 2023, 2024, 2025, 2026]
    first_hours = next(row for row in gaps.trend if row.key == "first_hours")
    assert [c.places for c in first_hours.cells] == [0, 0, 3, 4, 5]


@pytest.mark.parametrize(
    ("filters", "scored"),
    [
        ({"kind": "police"}, 3),
        ({"authority": "prisons"}, 2),
        ({"area": "north"}, 2),  # the district inside the region too
        ({"area": "south"}, 2),
        ({"area": "north_district"}, 1),
        ({"kind": "prison", "area": "south"}, 1),
    ],
)
def test_filters_choose_the_places(personas, world, filters, scored):
    ids = {
        "police": world.police_kind.pk,
        "prison": world.prison_kind.pk,
        "prisons": world.prisons.pk,
        "north": world.north.pk,
        "south": world.south.pk,
        "north_district": world.north_district.pk,
    }
    chosen = GapsFilters(**{name: ids[key] for name, key in filters.items()})
    gaps = gaps_build(actor=personas.analyst, filters=chosen, today=TODAY)
    assert gaps.scored == scored
    first_hours = next(row for row in gaps.trend if row.key == "first_hours")
    assert first_hours.cells[-1].places == scored


def test_columns_by_area_and_by_authority(personas, world):
    by_area = gaps_build(actor=personas.analyst, filters=GapsFilters(dimension="area"))
    assert [(c.label, c.places) for c in by_area.columns] == [
        ("Hill District (North)", 1),
        ("North", 1),
        ("South", 2),
        ("No area", 1),
    ]
    assert _cells(by_area, REGISTERS)["No area"] == (1, 1, Decimal("1.00"))
    by_authority = gaps_build(actor=personas.analyst, filters=GapsFilters(dimension="authority"))
    assert [(c.label, c.places) for c in by_authority.columns] == [
        ("National Police", 3),
        ("Prison Service", 2),
    ]


def test_the_drill_down_lists_exactly_the_places_where_the_factor_contributes(personas, world):
    drill = gaps_cell(
        actor=personas.analyst,
        filters=GapsFilters(),
        factor=CUSTODY,
        dimension="kind",
        value=str(world.police_kind.pk),
    )
    assert [r.name for r in drill.rows] == ["Central Lock-up", "Harbour Station"]
    assert [r.points for r in drill.rows] == [Decimal("5"), Decimal("2.5")]
    assert drill.places == 3 and drill.share_text == "66.7"
    assert drill.rows[0].evidence == [FINDING_7, _allegation(world.p1)]
    assert drill.rows[1].evidence == []
    everywhere = gaps_cell(actor=personas.analyst, filters=GapsFilters(), factor=CUSTODY)
    assert [r.name for r in everywhere.rows] == [
        "Central Lock-up", "Harbour Station", "New Remand Centre"
    ]  # fmt: skip
    no_area = gaps_cell(
        actor=personas.analyst,
        filters=GapsFilters(),
        factor=REGISTERS,
        dimension="area",
        value="none",
    )
    assert [r.name for r in no_area.rows] == ["New Remand Centre"]


def test_the_analyst_sees_the_page_with_the_figures(personas, world):
    response = client_for(personas.analyst).get(reverse("risk:risk_gaps"))
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["gaps"].scored == 5
    assert "Protection gaps" in body and "Police station or lock-up" in body
    assert "66.7 %" in body and "2 of 3" in body
    assert "Safeguards most often missing" in body
    cell = _row(response.context["gaps"], CUSTODY).cells[1]
    assert f'href="{reverse("risk:risk_gaps_cell")}?{cell.query}"'.replace("&", "&amp;") in body
    assert 'style="' not in body and "<script>" not in body  # strict CSP
    assert "risk/gaps.css" in body
    assert 'aria-labelledby="gaps-trend-title gaps-trend-desc"' in body


@pytest.mark.parametrize("persona", ["viewer", "monitor", "investigator", "admin"])
def test_every_role_of_a_sees_the_gaps(personas, world, persona):
    response = client_for(getattr(personas, persona)).get(reverse("risk:risk_gaps"))
    assert response.status_code == 200
    assert response.context["gaps"].scored == 5


def test_the_page_filters_from_the_query_string(personas, world):
    client = client_for(personas.analyst)
    response = client.get(
        reverse("risk:risk_gaps"), {"dimension": "area", "authority": world.prisons.pk}
    )
    assert response.status_code == 200
    gaps = response.context["gaps"]
    assert gaps.scored == 2
    assert [c.label for c in gaps.columns] == ["South", "No area"]
    assert "Operating authority: Prison Service" in response.content.decode()
    bad = client.get(reverse("risk:risk_gaps"), {"years": "99", "dimension": "planet"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Ensure this value is less than or equal to 10." in text
    assert "Select a valid choice" in text
    assert bad.context["gaps"].filters == GapsFilters()


def test_institution_b_sees_only_its_own_places(personas, world):
    client = client_for(personas.monitor_b)
    response = client.get(reverse("risk:risk_gaps"))
    assert response.status_code == 200
    gaps = response.context["gaps"]
    assert gaps.scored == 1
    assert _cells(gaps, CUSTODY)["all"] == (1, 1, Decimal("1.00"))
    body = response.content.decode()
    for name in ("Central Lock-up", "National Police", "North", "Prison Service"):
        assert name not in body
    # A's authority as a filter is refused like a missing one; A's column does not exist.
    refused = client.get(reverse("risk:risk_gaps"), {"authority": world.police.pk})
    assert "Select a valid choice" in refused.content.decode()
    cell = client.get(
        reverse("risk:risk_gaps_cell"),
        {"factor": CUSTODY, "dimension": "authority", "value": world.police.pk},
    )
    assert cell.status_code == 400
    assert "Column: This column does not exist" in cell.content.decode()
    # Built-in kinds are shared: B's drill-down by kind lists only B's place.
    own = client.get(
        reverse("risk:risk_gaps_cell"),
        {"factor": CUSTODY, "dimension": "kind", "value": world.police_kind.pk},
    )
    assert own.status_code == 200
    assert [r.name for r in own.context["drill"].rows] == ["B Lock-up"]
    assert "Central Lock-up" not in own.content.decode()


def test_an_inactive_membership_sees_nothing(personas, world):
    personas.analyst.is_active = False
    assert gaps_build(actor=personas.analyst, today=TODAY).scored == 0


def test_the_drill_down_page_links_places_and_evidence(personas, world):
    client = client_for(personas.analyst)
    response = client.get(
        reverse("risk:risk_gaps_cell"),
        {"factor": CUSTODY, "dimension": "kind", "value": world.police_kind.pk},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "No notification of custody to a relative or third person" in body
    assert f'href="{reverse("places:place_detail", args=[world.p1.pk])}"' in body
    assert '<a href="/visits/41/#finding-7">Finding (Serious)</a>' in body
    assert f'<a href="{reverse("people:case_list")}?place={world.p1.pk}">Allegation</a>' in body
    assert "Quiet Station" not in body and "Closed Cells" not in body
    assert "at 2 of 3 scored places (66.7 %)" in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"factor": "no_such_factor"}, "Risk factor: This risk factor does not exist."),
        ({"factor": CUSTODY, "dimension": "planet", "value": "1"}, "Columns: Select a valid"),
        ({"factor": CUSTODY, "dimension": "kind", "value": "abc"}, "Column: This column"),
        ({"factor": CUSTODY, "dimension": "kind", "value": "987654"}, "Column: This column"),
        ({"factor": CUSTODY, "years": "0"}, "Years of trend: Ensure this value"),
    ],
)
def test_bad_drill_down_links_get_a_clear_message(personas, world, params, message):
    response = client_for(personas.analyst).get(reverse("risk:risk_gaps_cell"), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def _add_places(personas: Personas, world: World, count: int, start: int) -> None:
    for n in range(start, start + count):
        place = PlaceFactory.create(
            institution=personas.institution_a,
            kind=[world.police_kind, world.prison_kind][n % 2],
            authority=[world.police, world.prisons][n % 2],
            area=[world.north, world.south, None][n % 3],
        )
        add_score(place, date(2024, 1 + n % 12, 1), {CUSTODY: ("0.5", "2")}, latest=False)
        add_score(place, date(2026, 1 + n % 5, 2), {CUSTODY: ("1", "4"), LAWYER: ("0.5", "1")})


def _queries(client: Any, url: str, params: dict[str, Any] | None = None) -> int:
    client.get(url, params or {})  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize("dimension", ["kind", "authority", "area"])
def test_the_query_count_does_not_grow_with_the_places(personas, world, dimension):
    client = client_for(personas.analyst)
    params = {"dimension": dimension, "area": world.north.pk}
    cell = {"factor": CUSTODY, "dimension": "kind", "value": world.police_kind.pk}
    _add_places(personas, world, 3, 0)
    page, drill = (
        _queries(client, reverse("risk:risk_gaps"), params),
        _queries(client, reverse("risk:risk_gaps_cell"), cell),
    )
    xlsx = _queries(client, reverse("risk:risk_gaps_xlsx"), params)
    _add_places(personas, world, 30, 3)
    assert client.get(reverse("risk:risk_gaps")).context["gaps"].scored == 5 + 33
    assert _queries(client, reverse("risk:risk_gaps"), params) == page
    assert _queries(client, reverse("risk:risk_gaps_cell"), cell) == drill
    assert _queries(client, reverse("risk:risk_gaps_xlsx"), params) == xlsx


def test_the_configuration_named_by_the_scores_is_shown(personas, world):
    RiskConfiguration.objects.filter(institution=personas.institution_a).update(version=4)
    body = client_for(personas.analyst).get(reverse("risk:risk_gaps")).content.decode()
    assert "configuration v4" in body


def test_a_page_without_scores_says_so(personas):
    membership: Membership = personas.analyst
    response = client_for(membership).get(reverse("risk:risk_gaps"))
    assert response.status_code == 200
    assert "No place has a risk score yet." in response.content.decode()
