"""Three years of monitoring visits to the demo places, for `vigil demo`.

Runs after the places step. Deterministic: one seeded random generator and dates counted
from a fixed anchor, the first day of the current month. Visits before the anchor went
through the whole cycle as far as their dates allow (on site, reporting, report sent,
closed); a few later ones are being prepared or planned. Rows are written with
bulk_create and their audit events with one `audit_record_many` call per institution.
Every text is fictional and written for the demo.
"""

# The content tables below keep one entry per line, so that they read as tables.
# ruff: noqa: E501

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Min
from django.utils import timezone

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.demo.builder import DemoWorld
from vigil.core.models import User
from vigil.places.models import Place, PopulationSnapshot
from vigil.visits.models import (
    ChecklistSubmission,
    ChecklistVersion,
    Finding,
    Observation,
    PlannedVisit,
    RegisterCheck,
    Severity,
    StandardReference,
    StatusChange,
    TeamMember,
    TeamRole,
    Theme,
    Visit,
    VisitPlan,
    VisitType,
)
from vigil.visits.xlsform import FormDefinition, evaluate_form

S = Visit.Status
R = RegisterCheck.Register
ON_SITE_OR_LATER = (S.ON_SITE, S.REPORTING, S.REPORT_SENT, S.CLOSED)

# Place kinds by the methodology that fits them, and the starter checklist of each.
GROUPS = {
    "police": ("police_station", "court_cell", "sobering_up_centre"),
    "prison": ("prison_remand", "prison_sentenced", "military_detention"),
    "migration": ("immigration_detention", "transit_zone"),
    "care": ("psychiatric_hospital", "social_care_institution", "care_home_older_persons", "other"),
    "youth": ("juvenile_detention", "childrens_institution"),
}
GROUP_OF = {kind: group for group, kinds in GROUPS.items() for kind in kinds}
FORM_OF = {
    "police": "vigil_police_custody",
    "prison": "vigil_prison",
    "migration": "vigil_immigration_detention",
    "care": "vigil_psychiatric_social_care",
    "youth": "vigil_juvenile_detention",
}
# How often a kind of place is visited, before overcrowding raises it.
KIND_WEIGHT = {"police": 2.2, "prison": 1.6, "migration": 1.3, "care": 1.1, "youth": 1.0}
FOCUS_THEMES = {
    "police": ["custody_safeguards", "treatment", "registers"],
    "prison": ["overcrowding", "health_care", "solitary", "discipline"],
    "migration": ["migrants", "legal_safeguards", "children"],
    "care": ["restraints", "disabilities", "health_care"],
    "youth": ["children", "discipline", "activities"],
}
YEAR_THEMES = ["women", "health_care", "custody_safeguards", "children", "solitary"]


@dataclass(frozen=True)
class FindingSpec:
    theme: str
    title: str
    description: str
    standards: tuple[str, ...]  # "Instrument|Reference"
    severities: tuple[str, ...]
    register: str = ""  # a register check it may rest on
    evidence: str = ""  # a checklist question it may rest on


def _f(theme: str, title: str, description: str, standards: tuple[str, ...], *severities: str, register: str = "", evidence: str = "") -> FindingSpec:  # fmt: skip
    return FindingSpec(theme, title, description, standards, severities, register, evidence)


OB, CO, SE, UR = Severity.OBSERVATION, Severity.CONCERN, Severity.SERIOUS, Severity.URGENT
MR, BOP, BR, HR, BJ = (
    "Nelson Mandela Rules|",
    "Body of Principles|",
    "Bangkok Rules|",
    "Havana Rules|",
    "Beijing Rules|",
)

