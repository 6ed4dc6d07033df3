"""Fictional places of detention in the fictional Republic of Meridia, for `vigil demo`.

Everything is deterministic (one seeded random generator, no Faker). The only thing that
moves is the end of the population history: the first day of the current month, so that
the latest counts always look recent. Rows are written with bulk_create and their audit
events with one `audit_record_many` call per institution, which keeps `vigil demo` fast.
"""

# The tables below keep one place per line, so that they read as tables.
# ruff: noqa: E501

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.utils import timezone

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.demo.builder import DemoWorld
from vigil.core.models import Membership
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind, PopulationSnapshot
from vigil.places.services import refresh_latest_populations

OUTLINE = Path(__file__).parent / "static" / "places" / "outline.geojson"

Held = Place.Held
Regime = Place.Regime
Status = Place.Status

# key: (name, kind)
AUTHORITIES: dict[str, tuple[str, str]] = {
    "police": ("Meridia National Police", Authority.Kind.POLICE),
    "bucor": ("Bureau of Corrections", Authority.Kind.PRISON_SERVICE),
    "bjmp": ("Bureau of Jail Management and Penology", Authority.Kind.PRISON_SERVICE),
    "immigration": ("Bureau of Immigration", Authority.Kind.IMMIGRATION),
    "military": ("Armed Forces of Meridia", Authority.Kind.MILITARY),
    "health": ("Department of Health", Authority.Kind.HEALTH),
    "welfare": ("Department of Social Welfare and Development", Authority.Kind.SOCIAL_WELFARE),
    "contractor": ("Harbourline Custodial Services Inc.", Authority.Kind.PRIVATE_CONTRACTOR),
}

# region -> province -> district -> (longitude, latitude) of the district's main town
AREAS: dict[str, dict[str, dict[str, tuple[float, float]]]] = {
    "Northern Meridia": {
        "Alcala Norte": {"Hiraya": (120.45, 14.05), "Tanaw": (120.95, 14.10)},
        "Baybayin": {"Dalisay City": (120.60, 13.55), "Alon": (120.30, 13.75)},
        "Sierra Alta": {
            "Malinaw": (121.40, 13.60),
            "Bituin": (121.20, 13.05),
            "Tala": (121.55, 13.20),
        },
    },
    "Central Meridia": {
        "Lunaran": {
            "Kalinaw": (122.10, 13.30),
            "Sinag": (122.60, 13.25),
            "Liwanag": (122.30, 12.75),
        },
        "Mabini Oriental": {
            "Masagana": (123.10, 12.90),
            "Payapa": (123.60, 12.50),
            "Habagat": (123.00, 12.25),
        },
        "Talisay del Sur": {
            "Puerto Dalaga": (124.20, 11.90),
            "Batis": (123.95, 11.20),
            "Kaunlaran": (124.30, 10.80),
        },
    },
    "Southern Islands": {
        "Isla Verde": {
            "San Lorenzo Verde": (120.50, 10.90),
            "Marikit": (121.00, 10.30),
            "Bagong Pag-asa": (120.20, 10.10),
        },
        "Isla Luntian": {"Luntian": (123.65, 9.85)},
    },
}

STREETS = [
    "National Highway",
    "Capitol Road",
    "Mabini Street",
    "Harbour Road",
    "Rizal Avenue",
    "Camp Road",
    "Poblacion",
    "Del Pilar Street",
    "Provincial Road",
    "Bonifacio Street",
]

# Occupancy at the latest count, as a share of official capacity, by profile:
# U under 80 %, N 80-100 %, O overcrowded 101-150 %, C critically overcrowded (over 150 %).
PROFILES = {"U": (0.50, 0.78), "N": (0.81, 0.99), "O": (1.06, 1.48), "C": (1.55, 2.60)}


@dataclass(frozen=True)
class PlaceSpec:
    kind: str
    name: str
    district: str
    authority: str
    capacity: int | None
    held: str
    regime: str
    profile: str
    status: str = Status.OPEN
    months: int = 0  # closed: months ago it closed; temporary: months ago it opened
    located: bool = True
    notes: str = ""


