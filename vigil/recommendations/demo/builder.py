"""Loads the demo's recommendations (`content`) for `vigil demo`: from the demo visits'
findings, from the UN mechanisms, and on law and policy reform.

A demo step that runs after the visits step. It is deterministic: one seeded random
generator, and dates counted from the first day of the current month, like the visits. Each
recommendation gets a dated history of the authority's responses and of its implementation,
some verified at later visits of the same place, and its current response and status are
computed from those histories by the same rule as the services (`current_state`). Rows are
written with bulk_create and their audit events with one `audit_record_many` call.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from vigil.core.demo.builder import DemoWorld
from vigil.core.models import User
from vigil.places.models import Authority, Place
from vigil.recommendations.demo.content import (
    ADMIN,
    AUTHORITY_NOTE,
    COMMISSIONER,
    DA,
    LAW,
    MEASURE_FIELDS,
    ON_FINDING,
    ON_THEME,
    RECORDERS,
    RESPONSE_TEXT,
    SCENARIOS,
    ST,
    UN,
    VERIFIED_EVIDENCE,
    VERIFIED_NOTE,
    WEIGHTS,
)
from vigil.recommendations.demo.drafts import Draft, drafts_write
from vigil.recommendations.models import (
    PRIORITY_FOR_SEVERITY,
    AuthorityResponse,
    Measure,
    Priority,
    Recommendation,
    Response,
    Source,
    StatusUpdate,
)
from vigil.recommendations.services.recommendations import current_state
from vigil.visits.models import Finding, Severity, TeamMember, TeamRole, Theme, Visit

ON_SITE_OR_LATER = (
    Visit.Status.ON_SITE,
    Visit.Status.REPORTING,
    Visit.Status.REPORT_SENT,
    Visit.Status.CLOSED,
)


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    return date(day.year + month0 // 12, month0 % 12 + 1, 1)


class _Builder:
    def __init__(self, world: DemoWorld, key: str, rng: random.Random, anchor: date) -> None:
        self.world = world
        self.institution = world.institutions[key]
        self.rng = rng
        self.anchor = anchor
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.zone = ZoneInfo(self.institution.time_zone)
        self.drafts: list[Draft] = []
        ours = self.institution.pk
        self.themes = {t.code: t.pk for t in Theme.objects.shared()}
        authorities = Authority.objects.for_institution(ours).order_by("-pk")
        self.authorities = {a.kind: a for a in authorities}
        self.places_by_kind: dict[str, list[Place]] = defaultdict(list)
        places = Place.objects.for_institution(ours).select_related("kind").order_by("external_ref")
        for place in places:
            self.places_by_kind[place.kind.code].append(place)
        self.place_of = {p.pk: p for places in self.places_by_kind.values() for p in places}
        self.visits_at: dict[int, list[Visit]] = defaultdict(list)
        visits = Visit.objects.for_institution(ours).filter(
            status__in=ON_SITE_OR_LATER, starts_on__isnull=False
        )
        for visit in visits.order_by("starts_on", "pk"):
            self.visits_at[visit.place_id].append(visit)
        leaders = TeamMember.objects.for_institution(ours).filter(role=TeamRole.LEADER)
        self.leader_of = dict(leaders.values_list("visit_id", "user_id"))
        self.sequence = 0
        self.scenario_cycle = [name for name in SCENARIOS if name in WEIGHTS]
        rng.shuffle(self.scenario_cycle)

    def user(self, email: str) -> User:
        return self.world.users[email]

    def stamp(self, day: date) -> datetime:
        """A time on `day`, in order of writing, never later than now."""
        self.sequence += 1
        moment = datetime.combine(day, time(9), tzinfo=self.zone) + timedelta(seconds=self.sequence)
        return min(moment, self.now - timedelta(minutes=5))

    def new(self, **values: Any) -> Draft:
        rec = Recommendation(institution=self.institution, reference="", **values)
        draft = Draft(rec)
        self.drafts.append(draft)
        return draft

    def scenario(self) -> str:
        # Every story is told at least once, then they come by weight.
        if self.scenario_cycle:  # (not "immediate", kept for urgent findings)
            return self.scenario_cycle.pop()
        return self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]

    # --- from the findings of the demo visits -------------------------------------------

    def from_findings(self) -> None:
        rng = self.rng
        ours = Finding.objects.for_institution(self.institution.pk)
        findings = list(
            ours.filter(visit__status__in=ON_SITE_OR_LATER)
            .exclude(severity=Severity.OBSERVATION)
            .select_related("visit__place", "theme")
            .order_by("visit__starts_on", "visit_id", "pk")
        )
        standards: dict[int, list[int]] = defaultdict(list)
        for finding_id, standard_id in Finding.standards.through.objects.filter(
            finding__in=ours.values("pk")
        ).values_list("finding_id", "standardreference_id"):
            standards[finding_id].append(standard_id)
        reports: dict[int, int] = defaultdict(int)
        numbered: dict[int, str] = {}
        paragraphs: dict[int, int] = defaultdict(int)
        for finding in findings:
            visit, severity = finding.visit, finding.severity
            chance = {Severity.URGENT: 1.0, Severity.SERIOUS: 0.85, Severity.CONCERN: 0.3}[
                Severity(severity)
            ]
            if rng.random() >= chance:
                continue
            last_day = visit.ends_on or visit.starts_on
            assert last_day is not None
            if visit.report_sent_on:
                issued_on = visit.report_sent_on
            elif severity == Severity.URGENT:  # said at the final talk, confirmed by letter
                issued_on = last_day + timedelta(days=1)
            else:
                continue  # the report with the other recommendations is still being written
            if issued_on > self.today:
                continue
            if visit.pk not in numbered:
                year = issued_on.year
                reports[year] += 1
                numbered[visit.pk] = f"HRC/NPM/VR/{year}/{reports[year]:03d}"
            paragraphs[visit.pk] += 1
            text, addressee = ON_FINDING.get(
                finding.title, (ON_THEME.get(finding.theme.code, ""), "")
            )
            if not text:
                text = f"Remedy without delay: {finding.title[0].lower()}{finding.title[1:]}."
            priority = PRIORITY_FOR_SEVERITY.get(severity, Priority.MEDIUM)
            due_days = {
                Priority.URGENT: rng.randint(7, 21),
                Priority.HIGH: rng.choice([180, 270, 365]),
                Priority.MEDIUM: rng.choice([365, 540]),
            }.get(priority)
            place = visit.place
            draft = self.new(
                text=text,
                source=Source.VISIT_REPORT,
                source_document=numbered[visit.pk]
                if visit.report_sent_on
                else "Letter after the visit",
                paragraph=str(paragraphs[visit.pk]) if visit.report_sent_on else "",
                visit=visit,
                issued_on=issued_on,
                addressee=addressee or DA,
                authority=place.authority if not addressee else None,
                priority=priority,
                due_on=issued_on + timedelta(days=due_days)
                if due_days and rng.random() < 0.92
                else None,
                created_by_id=self.leader_of.get(visit.pk, visit.created_by_id),
                created_at=self.stamp(issued_on),
            )
            draft.places = [place.pk]
            draft.themes = [finding.theme_id]
            draft.standards = standards[finding.pk]
            draft.findings = [finding.pk]
            # Urgent findings acted on at once were remedied within days; others take their course.
            acted = severity == Severity.URGENT and finding.acted_on_at is not None
            draft.scenario = "immediate" if acted else self.scenario()

    # --- UN mechanisms, law and policy reform -------------------------------------------

    def _first_places(self, kinds: tuple[str, ...]) -> list[Place]:
        return [self.places_by_kind[k][0] for k in kinds if self.places_by_kind.get(k)]

    def from_un(self) -> None:
        for spec in UN:
            issued_on = _add_months(self.anchor, -spec.months_back) + timedelta(days=11)
            places = self._first_places(spec.place_kinds)
            authority = self.authorities.get(spec.authority) if spec.authority else None
            if spec.addressee == DA and authority is None and places:
                authority = places[0].authority
            draft = self.new(
                text=spec.text,
                source=Source.UN_MECHANISM,
                mechanism=spec.mechanism,
                source_document=spec.document,
                paragraph=spec.paragraph,
                issued_on=issued_on,
                addressee=spec.addressee,
                authority=authority,
                law_or_policy=spec.law,
                priority=Priority.HIGH
                if spec.due_days and spec.due_days <= 365
                else Priority.MEDIUM,
                due_on=issued_on + timedelta(days=spec.due_days) if spec.due_days else None,
                created_by=self.user(COMMISSIONER),
                created_at=self.stamp(issued_on),
            )
            draft.places = [p.pk for p in places]
            draft.themes = [self.themes[t] for t in spec.themes if t in self.themes]
            draft.scenario = spec.scenario

    def law_reform(self) -> None:
        for spec in LAW:
            issued_on = _add_months(self.anchor, -spec.months_back) + timedelta(days=4)
            draft = self.new(
                text=spec.text,
                source=spec.source,
                source_document=spec.document,
                issued_on=issued_on,
                addressee=spec.addressee,
                authority=self.authorities.get(spec.authority) if spec.authority else None,
                law_or_policy=spec.law,
                priority=Priority.HIGH,
                due_on=issued_on + timedelta(days=540),
                created_by=self.user(COMMISSIONER),
                created_at=self.stamp(issued_on),
            )
            draft.themes = [self.themes[t] for t in spec.themes if t in self.themes]
            draft.scenario = spec.scenario
            draft.measures += [
                Measure(
                    institution=self.institution,
                    due_on=draft.rec.due_on,
                    **dict(zip(MEASURE_FIELDS, measure, strict=True)),
                )
                for measure in spec.measures
            ]

    # --- histories ----------------------------------------------------------------------

    def histories(self) -> None:
        rng = self.rng
        for draft in self.drafts:
            rec = draft.rec
            entries, responses = SCENARIOS[draft.scenario]
            answer = rng.choice(responses)
            old = (self.today - rec.issued_on).days > 540
            if old and draft.scenario in ("in_progress", "partial") and rng.random() < 0.5:
                entries = [*entries, (ST.IMPLEMENTED, 400, 700)]  # the older, the more done
            quick = draft.scenario == "immediate"
            answered_on = rec.issued_on + timedelta(
                days=rng.randint(5, 14) if quick else rng.randint(20, 75)
            )
            un = rec.source == Source.UN_MECHANISM
            recorder = self.user(COMMISSIONER if un else rng.choice(RECORDERS))
            if answer and answered_on <= self.today:
                draft.responses.append(
                    AuthorityResponse(
                        institution=self.institution,
                        response=answer,
                        received_on=answered_on,
                        text=rng.choice(RESPONSE_TEXT[answer])
                        if not un
                        else "State party's follow-up information to the committee.",
                        document=f"Letter of {answered_on:%d %B %Y}"
                        if answer != Response.NO_RESPONSE
                        else "",
                        via_matrix=not un and rng.random() < 0.25,
                        recorded_by=recorder,
                        created_at=self.stamp(answered_on),
                    )
                )
            # What happened, as the authority reports it.
            steps: list[tuple[date, str, str, str]] = []  # day, status, note, evidence
            day = rec.issued_on - timedelta(days=6)  # each entry at least a week after the last
            for status, low, high in entries:
                day = max(
                    day + timedelta(days=7), answered_on + timedelta(days=rng.randint(low, high))
                )
                note = rng.choice(AUTHORITY_NOTE[status])
                steps.append((day, status, note, f"Authority's letter of {day:%d %B %Y}"))
            place = self.place_of.get(draft.places[0]) if draft.places else None
            if place is not None and place.closed_on and place.closed_on > rec.issued_on:
                steps = [s for s in steps if s[0] < place.closed_on]
                steps.append(
                    (
                        place.closed_on + timedelta(days=rng.randint(3, 20)),
                        ST.NO_LONGER_RELEVANT,
                        "The place has closed.",
                        "Closure notice of the authority",
                    )
                )
            steps = [s for s in steps if s[0] <= self.today]
            for day, status, note, evidence in steps:
                draft.updates.append(self._update(day, status, note, evidence, recorder))
            self._verify(draft, steps)
            draft.updates.sort(key=lambda u: (u.on, u.created_at))
            draft.responses.sort(key=lambda r: (r.received_on, r.created_at))
            state = current_state(
                responses=[r.response for r in draft.responses],
                statuses=[(u.status, u.on) for u in draft.updates],
                issued_on=rec.issued_on,
            )
            for name, value in state.items():
                setattr(rec, name, value)

    def _update(
        self, day: date, status: str, note: str, evidence: str, recorder: User, **extra: Any
    ) -> StatusUpdate:
        return StatusUpdate(
            institution=self.institution,
            status=status,
            on=day,
            note=note,
            evidence=evidence,
            recorded_by=recorder,
            created_at=self.stamp(day),
            **extra,
        )

    def _verify(self, draft: Draft, steps: list[tuple[date, str, str, str]]) -> None:
        """At the next visit to the place, the team checks what was done."""
        rec, rng = draft.rec, self.rng
        later = [
            v
            for place_id in draft.places
            for v in self.visits_at.get(place_id, [])
            if v.starts_on and rec.issued_on + timedelta(days=45) <= v.starts_on <= self.today
        ]
        if not later or rng.random() > 0.8:
            return
        visit = min(later, key=lambda v: (v.starts_on, v.pk))
        assert visit.starts_on is not None
        claimed = [status for day, status, _n, _e in steps if day <= visit.starts_on]
        found = claimed[-1] if claimed else ST.NOT_STARTED
        if found == ST.NO_LONGER_RELEVANT:
            return
        if found == ST.IMPLEMENTED and rng.random() < 0.2:
            found = ST.PARTIALLY_IMPLEMENTED  # not what the authority said
        leader = self.leader_of.get(visit.pk, visit.created_by_id)
        draft.updates.append(
            self._update(
                visit.starts_on,
                found,
                VERIFIED_NOTE[found],
                rng.choice(VERIFIED_EVIDENCE),
                self.user(rng.choice(RECORDERS[:2])),
                verified_by_id=leader,
                verified_at_visit=visit,
            )
        )


def load_recommendations(world: DemoWorld) -> None:
    """Recommendations with responses and implementation histories for the demo Commission
    (demo step; runs after the visits step)."""
    if "hrc" not in world.institutions:
        return
    rng = random.Random(2028)  # noqa: S311  (fictional data, not security)
    builder = _Builder(world, "hrc", rng, timezone.localdate().replace(day=1))
    builder.from_findings()
    builder.from_un()
    builder.law_reform()
    builder.histories()
    drafts_write(builder.drafts, institution=builder.institution, actor=world.users[ADMIN])