# fmt: off
FINDINGS: dict[str, list[FindingSpec]] = {
    "police": [
        _f("custody_safeguards", "Relatives not told of the arrest for a day or more", "In most custody files examined no relative or other person was told of the arrest within 24 hours. Detainees said they had asked to call home and were refused until after questioning.", (BOP + "Principles 15-16",), CO, SE, register=R.CUSTODY),
        _f("custody_safeguards", "No lawyer during the first questioning", "Detainees were questioned before a lawyer was present. Officers said lawyers are called only once a statement has been taken.", (BOP + "Principles 17-18",), SE),
        _f("legal_safeguards", "Detainees held more than 48 hours before seeing a judge", "Several detainees had been in the cells for three to five days without being brought before a judge; the register gave no reason.", (BOP + "Principle 11",), SE, register=R.CUSTODY),
        _f("registers", "Custody register incomplete", "Times of arrest and release were missing in many entries, some entries were in pencil, and two persons in the cells were not in the register at all.", (BOP + "Principle 12", MR + "Rules 6-10"), CO, SE, register=R.CUSTODY, evidence="register/register_kept"),
        _f("conditions", "Cells overcrowded, without mattresses or light", "The cells held far more people than their size allows; detainees slept sitting up on a concrete floor, with a single bulb in the corridor as the only light.", (MR + "Rules 12-17",), SE, evidence="visit/detainees_present"),
        _f("treatment", "Consistent accounts of slaps and kicks during arrest", "Detainees interviewed separately gave consistent accounts of being slapped and kicked at arrest and in the investigation room.", ("UNCAT|Article 16", MR + "Rule 1"), SE),
        _f("health_care", "No medical examination on arrival", "No detainee had been seen by a doctor or nurse on arrival, including two with visible bruises.", (BOP + "Principle 24", MR + "Rule 30"), CO, SE),
        _f("food_water", "Detainees depend on their families for food", "The station has no budget for meals; detainees without visitors said they ate once a day or not at all.", (MR + "Rule 22",), CO),
        _f("women", "Women held under male supervision only", "Women are held in a cell facing the men's cell and supervised by male officers only, including at night.", (MR + "Rule 11", BR + "Rules 19-21"), SE),
        _f("custody_safeguards", "Information on rights in English only", "The poster on detainees' rights is in English only and hangs behind the duty desk, out of sight of the cells.", (BOP + "Principle 13", MR + "Rules 54-55"), OB, CO, evidence="safeguards/custody_files"),
        _f("staff", "Duty officers untrained in custody safeguards", "None of the duty officers met had been trained on the safeguards of the first hours of custody.", (MR + "Rules 74-82",), OB, CO),
    ],
    "prison": [
        _f("overcrowding", "Dormitories at more than twice their capacity", "Dormitories held more than twice the number of places; men slept in shifts and on the corridor floor.", (MR + "Rules 12-17",), SE, evidence="population/population_today"),
        _f("solitary", "Solitary confinement beyond 15 days", "The segregation register showed stays of more than 15 consecutive days, without a review or a medical visit.", (MR + "Rule 43", MR + "Rule 44"), SE, register=R.SOLITARY, evidence="solitary/solitary_used"),
        _f("health_care", "One doctor for the whole prison, a few hours a week", "A single doctor attends a few hours a week; sick prisoners wait days to be seen and emergencies depend on the guards.", (MR + "Rules 24-35",), SE, evidence="health/doctor_hours_week"),
        _f("discipline", "Collective punishment after an escape attempt", "After an escape attempt a whole dormitory lost visits and exercise for a month.", (MR + "Rule 43", MR + "Rules 36-39"), SE, register=R.DISCIPLINARY),
        _f("complaints", "No confidential way to complain", "Complaints must be handed to the guards; prisoners said they fear what follows.", (MR + "Rules 56-57",), CO, register=R.COMPLAINTS),
        _f("contact", "Family visits of ten minutes through a wire screen", "Visits last ten minutes, through a wire screen, after families queue from dawn.", (MR + "Rules 58-63",), CO),
        _f("registers", "Use-of-force register not kept", "No register of the use of force exists; incidents are noted, if at all, in the duty log.", (MR + "Rules 6-10",), CO, register=R.USE_OF_FORCE),
        _f("food_water", "Drinking water rationed", "Water runs for two hours a day from one tap per dormitory; prisoners store it in buckets.", (MR + "Rule 22",), SE),
        _f("activities", "Most prisoners locked in 22 hours a day", "Only the workshop offers activity; most prisoners have less than an hour outside a day.", (MR + "Rule 23",), CO),
        _f("legal_safeguards", "Remand prisoners held for years without trial", "Files showed remand prisoners held for two to four years with hearings postponed again and again.", (MR + "Rules 111-120",), SE),
        _f("deaths", "Deaths in custody not investigated independently", "Deaths in the past year were recorded as natural causes without an autopsy or an outside investigation.", (MR + "Rule 71",), SE, evidence="health/deaths_12_months"),
        _f("women", "Women searched by male staff", "Women said male officers search them on return from court; no female officer is on duty at night.", (BR + "Rules 19-21",), SE),
    ],
    "migration": [
        _f("legal_safeguards", "Detention not explained in a language understood", "Several people did not know why they were held or for how long; their papers were in a language they do not read.", (BOP + "Principle 10", BOP + "Principle 13"), CO),
        _f("migrants", "No screening for victims of torture", "Nobody is asked on arrival about past torture or trauma, so survivors are not identified.", ("UNCAT|Article 2", "Istanbul Protocol|Chapter VI"), CO, SE),
        _f("children", "Children detained with their families for months", "Children were held with their parents for months, with no school or place to play.", (BJ + "Rule 19",), SE, evidence="facility/children_present"),
        _f("legal_safeguards", "No judicial review of long detention", "Nobody held for more than six months had had their detention reviewed by a judge.", (BOP + "Principle 11",), SE, evidence="facility/longest_stay_days"),
        _f("conditions", "Rooms overcrowded, no time outdoors", "People sleep on mats in rooms without natural light and have no access to the open air.", (MR + "Rules 12-17", MR + "Rule 23"), SE),
        _f("contact", "Phones taken, no way to reach a lawyer or consulate", "Mobile phones are kept at the entrance and one landline is shared by everyone.", (MR + "Rules 58-63",), CO),
        _f("migrants", "Interpreters only by telephone", "Interpreters are reached by telephone in the guard room, without privacy.", (BOP + "Principle 13",), OB),
    ],
    "care": [
        _f("restraints", "Restraint used without a register or a time limit", "Residents are tied to beds with no register, no time limit and no doctor's order on file.", ("CRPD|Article 14", "CRPD|Article 15"), SE, register=R.OTHER, evidence="restraint/restraint_used"),
        _f("treatment", "Treatment given without recorded consent", "Files held no record of consent to treatment, including for long-acting injections.", ("CRPD|Article 25", "CRPD|Article 17"), SE),
        _f("legal_safeguards", "Involuntary placements not reviewed by a court", "Most residents are held against their will without any review by a court since admission.", ("CRPD|Article 14",), SE),
        _f("conditions", "Dormitories of 30 beds, no privacy or belongings", "Large dormitories with no lockers, curtains or personal belongings.", ("CRPD|Article 17",), CO),
        _f("disabilities", "Residents cannot leave the ward", "Residents' doors are locked from outside at night and they cannot go to the garden without staff, who are rarely free.", ("CRPD|Article 14",), CO),
        _f("complaints", "No complaint route residents can use", "There is no complaint procedure written in plain language and no outside body residents can reach.", (BOP + "Principle 33", "UNCAT|Articles 12-13"), CO),
        _f("staff", "One nurse at night for 60 residents", "One nurse and two aides cover the whole building at night.", (MR + "Rules 74-82",), SE),
        _f("activities", "Good practice: daily activities and an open garden", "Residents take part in daily activities and may use the garden freely; worth sharing with other homes.", ("CRPD|Article 17",), OB),
    ],
    "youth": [
        _f("children", "Pre-trial detention of children not a last resort", "Most children held were awaiting trial for minor offences, some for more than six months.", (BJ + "Rule 13", HR + "Rule 17"), SE, evidence="facility/pretrial_children"),
        _f("activities", "Less than ten hours of school a week", "Classes run three mornings a week and there is no vocational training.", (HR + "Rules 38-46",), CO, evidence="education/school_hours_week"),
        _f("discipline", "Isolation used as a punishment", "Staff described a 'reflection room' where children are kept alone for up to three days.", (HR + "Rule 67",), SE, register=R.DISCIPLINARY),
        _f("contact", "Family visits withdrawn as a sanction", "Family visits are stopped as a punishment for bad behaviour.", (HR + "Rule 67",), CO),
        _f("restraints", "Handcuffs used on children inside the facility", "Children are handcuffed when moved between buildings and during fights.", (HR + "Rules 63-65",), SE),
        _f("staff", "Staff know each child and their case", "House parents know each child's family and court dates and keep in touch with social workers.", (HR + "Rules 38-46",), OB),
    ],
}