def _p(
    kind: str,
    name: str,
    district: str,
    authority: str,
    capacity: int | None,
    held: str,
    regime: str,
    profile: str,
    **extra: Any,
) -> PlaceSpec:
    return PlaceSpec(kind, name, district, authority, capacity, held, regime, profile, **extra)


M, W, J, X = Held.MEN, Held.WOMEN, Held.JUVENILES, Held.MIXED
RE, SE, BO, NA = Regime.REMAND, Regime.SENTENCED, Regime.BOTH, Regime.NOT_APPLICABLE

# fmt: off
HRC_PLACES = [
    # Police stations and lock-ups
    _p("police_station", "Dalisay City Police Station 1 (Poblacion)", "Dalisay City", "police", 30, X, RE, "C"),
    _p("police_station", "Dalisay City Police Station 4 (Harbour)", "Dalisay City", "police", 24, M, RE, "O"),
    _p("police_station", "Alon Municipal Police Station", "Alon", "police", 12, X, RE, "N"),
    _p("police_station", "Hiraya Municipal Police Station", "Hiraya", "police", 10, X, RE, "U"),
    _p("police_station", "Tanaw Municipal Police Station", "Tanaw", "police", None, X, RE, "N"),
    _p("police_station", "Malinaw Police Lock-up", "Malinaw", "police", 16, M, RE, "N"),
    _p("police_station", "Kalinaw City Police Station", "Kalinaw", "police", 40, X, RE, "N"),
    _p("police_station", "Sinag Municipal Police Station", "Sinag", "police", 12, X, RE, "U"),
    _p("police_station", "Masagana Police Station", "Masagana", "police", 20, X, RE, "N"),
    _p("police_station", "Payapa Municipal Police Station", "Payapa", "police", None, X, RE, "U"),
    _p("police_station", "Puerto Dalaga Police Station", "Puerto Dalaga", "police", 25, X, RE, "O"),
    _p("police_station", "Batis Municipal Police Station", "Batis", "police", 10, X, RE, "U"),
    _p("police_station", "San Lorenzo Verde Police Station", "San Lorenzo Verde", "police", 18, X, RE, "N"),
    _p("police_station", "Luntian Island Police Post", "Luntian", "police", 6, X, RE, "U"),
    # Remand prisons (jails)
    _p("prison_remand", "Dalisay City Jail, Male Dormitory", "Dalisay City", "bjmp", 800, M, RE, "C"),
    _p("prison_remand", "Dalisay City Jail, Female Dormitory", "Dalisay City", "bjmp", 180, W, RE, "N"),
    _p("prison_remand", "Kalinaw District Jail", "Kalinaw", "bjmp", 350, X, RE, "C"),
    _p("prison_remand", "Puerto Dalaga City Jail", "Puerto Dalaga", "bjmp", 420, M, RE, "O"),
    _p("prison_remand", "Bituin District Jail", "Bituin", "bjmp", 220, X, RE, "N"),
    _p("prison_remand", "Marikit District Jail", "Marikit", "bjmp", 150, X, RE, "U"),
    _p("prison_remand", "Old Alcala Provincial Jail", "Tanaw", "bjmp", 200, X, RE, "O",
       status=Status.CLOSED, months=17,
       notes="Closed after the roof collapsed; detainees were moved to Dalisay City Jail."),
    # Prisons for sentenced persons
    _p("prison_sentenced", "Meridia National Penitentiary", "Tala", "bucor", 6500, M, SE, "O"),
    _p("prison_sentenced", "Correctional Institution for Women", "Dalisay City", "bucor", 1200, W, SE, "N"),
    _p("prison_sentenced", "Sinag Prison and Penal Farm", "Sinag", "bucor", 3000, M, SE, "U"),
    _p("prison_sentenced", "Isla Verde Penal Colony", "Bagong Pag-asa", "bucor", 2500, M, SE, "N"),
    _p("prison_sentenced", "Habagat Regional Correctional Facility", "Habagat", "bucor", 900, M, BO, "C"),
    _p("prison_sentenced", "Payapa Open Prison Camp", "Payapa", "bucor", 400, M, SE, "U"),
    # Court cells
    _p("court_cell", "Dalisay City Hall of Justice holding cells", "Dalisay City", "bjmp", 40, X, RE, "O"),
    _p("court_cell", "Kalinaw Regional Trial Court holding cell", "Kalinaw", "bjmp", 12, X, RE, "N"),
    _p("court_cell", "Puerto Dalaga Hall of Justice cells", "Puerto Dalaga", "police", None, X, RE, "N"),
    # Immigration detention
    _p("immigration_detention", "Bureau of Immigration Warden Facility, Dalisay City", "Dalisay City", "immigration", 110, X, NA, "C"),
    _p("immigration_detention", "Puerto Dalaga Immigration Holding Centre", "Puerto Dalaga", "contractor", 60, X, NA, "N"),
    _p("immigration_detention", "Liwanag Temporary Immigration Shelter", "Liwanag", "immigration", 80, X, NA, "N",
       status=Status.TEMPORARY, months=9,
       notes="Opened in a converted school gymnasium after boat arrivals."),
    # Military detention
    _p("military_detention", "Camp Malakas Stockade", "Malinaw", "military", 60, M, BO, "U"),
    _p("military_detention", "Habagat Naval Station Brig", "Habagat", "military", 20, M, BO, "U"),
    # Psychiatric hospitals and closed wards
    _p("psychiatric_hospital", "Meridia National Psychiatric Hospital", "Dalisay City", "health", 1400, X, NA, "O"),
    _p("psychiatric_hospital", "Lunaran Provincial Hospital, closed psychiatric ward", "Kalinaw", "health", 40, X, NA, "N"),
    _p("psychiatric_hospital", "Batis Regional Mental Health Centre", "Batis", "health", 120, X, NA, "U"),
    # Social care and disability institutions
    _p("social_care_institution", "Tahanan Home for Persons with Disabilities", "Hiraya", "welfare", 120, X, NA, "N"),
    _p("social_care_institution", "Sierra Alta Centre for Adults with Intellectual Disabilities", "Malinaw", "welfare", 90, X, NA, "N"),
    _p("social_care_institution", "Marikit Social Care Residence", "Marikit", "welfare", 70, X, NA, "U"),
    _p("social_care_institution", "Kaunlaran Psychosocial Rehabilitation Home", "Kaunlaran", "welfare", 60, X, NA, "N"),
    # Care homes for older persons
    _p("care_home_older_persons", "Golden Years Care Residence (locked dementia unit)", "Alon", "contractor", 50, X, NA, "N"),
    _p("care_home_older_persons", "Masagana Home for the Aged", "Masagana", "welfare", 150, X, NA, "U"),
    _p("care_home_older_persons", "Luntian Elderly Care Home", "Luntian", "welfare", 40, X, NA, "U"),
    _p("care_home_older_persons", "Haven of Hope Nursing Home", "Sinag", "contractor", 80, X, NA, "N",
       status=Status.CLOSED, months=8,
       notes="Licence withdrawn by the Department of Health; residents moved to other homes."),
    # Juvenile detention
    _p("juvenile_detention", "Bahay Pag-asa Dalisay City youth care centre", "Dalisay City", "welfare", 60, J, BO, "O"),
    _p("juvenile_detention", "Regional Rehabilitation Centre for Youth, Liwanag", "Liwanag", "welfare", 150, J, BO, "N"),
    _p("juvenile_detention", "Bahay Pag-asa San Lorenzo Verde", "San Lorenzo Verde", "welfare", 40, J, BO, "U"),
    # Children's institutions
    _p("childrens_institution", "Tanaw Home for Girls", "Tanaw", "welfare", 45, J, NA, "U"),
    _p("childrens_institution", "Nayon ng Kabataan Children's Village", "Kalinaw", "welfare", 100, J, NA, "N"),
    _p("childrens_institution", "Puerto Dalaga Reception and Study Centre for Children", "Puerto Dalaga", "welfare", 50, J, NA, "O"),
    # Sobering-up centres
    _p("sobering_up_centre", "Dalisay City Sobering-up Centre", "Dalisay City", "police", 20, X, NA, "N"),
    _p("sobering_up_centre", "Puerto Dalaga Night Sobering Station", "Puerto Dalaga", "health", None, X, NA, "U"),
    # Transit zones
    _p("transit_zone", "Dalisay International Airport transit holding area", "Alon", "immigration", 15, X, NA, "O"),
    _p("transit_zone", "Port of Puerto Dalaga passenger holding room", "Puerto Dalaga", "immigration", 10, X, NA, "U"),
    # Other places of deprivation of liberty
    _p("other", "Bagong Pag-asa Drug Treatment and Rehabilitation Centre", "Bagong Pag-asa", "health", 200, X, NA, "C"),
    _p("other", "Kalinaw Temporary Quarantine Facility", "Kalinaw", "health", 100, X, NA, "N",
       status=Status.TEMPORARY, months=5, located=False,
       notes="Location to be confirmed with the provincial health office."),
    _p("other", "Liwanag Women's Protective Custody Shelter", "Liwanag", "welfare", 30, W, NA, "U"),
    _p("other", "Habagat Drug Treatment Centre", "Habagat", "health", 120, X, NA, "O"),
]

