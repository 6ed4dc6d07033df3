"""The visits demo in outline: which places are visited when, how far each visit got, and
who went, before anything is written (`vigil.visits.demo.builder` writes it).

Deterministic: one seeded random generator and dates counted from a fixed anchor, the first
day of the current month.
"""

# ruff: noqa: E501

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Min
from django.utils import timezone

from vigil.core.audit import PendingEvent
from vigil.core.demo.builder import DemoWorld
from vigil.core.models import User
from vigil.places.models import Place, PopulationSnapshot
from vigil.visits.demo.content import (
    ADMIN,
    CANCEL_NOTES,
    CLOSING_NOTE,
    COMMISSIONER,
    DOCTOR,
    EXPERTS,
    GROUP_OF,
    INTERPRETER,
    INTERPRETERS,
    KIND_WEIGHT,
    LEADER,
    MONITOR,
    OTHER_REASONS,
    YEAR_THEMES,
    S,
)
from vigil.visits.models import (
    ChecklistTemplate,
    ChecklistVersion,
    StandardReference,
    TeamRole,
    Theme,
    Visit,
    VisitType,
)
from vigil.visits.xlsform import FormDefinition


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    return date(day.year + month0 // 12, month0 % 12 + 1, 1)


def _occupancy(place: Place) -> int | None:
    if place.capacity and place.population:
        return round(100 * place.population / place.capacity)
    return None


@dataclass
class Outline:
    """One visit in outline before it is written: where, when, and how far it got (not the
    visit plan, which `visit_plans` writes)."""

    place: Place
    group: str
    day: date  # first day (planned day for visits not yet made)
    days: int
    visit_type: str
    reactive: bool = False
    cancelled: bool = False
    status: str = S.PLANNED
    changes: list[tuple[str, str, datetime, str]] = field(default_factory=list)
    ends_on: date | None = None
    report_sent_on: date | None = None
    urgent: str = ""  # "open-monitor", "open-other" or "acted"
    previous: date | None = None  # the last visit before this one
    seats: list[tuple[str | None, str, str]] = field(default_factory=list)  # email, name, role
    badness: float = 0.5  # how bad conditions were found, 0 to 1
    visit: Visit | None = None


class Planner:
    """Plans the demo visits of one institution; `VisitsBuilder` writes them."""

    def __init__(self, world: DemoWorld, key: str, rng: random.Random, anchor: date) -> None:
        self.world = world
        self.institution = world.institutions[key]
        self.rng = rng
        self.anchor = anchor
        self.now = timezone.now()
        self.admin = world.users[ADMIN]
        self.zone = ZoneInfo(self.institution.time_zone)
        self.counts: dict[int, list[tuple[date, int]]] = defaultdict(list)
        self.events: list[PendingEvent] = []
        self.themes = {t.code: t for t in Theme.objects.shared()}
        self.standards = {
            f"{s.instrument}|{s.reference}": s for s in StandardReference.objects.all()
        }
        self.versions: dict[str, tuple[ChecklistVersion, FormDefinition]] = {}
        for version in ChecklistVersion.objects.filter(
            template__in=ChecklistTemplate.objects.shared()
        ).select_related("template"):
            current = self.versions.get(version.template.form_id)
            if current is None or (version.imported_at, version.pk) > (
                current[0].imported_at,
                current[0].pk,
            ):
                self.versions[version.template.form_id] = (
                    version,
                    FormDefinition.from_dict(version.definition),
                )

    def user(self, email: str) -> User:
        return self.world.users[email]

    def stamp(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A time on `day` in the institution's time zone, never later than now."""
        moment = datetime.combine(day, time(hour, minute), tzinfo=self.zone)
        return min(moment, self.now - timedelta(minutes=5))

    def leader(self, outline: Outline) -> User:
        return self.user(outline.seats[0][0] or LEADER)

    def members(self, outline: Outline) -> list[User]:
        return [self.user(email) for email, _name, _role in outline.seats if email]

    # --- which places, when ---------------------------------------------------------

    def places(self) -> list[tuple[Place, str, float, date | None]]:
        rows = list(
            Place.objects.for_institution(self.institution.pk).select_related("kind", "authority")
        )
        first_count = dict(
            PopulationSnapshot.objects.for_institution(self.institution.pk)
            .values_list("place")
            .annotate(first=Min("counted_on"))
            .values_list("place", "first")
        )
        result = []
        for place in rows:
            group = GROUP_OF.get(place.kind.code, "care")
            weight = KIND_WEIGHT[group]
            if place.capacity and place.population:
                occupancy = place.population / place.capacity
                weight *= 2.2 if occupancy > 1.5 else 1.5 if occupancy > 1.0 else 1.0
            opened = first_count.get(place.pk) if place.status == Place.Status.TEMPORARY else None
            result.append((place, group, weight, opened))
        return result

    def schedule(self, months_back: int, per_month: tuple[int, ...]) -> list[Outline]:
        rng, anchor = self.rng, self.anchor
        candidates = self.places()
        last_visit: dict[int, date] = {}
        outlines: list[Outline] = []

        def pick(day: date, *, gap: int) -> tuple[Place, str] | None:
            pool = [
                (place, group, weight)
                for place, group, weight, opened in candidates
                if (place.closed_on is None or day < place.closed_on - timedelta(days=10))
                and (opened is None or day >= opened)
                and (place.pk not in last_visit or (day - last_visit[place.pk]).days > gap)
            ]
            if not pool:
                return None
            place, group, _weight = rng.choices(pool, weights=[w for _p, _g, w in pool])[0]
            return place, group

        for offset in range(-months_back, 3):
            first = _add_months(anchor, offset)
            count = rng.choice(per_month) if offset < 0 else {0: 0, 1: 3, 2: 2}[offset]
            for _n in range(count):
                day = first + timedelta(days=rng.randint(0, 24))
                chosen = pick(day, gap=100)
                if chosen is None:
                    continue
                place, group = chosen
                reactive = offset < 0 and rng.random() < 0.12
                if reactive:
                    visit_type = VisitType.AD_HOC
                elif place.pk in last_visit and rng.random() < 0.3:
                    visit_type = VisitType.FOLLOW_UP
                elif rng.random() < 0.1:
                    visit_type = VisitType.THEMATIC
                else:
                    visit_type = VisitType.FULL
                days = (
                    1
                    if group == "police"
                    else rng.choice([1, 2, 2, 3] if group == "prison" else [1, 1, 2])
                )
                outline = Outline(place, group, day, days, visit_type, reactive=reactive)
                outline.previous = last_visit.get(place.pk)
                outlines.append(outline)
                last_visit[place.pk] = day
        # The team is on site now at two places.
        for back in (3, 1):
            chosen = pick(anchor - timedelta(days=back), gap=60)
            if chosen:
                place, group = chosen
                outline = Outline(place, group, anchor - timedelta(days=back), 2, VisitType.FULL)
                outline.previous = last_visit.get(place.pk)
                outlines.append(outline)
                last_visit[place.pk] = anchor
        # A few planned visits were cancelled.
        past = [p for p in outlines if p.day < anchor - timedelta(days=30) and not p.reactive]
        for outline in rng.sample(past, min(3, len(past))):
            outline.cancelled = True
        outlines.sort(key=lambda p: p.day)
        return outlines

    # --- how far each visit got -----------------------------------------------------

    def progress(self, outlines: list[Outline]) -> None:
        rng, anchor = self.rng, self.anchor
        for outline in outlines:
            day = outline.day
            prepared = day - timedelta(days=rng.randint(7, 20))
            if outline.cancelled:
                outline.changes = [
                    (S.PLANNED, S.PREPARING, self.stamp(prepared, 10), ""),
                    (S.PREPARING, S.CANCELLED, self.stamp(day - timedelta(days=2), 16), rng.choice(CANCEL_NOTES)),
                ]  # fmt: skip
                outline.status = S.CANCELLED
                continue
            if day >= anchor:  # not made yet
                if day < _add_months(anchor, 2):  # next month: the team is preparing
                    outline.changes = [
                        (
                            S.PLANNED,
                            S.PREPARING,
                            self.stamp(min(prepared, anchor - timedelta(days=1)), 10),
                            "",
                        )
                    ]
                    outline.status = S.PREPARING
                continue
            if outline.reactive:
                prepared = day - timedelta(days=1)
            ends = day + timedelta(days=outline.days - 1)
            sent = ends + timedelta(days=rng.randint(25, 60))
            closed = sent + timedelta(days=rng.randint(45, 120))
            steps: list[tuple[str, str, date, int, str]] = [
                (S.PLANNED, S.PREPARING, prepared, 10, ""),
                (S.PREPARING, S.ON_SITE, day, 8, ""),
                (S.ON_SITE, S.REPORTING, ends, 17, ""),
                (S.REPORTING, S.REPORT_SENT, sent, 11, ""),
                (S.REPORT_SENT, S.CLOSED, closed, 15, CLOSING_NOTE),
            ]  # fmt: skip
            if day >= anchor - timedelta(days=5):
                steps = steps[:2]  # still on site
            for before, after, when, hour, note in steps:
                if when >= anchor:
                    break
                outline.changes.append((before, after, self.stamp(when, hour), note))
                outline.status = after
            if outline.status != S.ON_SITE:
                outline.ends_on = ends
            if outline.status in (S.REPORT_SENT, S.CLOSED):
                outline.report_sent_on = sent

    def choose_urgent(self, outlines: list[Outline]) -> None:
        recent = [p for p in reversed(outlines) if p.status in (S.ON_SITE, S.REPORTING)]
        for outline in recent[:3]:
            outline.urgent = "open-monitor"
        other = [
            p
            for p in reversed(outlines)
            if p.status in (S.REPORTING, S.REPORT_SENT) and not p.urgent
        ]
        if other:
            other[0].urgent = "open-other"
        older = [p for p in outlines if p.status == S.CLOSED]
        for outline in self.rng.sample(older, min(6, len(older))):
            outline.urgent = "acted"

    def reason(
        self, place: Place, group: str, visit_type: str, previous: date | None, day: date
    ) -> str:
        occupancy = _occupancy(place)
        if visit_type == VisitType.FOLLOW_UP:
            return "Follow-up of the recommendations of the last visit."
        if visit_type == VisitType.THEMATIC:
            theme = self.themes[YEAR_THEMES[day.year % len(YEAR_THEMES)]].name.lower()
            return f"Thematic focus of the year: {theme}."
        if occupancy and occupancy > 110:
            return f"Occupancy of {occupancy}% at the last official count."
        if previous is not None and (day - previous).days > 365:
            return "Not visited for more than a year."
        if previous is None and self.rng.random() < 0.3:
            return "Not visited for more than a year."
        if group == "police" and self.rng.random() < 0.5:
            return "High-risk place: first hours of police custody."
        return self.rng.choice(OTHER_REASONS)

    @staticmethod
    def fits(outline: Outline, theme: str) -> bool:
        """Findings about women only where women are held."""
        return theme != "women" or outline.place.held in (Place.Held.WOMEN, Place.Held.MIXED)

    def assign_teams(self, outlines: list[Outline]) -> None:
        for outline in outlines:
            outline.seats = self.team(outline)

    def team(self, outline: Outline) -> list[tuple[str | None, str, str]]:
        """(email or None, external name, role); the leader first."""
        rng = self.rng
        if outline.urgent == "open-monitor":
            leader = LEADER
        elif outline.urgent == "open-other":
            leader = COMMISSIONER
        else:
            leader = rng.choices([LEADER, COMMISSIONER, ADMIN], weights=[6, 3, 1])[0]
        seats: list[tuple[str | None, str, str]] = [(leader, "", TeamRole.LEADER)]
        if outline.status == S.PLANNED:
            return seats
        if leader != LEADER and outline.urgent != "open-other" and rng.random() < 0.6:
            seats.append((LEADER, "", TeamRole.MONITOR))
        if rng.random() < 0.6 or len(seats) == 1:
            seats.append((MONITOR, "", TeamRole.MONITOR))
        if rng.random() < (0.4 if outline.group == "youth" else 0.65):
            seats.append((DOCTOR, "", TeamRole.DOCTOR))
        if outline.group == "migration":
            seats.append((None, rng.choice(INTERPRETERS), TeamRole.INTERPRETER))
        elif rng.random() < 0.2:
            seats.append((INTERPRETER, "", TeamRole.INTERPRETER))
        if rng.random() < {"care": 0.5, "youth": 0.3}.get(outline.group, 0.12):
            name, role = rng.choice(EXPERTS[outline.group])
            seats.append((None, name, role))
        return seats