URGENT: dict[str, list[FindingSpec]] = {
    "police": [
        _f("treatment", "Detainee with head injuries and no medical care", "A man held for three days had swelling around one eye and pain on breathing. He said he was beaten during questioning. No doctor had seen him; the team asked the officer in charge to take him to hospital that day.", (BOP + "Principle 24", MR + "Rule 30", "Istanbul Protocol|Chapter V"), UR),
        _f("children", "A 15-year-old boy held with adult detainees", "A boy of 15 had spent two nights in the adults' cell. The team asked for his immediate transfer to a youth care centre and for his parents to be told.", (HR + "Rule 29", BJ + "Rule 13"), UR),
    ],
    "prison": [
        _f("solitary", "Prisoner with a psychosocial disability held alone for 90 days", "A prisoner with a psychosocial disability had been alone in a segregation cell for about 90 days, with no review and no mental-health care.", (MR + "Rule 43", MR + "Rule 44", MR + "Rule 45"), UR),
        _f("health_care", "Untreated tuberculosis in an overcrowded dormitory", "Three prisoners with active tuberculosis symptoms share an overcrowded dormitory; none has been tested or isolated for treatment.", (MR + "Rules 24-35",), UR),
        _f("reprisals", "Prisoners threatened after speaking to the team", "Two prisoners said they were threatened with transfer after the first day of the visit because they had spoken to the team.", ("OPCAT|Article 21",), UR),
    ],
    "migration": [
        _f("health_care", "Hunger striker without medical monitoring", "A man on hunger strike for 19 days had not been seen by a doctor and was weak and confused.", (MR + "Rules 24-35",), UR),
    ],
    "care": [
        _f("restraints", "Resident tied to a bed for three days", "A young woman had been tied to her bed for about three days, released only to eat, with no doctor's order on file.", ("CRPD|Article 15", "CRPD|Article 17"), UR),
    ],
    "youth": [
        _f("children", "Girl reports harassment by a staff member still on duty", "A girl told the team a staff member harasses her at night. He is still on night duty; the team asked the director to remove him from contact with the children pending an inquiry.", ("UNCAT|Articles 12-13", HR + "Rules 63-65"), UR),
    ],
}

OBSERVATIONS: dict[str, list[tuple[str, str]]] = {
    "police": [
        ("conditions", "The main cell measured about 9 m² and held {n} people at the time of the visit; there was one mattress."),
        ("custody_safeguards", "The poster on rights hung behind the duty desk, out of sight of the cells."),
        ("registers", "The custody register has no column for the time a relative was told of the arrest."),
        ("treatment", "Two detainees interviewed separately described being slapped in the investigation room."),
        ("food_water", "Detainees without visitors said they ate once a day."),
        ("health_care", "No first-aid kit at the station; the nearest clinic is 8 km away."),
        ("staff", "Duty officers opened every room without delay and answered the team's questions."),
    ],
    "prison": [
        ("overcrowding", "Dormitory B held {n} people; men slept in shifts and on the corridor floor."),
        ("health_care", "The clinic had run out of antiretroviral medicines three weeks before the visit."),
        ("solitary", "Four men were in the segregation unit; the longest stay was {days} days."),
        ("discipline", "The disciplinary register showed 23 sanctions in a month, none with a record of a hearing."),
        ("contact", "Visits take place in a room with a wire screen; families queue from dawn."),
        ("activities", "Only the workshop (40 places) offers activity; most men stay in the dormitory all day."),
        ("food_water", "Water runs for two hours a day from one tap per dormitory."),
        ("women", "The women's unit is staffed by female officers at all times."),
    ],
    "migration": [
        ("migrants", "Several people did not know why they were held or for how long."),
        ("legal_safeguards", "Lawyers may visit only with written permission from the head office."),
        ("children", "Three children under ten were held with their mothers; there is no play area."),
        ("conditions", "The holding room has no natural light; people sleep on mats on the floor."),
        ("contact", "Mobile phones are kept at the entrance; one landline is shared by all."),
    ],
    "care": [
        ("restraints", "Leather straps were fixed to two beds in the acute ward."),
        ("disabilities", "Residents' doors are locked from the outside at night."),
        ("health_care", "Medication charts showed the same sedative given to most residents of Ward 3."),
        ("conditions", "Dormitories of 30 beds with no lockers or curtains."),
        ("activities", "The occupational therapy room has been closed for a year."),
        ("staff", "One nurse and two aides cover the night shift for the whole building."),
    ],
    "youth": [
        ("children", "Children aged 12 to 17 share the same dormitory."),
        ("activities", "Classes run three mornings a week; there is no vocational training."),
        ("discipline", "Staff described a 'reflection room' used for up to three days."),
        ("contact", "Families may visit once a month; telephone calls are not allowed."),
        ("staff", "House parents know each child's case and court dates."),
    ],
}

# register -> what the team found wrong in it
REGISTERS: dict[str, list[tuple[str, str]]] = {
    "police": [(R.CUSTODY, "Time of release missing in {k} entries; persons present in the cells were not in the register."), (R.USE_OF_FORCE, "Injuries noted at arrest in {k} entries with no account of how they happened.")],
    "prison": [(R.DISCIPLINARY, "{k} sanctions with no record of a hearing or of the prisoner's account."), (R.SOLITARY, "{k} stays in segregation without an end date or a medical visit."), (R.MEDICAL, "{k} admissions with injuries noted but not reported to the director."), (R.COMPLAINTS, "{k} complaints with no answer after three months.")],
    "migration": [(R.CUSTODY, "{k} entries without the legal ground for detention."), (R.MEDICAL, "No medical screening recorded for {k} new arrivals.")],
    "care": [(R.OTHER, "Restraint register: {k} episodes without start or end time."), (R.MEDICAL, "{k} prescriptions of sedatives with no stated reason.")],
    "youth": [(R.CUSTODY, "{k} admissions without the date the parents were told."), (R.DISCIPLINARY, "{k} isolations recorded as 'time out' lasting more than a day.")],
}

# Why a place is in the visit plan (see `_reason`).
OTHER_REASONS = [
    "Complaints of ill-treatment received by the Commission.",
    "Vulnerable population held.",
    "Allegations raised in interviews at another place.",
]
REACTIVE_REASONS = [
    "Reactive visit after a death in custody reported by the media.",
    "Reactive visit after a family complained of beatings in custody.",
    "Reactive visit after a riot and reports of collective punishment.",
    "Reactive visit after an NGO referral about children held with adults.",
]
CANCEL_NOTES = [
    "Postponed: the facility was under lockdown after a riot.",
    "Postponed: typhoon warning; roads to the facility closed.",
    "Postponed: team redeployed to a reactive visit.",
]
INTERPRETERS = ["Farid Rahimi (Dari, Pashto)", "Nguyen Thi Lan (Vietnamese)", "Amina Yusuf (Somali, Arabic)"]
EXPERTS = {
    "care": [("Dr. Ramon Aquino, psychiatrist", TeamRole.EXTERNAL_EXPERT), ("Prof. Elena Dizon, disability rights", TeamRole.EXTERNAL_EXPERT)],
    "youth": [("Carmela Reyes, child psychologist", TeamRole.PSYCHOLOGIST)],
    "prison": [("Ramon Tiongson, former prison governor", TeamRole.EXTERNAL_EXPERT)],
    "police": [("Atty. Grace Lim, criminal defence lawyer", TeamRole.EXTERNAL_EXPERT)],
    "migration": [("Dr. Samir Haddad, forensic physician", TeamRole.EXTERNAL_EXPERT)],
}
# fmt: on