OCS_AUTHORITIES = ("police", "bjmp", "bucor", "welfare")
OCS_PLACES = [
    _p("prison_remand", "Dalisay City Jail", "Dalisay City", "bjmp", 980, X, RE, "C"),
    _p("prison_remand", "Kalinaw District Jail", "Kalinaw", "bjmp", 350, X, RE, "O"),
    _p("prison_sentenced", "Meridia National Penitentiary", "Tala", "bucor", 6500, M, SE, "O"),
    _p("police_station", "Dalisay City Police Station 1", "Dalisay City", "police", 30, X, RE, "N"),
    _p("police_station", "Puerto Dalaga Police Station", "Puerto Dalaga", "police", 25, X, RE, "U"),
    _p("juvenile_detention", "Bahay Pag-asa Dalisay City", "Dalisay City", "welfare", 60, J, BO, "N"),
]
# fmt: on


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    return date(day.year + month0 // 12, month0 % 12 + 1, 1)


class _Outline:
    """The demo country's coastline, to keep every point on land."""

    def __init__(self) -> None:
        shape = json.loads(OUTLINE.read_text())
        self.rings: list[list[list[float]]] = [
            polygon[0]
            for feature in shape["features"]
            for polygon in feature["geometry"]["coordinates"]
        ]

    def contains(self, lon: float, lat: float) -> bool:
        for ring in self.rings:
            inside = False
            for (x1, y1), (x2, y2) in pairwise(ring):
                if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
            if inside:
                return True
        return False


class _Builder:
    def __init__(self, world: DemoWorld, key: str, admin: str, rng: random.Random) -> None:
        self.institution = world.institutions[key]
        self.actor = Membership.objects.get(user=world.users[admin], institution=self.institution)
        self.rng = rng
        self.events: list[PendingEvent] = []
        self.outline = _Outline()
        self.kinds = {k.code: k for k in PlaceKind.objects.filter(institution__isnull=True)}

    def authorities(self, keys: tuple[str, ...]) -> dict[str, Authority]:
        rows = Authority.objects.bulk_create(
            [
                Authority(
                    institution=self.institution, name=AUTHORITIES[k][0], kind=AUTHORITIES[k][1]
                )
                for k in keys
            ]
        )
        self.events += [PendingEvent("authority.created", a, {"demo": True}) for a in rows]
        return dict(zip(keys, rows, strict=True))

    def areas(self, depth: int) -> dict[str, AdministrativeArea]:
        """Regions, then provinces, then districts (as deep as asked); found by name."""
        found: dict[str, AdministrativeArea] = {}

        def level(rows: list[AdministrativeArea]) -> None:
            AdministrativeArea.objects.bulk_create(rows)
            self.events.extend(PendingEvent("area.created", a, {"demo": True}) for a in rows)
            found.update({a.name: a for a in rows})

        region, province, district = (
            AdministrativeArea.Level.REGION,
            AdministrativeArea.Level.PROVINCE,
            AdministrativeArea.Level.DISTRICT,
        )
        level(
            [AdministrativeArea(institution=self.institution, name=r, level=region) for r in AREAS]
        )
        if depth >= province:
            level(
                [
                    AdministrativeArea(
                        institution=self.institution, name=p, level=province, parent=found[r]
                    )
                    for r, provinces in AREAS.items()
                    for p in provinces
                ]
            )
        if depth >= district:
            level(
                [
                    AdministrativeArea(
                        institution=self.institution, name=d, level=district, parent=found[p]
                    )
                    for provinces in AREAS.values()
                    for p, districts in provinces.items()
                    for d in districts
                ]
            )
        return found

    def _point(self, district: str) -> tuple[Decimal, Decimal]:
        lon0, lat0 = next(
            towns[district]
            for provinces in AREAS.values()
            for towns in provinces.values()
            if district in towns
        )
        lon, lat = lon0, lat0
        for _attempt in range(20):
            lon = lon0 + self.rng.uniform(-0.09, 0.09)
            lat = lat0 + self.rng.uniform(-0.09, 0.09)
            if self.outline.contains(lon, lat):
                break
        else:
            lon, lat = lon0, lat0
        return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")

    def _region_of(self, district: str) -> str:
        return next(
            r for r, provinces in AREAS.items() for towns in provinces.values() if district in towns
        )

    def places(
        self,
        specs: list[PlaceSpec],
        authorities: dict[str, Authority],
        areas: dict[str, AdministrativeArea],
        *,
        prefix: str,
        end: date,
    ) -> list[tuple[Place, PlaceSpec]]:
        rows = []
        for number, spec in enumerate(specs, start=1):
            area = areas.get(spec.district) or areas[self._region_of(spec.district)]
            latitude, longitude = self._point(spec.district) if spec.located else (None, None)
            closed_on = None
            if spec.status == Status.CLOSED:
                closed_on = _add_months(end, -spec.months) + timedelta(days=self.rng.randint(3, 25))
            street = STREETS[self.rng.randrange(len(STREETS))]
            rows.append(
                Place(
                    institution=self.institution,
                    external_ref=f"{prefix}-{number:05d}",
                    name=spec.name,
                    kind=self.kinds[spec.kind],
                    authority=authorities[spec.authority],
                    area=area,
                    address=f"{street}, {spec.district}" if spec.located else "",
                    latitude=latitude,
                    longitude=longitude,
                    capacity=spec.capacity,
                    held=spec.held,
                    regime=spec.regime,
                    status=spec.status,
                    closed_on=closed_on,
                    notes=spec.notes,
                )
            )
        Place.objects.bulk_create(rows)
        self.events += [PendingEvent("place.created", p, {"demo": True}) for p in rows]
        return list(zip(rows, specs, strict=True))

    def _mix(self, spec: PlaceSpec) -> dict[str, float | None]:
        """Each place's own make-up (share of women, of foreign nationals …): it moves
        little from one count to the next, as in real registers."""
        rng = self.rng
        care = spec.kind in (
            "psychiatric_hospital",
            "social_care_institution",
            "care_home_older_persons",
        )
        small_stay = spec.kind in ("police_station", "court_cell", "transit_zone")
        women = {Held.WOMEN: 1.0, Held.MEN: 0.0, Held.JUVENILES: rng.uniform(0.15, 0.35)}.get(
            Held(spec.held), rng.uniform(0.35, 0.55) if care else rng.uniform(0.04, 0.14)
        )
        juveniles = (
            1.0 if spec.held == Held.JUVENILES else rng.uniform(0.0, 0.06) if small_stay else 0.0
        )
        foreign = (
            rng.uniform(0.9, 1.0)
            if spec.kind in ("immigration_detention", "transit_zone")
            else rng.uniform(0.0, 0.04)
        )
        pre_trial = {Regime.REMAND: 1.0, Regime.SENTENCED: 0.0, Regime.BOTH: rng.uniform(0.3, 0.7)}
        if care:
            disabilities: float | None = rng.uniform(0.6, 1.0)
        elif small_stay or spec.kind == "sobering_up_centre":
            disabilities = None
        else:
            disabilities = rng.uniform(0.01, 0.06)
        return {
            "women": women,
            "juveniles": juveniles,
            "foreign_nationals": foreign,
            "pre_trial": pre_trial.get(Regime(spec.regime)),
            "disabilities": disabilities,
        }

    def _breakdown(self, mix: dict[str, float | None], total: int) -> dict[str, int | None]:
        def part(share: float | None) -> int | None:
            if share is None:
                return None
            if share in (0.0, 1.0):
                return round(total * share)
            return min(total, round(total * share * self.rng.uniform(0.85, 1.15)))

        return {field: part(share) for field, share in mix.items()}

    def history(
        self, places: list[tuple[Place, PlaceSpec]], *, end: date, quarters: int
    ) -> list[PopulationSnapshot]:
        """Quarterly official counts that drift towards each place's profile, and a few
        counts made by visit teams (which tend to find more people than the official figure)."""
        rng, rows = self.rng, []
        for place, spec in places:
            # Places without a capacity still have counts; size them like their kind.
            nominal = spec.capacity or rng.choice([12, 20, 30])
            mix = self._mix(spec)
            low, high = PROFILES[spec.profile]
            final = rng.uniform(low, high)
            start = final * rng.uniform(0.7, 1.05)
            dates = [_add_months(end, -3 * k) for k in range(quarters, -1, -1)]
            if spec.status == Status.CLOSED and place.closed_on:
                dates = [d for d in dates if d < place.closed_on]
            if spec.status == Status.TEMPORARY:
                dates = [d for d in dates if d >= _add_months(end, -spec.months)]
            last = len(dates) - 1
            for index, counted_on in enumerate(dates):
                progress = index / last if last else 1.0
                ratio = start + (final - start) * progress
                if index != last:
                    ratio *= rng.uniform(0.94, 1.06)
                    if rng.random() < 0.06:
                        continue  # the authority sent no figure that quarter
                total = max(0, round(nominal * ratio))
                rows.append(
                    PopulationSnapshot(
                        institution=self.institution,
                        place=place,
                        counted_on=counted_on,
                        total=total,
                        source=PopulationSnapshot.Source.OFFICIAL,
                        recorded_by=self.actor.user,
                        **self._breakdown(mix, total),
                    )
                )
                if 0 < index < last - 1 and rng.random() < 0.07:
                    rows.append(
                        PopulationSnapshot(
                            institution=self.institution,
                            place=place,
                            counted_on=counted_on + timedelta(days=rng.randint(15, 70)),
                            total=round(total * rng.uniform(1.0, 1.3)),
                            source=PopulationSnapshot.Source.OBSERVED,
                            note="Head count by the visit team.",
                            recorded_by=self.actor.user,
                        )
                    )
        PopulationSnapshot.objects.bulk_create(rows, batch_size=500)
        self.events += [
            PendingEvent("population.recorded", s, {"place": s.place_id, "demo": True})
            for s in rows
        ]
        refresh_latest_populations(self.actor, {place.pk for place, _spec in places})
        return rows

    def finish(self) -> None:
        audit_record_many(events=self.events, actor=self.actor.user, institution=self.institution)
        self.events = []


def load_places(world: DemoWorld) -> None:
    """Places, authorities, areas and three years of population counts (demo step)."""
    rng = random.Random(2026)  # noqa: S311  (fictional data, not security)
    end = timezone.localdate().replace(day=1)

    hrc = _Builder(world, "hrc", "admin@hrc.example", rng)
    authorities = hrc.authorities(tuple(AUTHORITIES))
    areas = hrc.areas(AdministrativeArea.Level.DISTRICT)
    places = hrc.places(HRC_PLACES, authorities, areas, prefix="P", end=end)
    hrc.history(places, end=end, quarters=12)
    hrc.finish()

    # The inspectorate keeps its own, smaller register: regions only, two years of counts.
    ocs = _Builder(world, "ocs", "admin@ocs.example", rng)
    authorities = ocs.authorities(OCS_AUTHORITIES)
    areas = ocs.areas(AdministrativeArea.Level.REGION)
    places = ocs.places(OCS_PLACES, authorities, areas, prefix="OCS", end=end)
    ocs.history(places, end=end, quarters=8)
    ocs.finish()
