"""Loads the demo's register of places (`content`) for `vigil demo`.

Everything is deterministic (one seeded random generator, no Faker). The only thing that
moves is the end of the population history: the first day of the current month, so that
the latest counts always look recent. Rows are written with bulk_create and their audit
events with one `audit_record_many` call per institution, which keeps `vigil demo` fast.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from django.utils import timezone

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.demo.builder import DemoWorld
from vigil.core.models import Membership
from vigil.places.demo.content import (
    AREAS,
    AUTHORITIES,
    HRC_PLACES,
    OCS_AUTHORITIES,
    OCS_PLACES,
    PROFILES,
    STREETS,
    PlaceSpec,
)
from vigil.places.models import AdministrativeArea, Authority, Place, PlaceKind, PopulationSnapshot
from vigil.places.services.population import refresh_latest_populations

OUTLINE = Path(__file__).parent.parent / "static" / "places" / "outline.geojson"

Held = Place.Held
Regime = Place.Regime
Status = Place.Status


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
    """Writes one institution's register and collects its audit events."""

    def __init__(self, world: DemoWorld, key: str, admin: str, rng: random.Random) -> None:
        self.institution = world.institutions[key]
        self.actor = Membership.objects.for_institution(self.institution.pk).get(
            user=world.users[admin]
        )
        self.rng = rng
        self.events: list[PendingEvent] = []
        self.outline = _Outline()
        self.kinds = {k.code: k for k in PlaceKind.objects.shared()}

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