LEADER, MONITOR = "monitor@hrc.example", "investigator@hrc.example"
DOCTOR, INTERPRETER = "doctor@hrc.example", "viewer@hrc.example"
COMMISSIONER, ADMIN = "commissioner@hrc.example", "admin@hrc.example"


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


class _VisitsBuilder:
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
        self.themes = {t.code: t for t in Theme.objects.filter(institution__isnull=True)}
        self.standards = {
            f"{s.instrument}|{s.reference}": s for s in StandardReference.objects.all()
        }
        self.versions: dict[str, tuple[ChecklistVersion, FormDefinition]] = {}
        for version in ChecklistVersion.objects.filter(
            template__institution__isnull=True
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
            Place.objects.filter(institution=self.institution).select_related("kind", "authority")
        )
        first_count = dict(
            PopulationSnapshot.objects.filter(institution=self.institution)
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
                (S.REPORT_SENT, S.CLOSED, closed, 15, "Authority's answer received; follow-up continues in the recommendations."),
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

    # --- writing ----------------------------------------------------------------------

    def visit_plans(self, outlines: list[Outline]) -> dict[int, VisitPlan]:
        years = sorted({p.day.year for p in outlines})
        rows = [
            VisitPlan(
                institution=self.institution,
                title=f"Preventive visit plan {year}",
                starts_on=date(year, 1, 1),
                ends_on=date(year, 12, 31),
                notes=(
                    "Places chosen by risk: overcrowding, complaints received, time since the "
                    f"last visit. Thematic focus of the year: {self.themes[YEAR_THEMES[year % len(YEAR_THEMES)]].name.lower()}."
                ),
                created_at=self.stamp(date(year - 1, 12, 1), 9),
            )
            for year in years
        ]
        VisitPlan.objects.bulk_create(rows)
        self.events += [PendingEvent("plan.created", p, {"demo": True}) for p in rows]
        return {p.starts_on.year: p for p in rows}

    def visits(self, outlines: list[Outline], plans: dict[int, VisitPlan]) -> None:
        rng = self.rng
        objectives = {
            VisitType.FULL: "Examine treatment and conditions of detention across the whole place; private interviews with detainees and staff; check the registers.",
            VisitType.FOLLOW_UP: "Check what was done about the recommendations of the last visit.",
            VisitType.AD_HOC: "Find out what happened and whether anyone is at immediate risk.",
            VisitType.THEMATIC: "Thematic focus of the year, with private interviews of the persons concerned.",
        }
        rows = []
        for outline in outlines:
            made = outline.status in ON_SITE_OR_LATER
            authority = outline.place.authority.name
            announced = outline.group == "care" and rng.random() < 0.4
            if outline.changes:
                created = outline.changes[0][2].date() - timedelta(days=10)
            else:
                created = min(outline.day, self.anchor) - timedelta(days=30)
            outline.visit = Visit(
                institution=self.institution,
                place=outline.place,
                plan=None if outline.reactive else plans[outline.day.year],
                visit_type=outline.visit_type,
                announced=announced,
                planned_for=None if outline.reactive else outline.day,
                starts_on=outline.day if made else None,
                ends_on=outline.ends_on,
                status=outline.status,
                objectives=(rng.choice(REACTIVE_REASONS) + " " if outline.reactive else "")
                + objectives[VisitType(outline.visit_type)],
                report_sent_on=outline.report_sent_on,
                report_recipients=(
                    f"Head office, {authority}\nOfficer in charge, {outline.place.name}"
                    if outline.report_sent_on
                    else ""
                ),
                methodology=(
                    f"{'Announced' if announced else 'Unannounced'} visit over {outline.days} day(s): "
                    "initial talk with the management, tour of all premises, private interviews "
                    "with detainees, talks with staff, examination of registers, final talk."
                    if outline.ends_on
                    else ""
                ),
                created_by=self.leader(outline),
                created_at=self.stamp(created, 9),
            )
            rows.append(outline.visit)
        Visit.objects.bulk_create(rows)
        self.events += [
            PendingEvent("visit.created", p.visit, {"place": p.place.pk, "planned": not p.reactive, "demo": True})
            for p in outlines
            if p.visit
        ]  # fmt: skip
        through = Visit.themes.through
        themes = [
            through(visit_id=outline.visit.pk, theme_id=self.themes[code].pk)
            for outline in outlines
            if outline.visit
            for code in rng.sample(FOCUS_THEMES[outline.group], rng.randint(1, 2))
        ]
        through.objects.bulk_create(themes)

    def planned_items(self, outlines: list[Outline], plans: dict[int, VisitPlan]) -> None:
        rng, items = self.rng, []
        for outline in outlines:
            if outline.reactive or outline.visit is None:
                continue
            items.append(
                PlannedVisit(
                    institution=self.institution,
                    plan=plans[outline.day.year],
                    place=outline.place,
                    month=outline.day.replace(day=1),
                    visit_type=outline.visit_type,
                    reason=self.reason(
                        outline.place,
                        outline.group,
                        outline.visit_type,
                        outline.previous,
                        outline.day,
                    ),
                    visit=outline.visit,
                )
            )
        # Planned but not (yet) made: two slipped in each past year, more still ahead.
        places = [p for p in Place.objects.filter(institution=self.institution, status=Place.Status.OPEN).select_related("kind")]  # fmt: skip
        for year, plan in plans.items():
            months = [m for m in range(1, 13) if plan.starts_on <= date(year, m, 1)]
            past = [m for m in months if date(year, m, 1) < _add_months(self.anchor, -1)]
            ahead = [m for m in months if date(year, m, 1) > self.anchor]
            # Two a month for the rest of this year; next year's plan is a first draft.
            chosen = rng.sample(past, min(2, len(past))) + ahead * (
                2 if year == self.anchor.year else 1
            )
            for month in chosen:
                place = rng.choice(places)
                group = GROUP_OF.get(place.kind.code, "care")
                items.append(
                    PlannedVisit(
                        institution=self.institution,
                        plan=plan,
                        place=place,
                        month=date(year, month, 1),
                        visit_type=VisitType.FULL,
                        reason=self.reason(
                            place, group, VisitType.FULL, None, date(year, month, 1)
                        ),
                    )
                )
        PlannedVisit.objects.bulk_create(items)
        self.events += [
            PendingEvent("plan.visit_planned", i, {"place": i.place_id, "month": i.month, "demo": True})
            for i in items
        ]  # fmt: skip

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

    def teams_and_history(self, outlines: list[Outline]) -> None:
        members, changes = [], []
        for outline in outlines:
            assert outline.visit is not None
            for email, name, role in outline.seats:
                members.append(
                    TeamMember(
                        institution=self.institution,
                        visit=outline.visit,
                        user=self.user(email) if email else None,
                        external_name=name,
                        role=role,
                    )
                )
            for before, after, when, note in outline.changes:
                changes.append(
                    StatusChange(
                        institution=self.institution,
                        visit=outline.visit,
                        from_status=before,
                        to_status=after,
                        note=note,
                        changed_by=self.leader(outline),
                        changed_at=when,
                    )
                )
        TeamMember.objects.bulk_create(members)
        StatusChange.objects.bulk_create(changes)
        self.events += [
            PendingEvent("visit.team_member_added", m.visit, {"member": m.pk, "role": m.role, "demo": True})
            for m in members
        ]  # fmt: skip
        self.events += [
            PendingEvent("visit.status_changed", c.visit, {"from": c.from_status, "to": c.to_status, "demo": True})
            for c in changes
        ]  # fmt: skip
        self.events += [
            PendingEvent("visit.report_sent_recorded", p.visit, {"sent_on": p.report_sent_on, "demo": True})
            for p in outlines
            if p.report_sent_on
        ]  # fmt: skip

    # --- what the teams recorded ------------------------------------------------------

    def population_at(self, place: Place, day: date) -> int | None:
        counts = self.counts.get(place.pk, [])
        earlier = [total for counted_on, total in counts if counted_on <= day]
        return earlier[-1] if earlier else place.population

    def records(self, outlines: list[Outline]) -> None:
        rng = self.rng
        for place_id, counted_on, total in (
            PopulationSnapshot.objects.filter(
                institution=self.institution, source=PopulationSnapshot.Source.OFFICIAL
            )
            .order_by("counted_on")
            .values_list("place_id", "counted_on", "total")
        ):
            self.counts[place_id].append((counted_on, total))

        made = [p for p in outlines if p.status in ON_SITE_OR_LATER and p.visit]
        submissions, observations, checks = [], [], []
        for outline in made:
            assert outline.visit is not None
            visit, day = outline.visit, outline.day
            last = outline.ends_on or day
            population = self.population_at(outline.place, day)
            capacity = outline.place.capacity
            badness = min(
                1.0,
                0.25
                + rng.random() * 0.5
                + (0.25 if capacity and population and population > capacity else 0),
            )
            outline.badness = badness
            version, definition = self.versions[FORM_OF[outline.group]]
            answers = ANSWERS[outline.group](rng, outline, population, capacity, badness)
            if outline.status == S.ON_SITE:
                answers = dict(list(answers.items())[: len(answers) // 2])
            state = evaluate_form(definition, answers, definition.default_language)
            odk = outline.status != S.ON_SITE and rng.random() < 0.2
            submissions.append(
                ChecklistSubmission(
                    institution=self.institution,
                    visit=visit,
                    version=version,
                    answers=state.cleaned_answers,
                    is_complete=outline.status != S.ON_SITE and state.is_complete,
                    source=ChecklistSubmission.Source.ODK if odk else ChecklistSubmission.Source.BROWSER,
                    external_id=f"uuid:{rng.getrandbits(128):032x}" if odk else "",
                    started_by=self.leader(outline),
                    updated_at=self.stamp(last, 18),
                )
            )  # fmt: skip
            members = self.members(outline)
            bank = [(t, x) for t, x in OBSERVATIONS[outline.group] if self.fits(outline, t)]
            for index, (theme, text) in enumerate(rng.sample(bank, rng.randint(2, 4))):
                observations.append(
                    Observation(
                        institution=self.institution,
                        visit=visit,
                        theme=self.themes[theme],
                        text=text.format(n=population or rng.randint(10, 40), days=rng.randint(16, 60)),
                        created_by=members[index % len(members)],
                        created_at=self.stamp(day, 10 + index),
                    )
                )  # fmt: skip
            for register, problem in rng.sample(
                REGISTERS[outline.group], rng.randint(1, min(2, len(REGISTERS[outline.group])))
            ):
                examined = rng.randint(20, 220)
                irregular = min(examined, int(examined * badness * rng.uniform(0.05, 0.3)))
                checks.append(
                    RegisterCheck(
                        institution=self.institution,
                        visit=visit,
                        register=register,
                        period_from=_add_months(day, -3),
                        period_to=day,
                        entries_examined=examined,
                        irregularity_count=irregular,
                        irregularities=problem.format(k=irregular) if irregular else "",
                        created_by=members[-1],
                        created_at=self.stamp(day, 14),
                    )
                )
        ChecklistSubmission.objects.bulk_create(submissions)
        Observation.objects.bulk_create(observations)
        RegisterCheck.objects.bulk_create(checks)
        for s in submissions:
            if s.source == ChecklistSubmission.Source.ODK:
                self.events.append(
                    PendingEvent(
                        "checklist.imported",
                        s,
                        {"visit": s.visit_id, "source": "odk", "demo": True},
                    )
                )
            else:
                self.events.append(
                    PendingEvent("checklist.started", s, {"visit": s.visit_id, "demo": True})
                )
                if s.is_complete:
                    self.events.append(PendingEvent("checklist.completed", s, {"demo": True}))
        self.events += [
            PendingEvent("visit.observation_added", o, {"visit": o.visit_id, "demo": True})
            for o in observations
        ]
        self.events += [PendingEvent("visit.register_checked", c, {"visit": c.visit_id, "register": c.register, "demo": True}) for c in checks]  # fmt: skip
        self.findings(made, submissions, observations, checks)

    def findings(
        self,
        made: list[Outline],
        submissions: list[ChecklistSubmission],
        observations: list[Observation],
        checks: list[RegisterCheck],
    ) -> None:
        rng = self.rng
        by_visit_obs: dict[int, list[Observation]] = defaultdict(list)
        by_visit_checks: dict[int, list[RegisterCheck]] = defaultdict(list)
        submission_of = {s.visit_id: s for s in submissions}
        for o in observations:
            by_visit_obs[o.visit_id].append(o)
        for c in checks:
            by_visit_checks[c.visit_id].append(c)
        rows: list[tuple[Finding, FindingSpec]] = []
        for outline in made:
            assert outline.visit is not None
            visit = outline.visit
            badness = outline.badness
            count = (
                1
                + int(badness * 3 * rng.random())
                + (1 if outline.visit_type == VisitType.FULL else 0)
            )
            specs: list[tuple[FindingSpec, str]] = []
            bank = [f for f in FINDINGS[outline.group] if self.fits(outline, f.theme)]
            for spec in rng.sample(bank, min(count, len(bank))):
                severity = rng.choice(spec.severities)
                if severity == SE and rng.random() > badness:
                    severity = CO  # the same problem, found less grave at this place
                specs.append((spec, severity))
            if outline.urgent:
                specs.insert(0, (rng.choice(URGENT[outline.group]), UR))
            written = self.stamp(outline.ends_on or outline.day, 16)
            for spec, severity in specs:
                finding = Finding(
                    institution=self.institution,
                    visit=visit,
                    theme=self.themes[spec.theme],
                    severity=severity,
                    title=spec.title,
                    description=spec.description,
                    created_by=self.leader(outline),
                    created_at=written,
                )
                submission = submission_of.get(visit.pk)
                if spec.evidence and submission and submission.answers.get(spec.evidence) not in (None, "", []) and not isinstance(submission.answers.get(spec.evidence), list):  # fmt: skip
                    finding.checklist_evidence = [
                        {"submission": submission.pk, "path": spec.evidence}
                    ]
                if severity == UR and outline.urgent == "acted":
                    finding.acted_on_at = self.stamp(
                        (outline.ends_on or outline.day) + timedelta(days=1), 9, 30
                    )
                    finding.acted_on_by = self.user(COMMISSIONER)
                    finding.action_note = rng.choice(
                        [
                            "Called the regional director the same evening; the person was taken to hospital the next morning.",
                            "Wrote to the head of the authority; the person was moved the following day.",
                            "Raised with the officer in charge at the final talk and confirmed by letter; checked by phone two days later.",
                        ]
                    )
                rows.append((finding, spec))
        Finding.objects.bulk_create([f for f, _spec in rows])
        standards, obs_links, check_links = [], [], []
        for finding, spec in rows:
            for ref in spec.standards:
                if ref in self.standards:
                    standards.append(
                        Finding.standards.through(
                            finding_id=finding.pk, standardreference_id=self.standards[ref].pk
                        )
                    )
            for o in by_visit_obs[finding.visit_id]:
                if o.theme_id == finding.theme_id:
                    obs_links.append(
                        Finding.observations.through(finding_id=finding.pk, observation_id=o.pk)
                    )
            for c in by_visit_checks[finding.visit_id]:
                if spec.register and c.register == spec.register:
                    check_links.append(
                        Finding.register_checks.through(
                            finding_id=finding.pk, registercheck_id=c.pk
                        )
                    )
        Finding.standards.through.objects.bulk_create(standards)
        Finding.observations.through.objects.bulk_create(obs_links)
        Finding.register_checks.through.objects.bulk_create(check_links)
        self.events += [PendingEvent("finding.created", f, {"visit": f.visit_id, "severity": f.severity, "demo": True}) for f, _s in rows]  # fmt: skip
        self.events += [PendingEvent("finding.acted_on", f, {"visit": f.visit_id, "demo": True}) for f, _s in rows if f.acted_on_at]  # fmt: skip

    def last_visited(self, outlines: list[Outline]) -> None:
        """As vigil.visits.services._refresh_last_visited: the latest last (else first) day."""
        latest: dict[int, date] = {}
        for outline in outlines:
            visit = outline.visit
            if visit is None or visit.status not in ON_SITE_OR_LATER:
                continue
            day = visit.ends_on or visit.starts_on
            if day and (outline.place.pk not in latest or day > latest[outline.place.pk]):
                latest[outline.place.pk] = day
        places = list(Place.objects.filter(pk__in=latest))
        for place in places:
            place.last_visited_on = latest[place.pk]
        Place.objects.bulk_update(places, ["last_visited_on"])

    def finish(self) -> None:
        audit_record_many(events=self.events, actor=self.admin, institution=self.institution)
        self.events = []


# --- checklist answers that satisfy the starter forms' constraints -----------------------

Answers = dict[str, Any]


def _yn(rng: random.Random, bad: float, *, good: str = "yes") -> str:
    other = "no" if good == "yes" else "yes"
    roll = rng.random()
    return other if roll < bad * 0.8 else "unknown" if roll < bad * 0.8 + 0.07 else good


def _adequacy(rng: random.Random, bad: float) -> str:
    roll = rng.random()
    return "inadequate" if roll < bad * 0.6 else "partly" if roll < bad else "adequate"


def _police(
    rng: random.Random, outline: Outline, population: int | None, capacity: int | None, bad: float
) -> Answers:
    present = population if population is not None else rng.randint(4, 30)
    files = []
    for _n in range(rng.randint(3, 5)):
        entry: Answers = {
            "file_reference": f"CR-{outline.day.year}-{rng.randint(100, 999):04d}",
            "hours_before_judge": str(rng.choice([18, 24, 30, 36, 44]) if rng.random() > bad * 0.6 else rng.choice([52, 60.5, 72, 96])),
            "family_notified": _yn(rng, bad),
            "lawyer_access": rng.choices(["from_start", "later", "refused", "not_requested", "unknown"], weights=[3 - 2 * bad, 2, bad * 2, 1, 0.5])[0],
            "doctor_examined": _yn(rng, bad),
            "rights_information": rng.choices(["written_understood", "oral_only", "not_understood", "not_informed", "unknown"], weights=[3 - 2 * bad, 2, bad, bad * 2, 0.3])[0],
            "interpreter_needed": "yes" if rng.random() < 0.15 else "no",
        }  # fmt: skip
        if entry["family_notified"] == "yes":
            entry["notification_delay_hours"] = str(rng.choice([1, 2, 3.5, 6, 12, 26]))
        if entry["lawyer_access"] == "refused":
            entry["lawyer_refusal_reason"] = (
                "Told the lawyer would come after the statement was signed."
            )
        if entry["doctor_examined"] == "yes":
            entry["injuries_recorded"] = _yn(rng, bad)
        if entry["interpreter_needed"] == "yes":
            entry["interpreter_provided"] = _yn(rng, bad)
        files.append(entry)
    kept = "no" if rng.random() < bad * 0.25 else "yes"
    answers: Answers = {
        "visit/station_name": outline.place.name,
        "visit/visit_date": outline.day.isoformat(),
        "visit/access_delay_minutes": str(rng.choice([0, 5, 10, 15, 25, 40])),
        "visit/detainees_present": str(present),
        "safeguards/custody_files": files,
        "register/register_kept": kept,
        "interrogation/interview_recording": rng.choices(["video_audio", "audio", "written", "none"], weights=[1, 0.5, 3, bad * 3])[0],
        "interrogation/suspicious_objects": "yes" if rng.random() < bad * 0.3 else "no",
        "closing/urgent_concern": "yes" if outline.urgent else "no",
    }  # fmt: skip
    if capacity:
        answers["visit/official_capacity"] = str(capacity)
    if kept == "yes":
        entries = [
            "identity",
            "grounds",
            "authority",
            "arrest_time",
            "admission_time",
            "injuries",
            "contacts",
            "release",
        ]
        chosen = entries if rng.random() > bad else rng.sample(entries, rng.randint(3, 7))
        answers["register/register_entries"] = " ".join(e for e in entries if e in chosen)
        if len(chosen) < 8:
            answers["register/register_gaps"] = (
                "No column for injuries on arrival or for the time a relative was told."
            )
        answers["register/register_matches_population"] = _yn(rng, bad)
    if answers["interrogation/interview_recording"] in ("video_audio", "audio"):
        answers["interrogation/recording_kept_days"] = str(rng.choice([7, 30, 90]))
    if answers["interrogation/suspicious_objects"] == "yes":
        answers["interrogation/objects_description"] = (
            "A wooden baton and a length of rubber hose in the investigation room."
        )
    if outline.urgent:
        answers["closing/urgent_details"] = (
            "Raised with the officer in charge at the final talk; see the urgent finding."
        )
    cells = []
    for n in range(1, rng.randint(2, 3) + 1):
        area = rng.choice([6, 8, 9.5, 12, 16])
        cells.append({
            "cell_label": f"Cell {n}",
            "floor_area_m2": str(area),
            "persons_in_cell": str(max(0, present // 2 + rng.randint(-2, 3))),
            "light_ventilation": _adequacy(rng, bad),
            "sanitation": rng.choices(["in_cell_private", "in_cell_exposed", "on_request", "none"], weights=[2 - bad, 2, 1, bad])[0],
            "drinking_water": "no" if rng.random() < bad * 0.5 else "yes",
            "mattress_each": "no" if rng.random() < bad else "yes",
        })  # fmt: skip
    answers["cells"] = cells
    return answers


def _multi(rng: random.Random, options: list[str], bad: float, *, none_when_good: bool) -> str:
    """A multiple choice without combining 'none' with anything (the forms' constraint)."""
    if none_when_good and rng.random() > bad:
        return "none"
    picked = [o for o in options if rng.random() < 0.5] or options[:1]
    return " ".join(picked)


def _prison(
    rng: random.Random, outline: Outline, population: int | None, capacity: int | None, bad: float
) -> Answers:
    capacity = capacity or 500
    population = population if population is not None else int(capacity * 1.2)
    women = (
        population
        if outline.place.held == "women"
        else 0
        if outline.place.held == "men"
        else population // 12
    )
    pretrial = (
        population
        if outline.place.regime == "remand"
        else 0
        if outline.place.regime == "sentenced"
        else population // 2
    )
    solitary = _yn(rng, 1 - bad, good="yes") if rng.random() < 0.8 else "unknown"
    answers: Answers = {
        "population/prison_name": outline.place.name,
        "population/visit_date": outline.day.isoformat(),
        "population/official_capacity": str(capacity),
        "population/population_today": str(population),
        "population/pretrial_count": str(pretrial),
        "population/women_count": str(women),
        "population/separation": _multi(rng, ["men_women", "pretrial_sentenced", "children_adults"], 1 - bad, none_when_good=False),
        "solitary/solitary_used": solitary,
        "health/admission_exam": _yn(rng, bad),
        "health/doctor_hours_week": str(rng.choice([2, 4, 8, 16, 40]) if bad > 0.5 else rng.choice([20, 40, 60])),
        "health/medical_confidentiality": _yn(rng, bad),
        "health/deaths_12_months": str(rng.choice([0, 0, 1, 2, 4])),
        "discipline/sanctions_register": _yn(rng, bad * 0.6).replace("unknown", "no"),
        "discipline/prohibited_sanctions": _multi(rng, ["corporal", "dark_or_lit_cell", "food_water", "collective", "family_ban", "restraints"], bad * 0.7, none_when_good=True),
        "discipline/hearing_rights": _yn(rng, bad),
        "discipline/use_of_force_register": "no" if rng.random() < bad * 0.6 else "yes",
        "complaints/complaint_channels": _multi(rng, ["director", "inspection", "judge", "npm"], bad, none_when_good=False),
        "complaints/confidential_complaints": _yn(rng, bad),
        "complaints/reprisal_fear": _yn(rng, 1 - bad),
        "complaints/family_visits_month": str(rng.choice([1, 2, 4, 8])),
    }  # fmt: skip
    if solitary == "yes":
        answers["solitary/solitary_longest_days"] = str(rng.choice([3, 7, 12, 21, 45, 90]))
        answers["solitary/solitary_health_visits"] = _yn(rng, bad)
        answers["solitary/vulnerable_in_solitary"] = _multi(
            rng, ["pregnant", "children", "disability"], bad * 0.5, none_when_good=True
        )
    if answers["health/admission_exam"] == "yes":
        answers["health/injuries_documented"] = _yn(rng, bad)
    if answers["health/deaths_12_months"] != "0":
        answers["health/deaths_investigated"] = _yn(rng, bad)
    if women:
        answers.update({
            "women/female_staff": _yn(rng, bad * 0.5),
            "women/search_alternatives": _yn(rng, bad),
            "women/hygiene_items": _yn(rng, bad),
            "women/restraints_childbirth": _yn(rng, bad * 0.3, good="no"),
        })  # fmt: skip
    units = []
    for name in rng.sample(
        ["Dormitory A", "Dormitory B", "Dormitory C", "Wing 1", "Wing 2", "Segregation unit"], 3
    ):
        unit_capacity = max(10, capacity // 6)
        units.append({
            "unit_name": name,
            "unit_population": str(int(unit_capacity * population / capacity * rng.uniform(0.8, 1.2))),
            "unit_capacity": str(unit_capacity),
            "outdoor_hours": str(rng.choice([0.5, 1, 2, 4])),
            "unit_conditions": _adequacy(rng, bad),
        })  # fmt: skip
    answers["units"] = units
    return answers


def _migration(
    rng: random.Random, outline: Outline, population: int | None, capacity: int | None, bad: float
) -> Answers:
    population = population if population is not None else rng.randint(10, 60)
    children = min(population, rng.choice([0, 0, 2, 5, 9]))
    answers: Answers = {
        "facility/facility_name": outline.place.name,
        "facility/visit_date": outline.day.isoformat(),
        "facility/population_today": str(population),
        "facility/children_present": str(children),
        "facility/longest_stay_days": str(rng.choice([12, 40, 95, 210, 400])),
        "vulnerable/torture_screening": _yn(rng, bad),
        "vulnerable/women_separate": _yn(rng, bad * 0.5),
        "vulnerable/lgbti_safety": _yn(rng, bad),
        "conditions/with_criminal_detainees": "yes" if rng.random() < bad * 0.3 else "no",
        "conditions/health_care_access": _adequacy(rng, bad),
        "conditions/interpreters": _yn(rng, bad),
        "conditions/phone_internet": _yn(rng, bad),
        "conditions/outdoor_hours": str(rng.choice([0, 0.5, 1, 2])),
    }  # fmt: skip
    for question in (
        "reasons_given",
        "lawyer_access",
        "judicial_review",
        "asylum_access",
        "consular_contact",
        "alternatives_considered",
    ):
        answers[f"legal_safeguards/{question}"] = _yn(rng, bad)
    if children:
        answers["vulnerable/unaccompanied_children"] = str(rng.randint(0, children))
    answers["rooms"] = [
        {
            "room_label": f"Room {n}",
            "room_type": rng.choice(["men", "women", "families", "mixed"]),
            "room_area_m2": str(rng.choice([20, 35, 48, 60])),
            "room_occupants": str(rng.randint(6, 30)),
            "room_conditions": _adequacy(rng, bad),
        }
        for n in range(1, rng.randint(2, 3) + 1)
    ]
    return answers


def _care(
    rng: random.Random, outline: Outline, population: int | None, capacity: int | None, bad: float
) -> Answers:
    residents = population if population is not None else rng.randint(20, 120)
    kind = outline.place.kind.code
    institution_type = {"psychiatric_hospital": "psychiatric_hospital", "social_care_institution": "social_care", "care_home_older_persons": "older_persons"}.get(kind, "other")  # fmt: skip
    restraint = "yes" if rng.random() < 0.3 + bad * 0.5 else "no"
    answers: Answers = {
        "institution/institution_name": outline.place.name,
        "institution/institution_type": institution_type,
        "institution/visit_date": outline.day.isoformat(),
        "institution/residents_total": str(residents),
        "institution/residents_involuntary": str(int(residents * rng.uniform(0.2, 0.9))),
        "legal_status/placement_review": _yn(rng, bad),
        "legal_status/under_guardianship": str(int(residents * rng.uniform(0.0, 0.6))),
        "legal_status/accessible_information": _yn(rng, bad),
        "treatment/consent_recorded": _yn(rng, bad),
        "treatment/forced_medication": _yn(rng, bad * 0.7, good="no"),
        "treatment/ect_without_consent": _yn(rng, bad * 0.2, good="no"),
        "treatment/complaint_route": _yn(rng, bad),
        "restraint/restraint_used": restraint,
        "living/free_movement": _yn(rng, bad),
        "living/personal_belongings": _yn(rng, bad),
        "living/discharge_plans": _yn(rng, bad),
        "living/deaths_12_months": str(rng.choice([0, 1, 2, 3])),
    }  # fmt: skip
    if restraint == "yes":
        types = [
            t for t in ("mechanical", "physical", "chemical", "seclusion") if rng.random() < 0.5
        ] or ["chemical"]
        answers["restraint/restraint_types"] = " ".join(types)
        answers["restraint/restraint_register"] = "no" if rng.random() < bad else "yes"
        answers["restraint/longest_restraint_hours"] = str(rng.choice([2, 6, 12, 24, 72]))
        answers["restraint/continuous_observation"] = _yn(rng, bad)
        if "mechanical" in types or "physical" in types:
            answers["restraint/restraint_in_view"] = _yn(rng, bad * 0.5, good="no")
    answers["wards"] = [
        {
            "ward_name": name,
            "ward_residents": str(max(1, residents // 3 + rng.randint(-5, 5))),
            "ward_privacy": _adequacy(rng, bad),
            "seclusion_room": "yes" if rng.random() < bad * 0.5 else "no",
        }
        for name in rng.sample(
            ["Ward 1", "Ward 2", "Ward 3", "Acute ward", "Long-stay ward", "Female ward"], 2
        )
    ]
    return answers


def _youth(
    rng: random.Random, outline: Outline, population: int | None, capacity: int | None, bad: float
) -> Answers:
    children = population if population is not None else rng.randint(10, 60)
    girls = (
        0 if outline.place.held == "men" else min(children, int(children * rng.uniform(0.1, 0.4)))
    )
    pretrial = (
        min(children, int(children * rng.uniform(0.3, 0.8)))
        if outline.place.kind.code == "juvenile_detention"
        else 0
    )
    school = rng.choice([6, 9, 15, 25]) if bad > 0.5 else rng.choice([20, 25, 30])
    answers: Answers = {
        "facility/facility_name": outline.place.name,
        "facility/visit_date": outline.day.isoformat(),
        "facility/children_held": str(children),
        "facility/girls_held": str(girls),
        "facility/pretrial_children": str(pretrial),
        "facility/youngest_age": str(rng.choice([12, 13, 14, 15])),
        "separation/adults_with_children": _yn(rng, bad * 0.3, good="no"),
        "admission/parents_notified": _yn(rng, bad),
        "admission/register_complete": _yn(rng, bad),
        "admission/rules_explained": _yn(rng, bad),
        "admission/admission_medical": _yn(rng, bad),
        "admission/last_resort_review": _yn(rng, bad),
        "education/school_hours_week": str(school),
        "education/vocational_training": _yn(rng, bad),
        "education/outdoor_hours": str(rng.choice([1, 2, 3])),
        "discipline/solitary_used": _yn(rng, bad * 0.5, good="no"),
        "discipline/restraint_force": _yn(rng, bad * 0.5, good="no"),
        "discipline/family_contact_sanction": _yn(rng, bad * 0.5, good="no"),
        "discipline/family_visits_month": str(rng.choice([1, 2, 4])),
        "discipline/complaints_outside": _yn(rng, bad),
    }  # fmt: skip
    if girls:
        answers["separation/girls_separate"] = _yn(rng, bad * 0.5)
    if pretrial:
        answers["separation/pretrial_separate"] = _yn(rng, bad)
    answers["education/certificates_neutral"] = _yn(rng, bad)
    answers["dormitories"] = [
        {
            "dorm_name": name,
            "dorm_children": str(max(0, children // 3 + rng.randint(-3, 3))),
            "dorm_adults": "0",
            "dorm_conditions": _adequacy(rng, bad),
        }
        for name in rng.sample(["Sampaguita", "Narra", "Molave", "Ilang-ilang"], 2)
    ]
    return answers


ANSWERS: dict[str, Callable[[random.Random, Outline, int | None, int | None, float], Answers]] = {
    "police": _police,
    "prison": _prison,
    "migration": _migration,
    "care": _care,
    "youth": _youth,
}


def load_visits(world: DemoWorld) -> None:
    """Visit plans, visits, teams, checklists, observations, register checks and
    findings for the demo institutions (demo step; runs after the places step)."""
    rng = random.Random(2027)  # noqa: S311  (fictional data, not security)
    anchor = timezone.localdate().replace(day=1)
    builder = _VisitsBuilder(world, "hrc", rng, anchor)
    outlines = builder.schedule(36, (2, 3, 3, 4, 4, 4))
    builder.progress(outlines)
    builder.choose_urgent(outlines)
    builder.assign_teams(outlines)
    plans = builder.visit_plans(outlines)
    builder.visits(outlines, plans)
    builder.planned_items(outlines, plans)
    builder.teams_and_history(outlines)
    builder.records(outlines)
    builder.last_visited(outlines)
    builder.finish()
