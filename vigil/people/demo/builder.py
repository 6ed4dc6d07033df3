"""People and evidence for `vigil demo`: interviews and consent, allegation cases, Istanbul
Protocol examinations, evidence files, reprisals and check-backs.

A demo step that runs after the visits step (`after=["visits"]`). It loads `content` and
goes through the services of `vigil.people.services`, acting as the demo staff, so that
every value is encrypted and every change leaves its audit event exactly as in real use. It
is deterministic: one seeded random generator, visits chosen by their age, and every date
counted back from today. Everyone named is invented; the photographs are drawn shapes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from vigil.core.demo.builder import DemoWorld
from vigil.core.models import Institution, Membership
from vigil.people.demo.content import (
    ADMIN,
    CASES,
    CHECK_BACKS,
    DOCTOR,
    DONE,
    EVIDENCE,
    EXAMINATIONS,
    INSTITUTION,
    INTERVIEWS,
    INVESTIGATOR,
    MONITOR,
    QUALIFICATIONS,
    REPRISALS,
    SEED,
    SLOTS,
    STAGE_DAYS,
    WIDENED,
    WITHDRAWALS,
    CaseSpec,
    InterviewSpec,
    P,
)
from vigil.people.models import (
    REFERRAL_OUTCOMES,
    Case,
    CheckBack,
    Examination,
    IllTreatmentType,
    Interview,
    Person,
)
from vigil.people.services import cases as case_services
from vigil.people.services import evidence as evidence_services
from vigil.people.services import interviews as interview_services
from vigil.people.services import medical as medical_services
from vigil.people.services import reprisals as reprisal_services
from vigil.places.models import Place
from vigil.visits.demo.content import GROUP_OF
from vigil.visits.models import Visit

# --- building -----------------------------------------------------------------------------


class _PeopleBuilder:
    def __init__(self, world: DemoWorld, institution: Institution) -> None:
        self.world = world
        self.institution = institution
        self.rng = random.Random(SEED)  # noqa: S311  (fictional data, not security)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.zone = ZoneInfo(institution.time_zone)
        self.members = {
            m.user.email: m
            for m in Membership.objects.for_institution(institution.pk)
            .filter(is_active=True)
            .select_related("user", "institution")
        }
        self.visits: dict[int, Visit] = {}
        self.interviews: dict[str, Interview] = {}
        self.cases: dict[str, Case] = {}
        self.examinations: dict[str, Examination] = {}
        self.recorders = {spec.key: spec.interviewers[0] for spec in INTERVIEWS}
        self.types = {t.code: t for t in IllTreatmentType.objects.shared()}

    def actor(self, email: str) -> Membership:
        return self.members[email]

    def stamp(self, day: date, hour: int) -> datetime:
        """A time on `day` in the institution's time zone, never later than now."""
        return min(
            datetime.combine(day, time(hour), tzinfo=self.zone), self.now - timedelta(minutes=5)
        )

    def day(self, value: date) -> date:
        """Services refuse future dates: nothing later than yesterday."""
        return min(value, self.today - timedelta(days=1))

    # --- visits and interviews -----------------------------------------------------------

    def choose_visits(self) -> None:
        eligible = list(
            Visit.objects.for_institution(self.institution.pk)
            .filter(status__in=DONE, starts_on__lt=self.today)
            .select_related("place", "place__kind")
            .order_by("starts_on", "pk")
        )
        if not eligible:
            return
        used: set[int] = set()
        # The last slot first: it is simply the most recent visit.
        order = [len(SLOTS) - 1, *range(len(SLOTS) - 1)]
        for index in order:
            slot = SLOTS[index]
            free = [v for v in eligible if v.pk not in used] or eligible
            target = self.today - timedelta(days=slot.age)

            def distance(visit: Visit, target: date = target) -> int:
                return abs((visit.starts_on - target).days) if visit.starts_on else 10**6

            # A visit of the right kind of place matters more than its exact age.
            fitting = [
                v
                for v in free
                if GROUP_OF.get(v.place.kind.code) in slot.groups and distance(v) <= 120
            ]
            if slot.age == 0:
                chosen = free[-1]
            else:
                chosen = min(fitting or free, key=lambda v: (distance(v), v.pk))
            used.add(chosen.pk)
            self.visits[index] = chosen

    def held_on(self, spec: InterviewSpec) -> date:
        visit = self.visits[spec.slot]
        assert visit.starts_on is not None
        last = visit.ends_on or visit.starts_on
        return self.day(min(visit.starts_on + timedelta(days=spec.slot % 2), last))

    def identity(self, name: str, born: int, nationality: str, language: str) -> dict[str, str]:
        rng = self.rng
        year = self.today.year + born if born < 0 else born
        month, day_ = rng.randint(1, 12), rng.randint(1, 28)
        if nationality == "Meridian":
            number = (
                f"MRD-{year % 100:02d}{month:02d}-{rng.randint(100000, 999999)}-{rng.randint(0, 9)}"
            )
        else:
            number = f"{nationality[:2].upper()}{rng.randint(1000000, 9999999)}"  # a passport
        return {
            "full_name": name,
            "identity_number": number,
            "date_of_birth": f"{year:04d}-{month:02d}-{day_:02d}",
            "nationality": nationality,
            "language": language,
        }

    def interview_all(self) -> None:
        for spec in INTERVIEWS:
            visit = self.visits[spec.slot]
            actor = self.actor(spec.interviewers[0])
            values: dict[str, Any] = {
                "kind": Interview.Kind.GROUP if spec.group_size else Interview.Kind.INDIVIDUAL,
                "held_on": self.held_on(spec),
                "setting": spec.setting,
                "vulnerabilities": list(spec.vulnerabilities),
                "notes": spec.notes,
                "summary_for_report": spec.summary,
                "fears_reprisal": spec.fears,
                "interpreter": spec.interpreter,
                "group_size": spec.group_size or None,
            }
            if spec.same_person_as:
                earlier = self.interviews[spec.same_person_as]
                values["person"] = earlier.person
            elif not spec.group_size:
                values["identity"] = self.identity(
                    spec.name, spec.born, spec.nationality, spec.language
                )
                values["gender"] = spec.gender
            interview = interview_services.interview_create(
                actor=actor,
                visit=visit,
                interviewers=[self.actor(email).user for email in spec.interviewers],
                **values,
            )
            self.interviews[spec.key] = interview
            interview_services.consent_record(
                actor=actor,
                interview=interview,
                given_by=spec.given_by,
                given_at=self.stamp(interview.held_on, 9 + len(self.interviews) % 8),
                scopes=list(spec.consent),
            )

    def consent_changes(self) -> None:
        for key, (after, scopes) in WIDENED.items():
            interview = self.interviews[key]
            interview_services.consent_record(
                actor=self.actor(MONITOR),
                interview=interview,
                given_by=P,
                given_at=self.stamp(self.day(interview.held_on + timedelta(days=after)), 11),
                scopes=list(scopes),
            )
        for key, (_after, reason) in WITHDRAWALS.items():
            # A withdrawal takes effect when it is recorded: now, in the demo.
            interview_services.consent_withdraw(
                actor=self.actor(MONITOR), interview=self.interviews[key], reason=reason
            )

    # --- cases ---------------------------------------------------------------------------

    def fit(self, start: date, gaps: list[int]) -> list[int]:
        """Shrink the gaps between moves when a recent visit leaves too few days before today."""
        room = max(0, (self.today - timedelta(days=1) - start).days)
        total = sum(gaps)
        if total <= room:
            return gaps
        return [gap * room // total for gap in gaps]

    def open_cases(self) -> None:
        places: dict[str, Place] = {}
        for registered in (
            Place.objects.for_institution(self.institution.pk)
            .select_related("kind")
            .order_by("name", "pk")
        ):
            places.setdefault(registered.kind.code, registered)
        case_services.stage_deadlines_set(
            actor=self.actor(ADMIN), days_by_stage={str(k): v for k, v in STAGE_DAYS.items()}
        )
        for spec in CASES:
            opener = self.actor(spec.opener)
            interview = self.interviews.get(spec.interview) if spec.interview else None
            if interview is not None:
                received_on = self.day(interview.held_on + timedelta(days=spec.received))
                place: Place | None = interview.visit.place
                victims = [interview.person] if interview.person else []
            else:
                received_on = self.day(self.today - timedelta(days=spec.received))
                place = places.get(spec.place_kind) if spec.place_kind else None
                victims = [
                    interview_services.person_create(
                        actor=opener,
                        gender=gender,
                        **self.identity(name, born, "Meridian", "Tagalog"),
                    )
                    for name, gender, born in spec.victims
                ]
            place_name = place.name if place else ""
            incident = received_on - timedelta(days=spec.incident_before)
            if interview is not None:
                incident = min(incident, interview.held_on)
            case = case_services.case_open(
                actor=opener,
                victims=[v for v in victims if v is not None],
                ill_treatment_types=[self.types[code] for code in spec.types if code in self.types],
                source=spec.source,
                interview=interview,
                received_on=received_on,
                incident_date=incident,
                incident_place=place if not spec.place_text else None,
                incident_place_text=spec.place_text,
                account=spec.account,
                injuries=spec.injuries,
            )
            self.cases[spec.key] = case
            for agency, unit, rank, name in spec.perpetrators:
                case_services.perpetrator_add(
                    actor=opener,
                    case=case,
                    agency=agency,
                    unit=unit.format(place=place_name or "Station"),
                    rank=rank,
                    name=name,
                )
            for email, role in spec.team:
                case_services.case_assign(
                    actor=opener, case=case, user=self.actor(email).user, role=role
                )
            self.walk(spec, case, opener)

    def walk(self, spec: CaseSpec, case: Case, lead: Membership) -> None:
        gaps = self.fit(case.received_on, [gap for _stage, _outcome, gap, _reason in spec.path])
        moved_on = case.received_on
        for (to_stage, outcome, _gap, reason), gap in zip(spec.path, gaps, strict=True):
            moved_on = moved_on + timedelta(days=gap)
            referral = None
            if outcome in REFERRAL_OUTCOMES:
                referral = {
                    "body": spec.referral["body"],
                    "their_reference": spec.referral.get("their_reference", ""),
                    "follow_up_on": moved_on + timedelta(days=spec.referral.get("follow_up", 30)),
                }
            case_services.case_move(
                actor=lead,
                case=case,
                to_stage=to_stage,
                moved_on=moved_on,
                reason=reason,
                outcome=outcome,
                referral=referral,
            )
        for referral_row in case.referrals.all():
            for after, status, notes, next_in in spec.follow_ups:
                # A follow-up is recorded once it has happened; the next one may be overdue.
                if referral_row.sent_on + timedelta(days=after) >= self.today:
                    break
                next_on = referral_row.sent_on + timedelta(days=next_in) if next_in else None
                case_services.referral_follow_up(
                    actor=lead,
                    referral=referral_row,
                    status=status,
                    outcome_notes=notes,
                    follow_up_on=next_on,
                )

    # --- examinations and files ----------------------------------------------------------

    def examine(self) -> None:
        doctor = self.actor(DOCTOR)
        for spec in EXAMINATIONS:
            case = self.cases[spec.case]
            person = case.victims.order_by("pk").first()
            assert person is not None
            examination = medical_services.examination_create(
                actor=doctor,
                case=case,
                person=person,
                examiner_qualifications=QUALIFICATIONS,
                examined_on=self.day(case.received_on + timedelta(days=spec.after)),
                consent_given=True,
                interpreter=spec.interpreter,
                history=spec.history,
                physical_findings=spec.physical,
                psychological_findings=spec.psychological,
                overall_opinion=spec.opinion,
            )
            self.examinations[spec.case] = examination
            for side, x, y, description, consistency in spec.marks:
                medical_services.body_mark_add(
                    actor=doctor,
                    examination=examination,
                    side=side,
                    x=x,
                    y=y,
                    description=description,
                    consistency=consistency,
                )
            for description, consistency in spec.psych_items:
                medical_services.psychological_finding_add(
                    actor=doctor,
                    examination=examination,
                    description=description,
                    consistency=consistency,
                )

    def files(self) -> None:
        holders: dict[str, dict[str, Any]] = {
            "examination": self.examinations,
            "case": self.cases,
            "interview": self.interviews,
        }
        for spec in EVIDENCE:
            kind, key = spec.holder.split(":", 1)
            evidence_services.evidence_add(
                actor=self.actor(spec.actor),
                holder=holders[kind][key],
                data=spec.make(),
                original_name=spec.original_name,
                description=spec.description,
            )

    # --- reprisals and check-backs -------------------------------------------------------

    def reprisals(self) -> None:
        for key, case_key, after, kind, unit, description, action in REPRISALS:
            interview = self.interviews[key]
            assert interview.person is not None
            reprisal_services.reprisal_record(
                actor=self.actor(self.recorders[key]),
                person=interview.person,
                interview=interview,
                case=self.cases.get(case_key) if case_key else None,
                occurred_on=self.day(interview.held_on + timedelta(days=after)),
                type=kind,
                unit_responsible=unit.format(place=interview.visit.place.name),
                description=description,
                action_taken=action,
            )

    def check_backs(self) -> None:
        for key, steps in CHECK_BACKS.items():
            interview = self.interviews[key]
            for late, result, notes, next_in in steps:
                pending = (
                    interview.check_backs.filter(done_on__isnull=True)
                    .order_by("due_on", "pk")
                    .first()
                )
                if pending is None:
                    break
                done_on = pending.due_on + timedelta(days=late)
                if done_on >= self.today:
                    break  # not due yet: it stays on the list
                assignee = self.members.get(pending.assigned_to.email, self.actor(MONITOR))
                reprisal_services.check_back_complete(
                    actor=assignee,
                    check_back=pending,
                    done_on=done_on,
                    result=result,
                    notes=notes,
                    next_due_on=done_on + timedelta(days=next_in) if next_in else None,
                )
        # A complainant followed by telephone while the case is assessed.
        case = self.cases["lawyer-letter"]
        reprisal_services.check_back_schedule(
            actor=self.actor(INVESTIGATOR),
            assigned_to=self.actor(INVESTIGATOR).user,
            due_on=case.received_on + timedelta(days=14),
            method=CheckBack.Method.CALL,
            person=case.victims.order_by("pk").first(),
            case=case,
        )


def load_people(world: DemoWorld) -> None:
    """Interviews, consent, cases, examinations, evidence, reprisals and check-backs for the
    demo Commission (demo step; runs after the visits step)."""
    institution = world.institutions.get(INSTITUTION)
    if institution is None or Person.objects.for_institution(institution.pk).exists():
        return  # like every step, it fills an empty demo once
    builder = _PeopleBuilder(world, institution)
    builder.choose_visits()
    if len(builder.visits) < len(SLOTS):
        return  # no visits to take interviews from
    builder.interview_all()
    builder.consent_changes()
    builder.open_cases()
    builder.examine()
    builder.files()
    builder.reprisals()
    builder.check_backs()
