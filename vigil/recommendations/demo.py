"""Recommendations and their follow-up for `vigil demo`: from the demo visits' findings, from
the UN mechanisms, and on law and policy reform.

Runs after the visits step (recommendations comes after visits in INSTALLED_APPS). It is
deterministic: one seeded random generator, and dates counted from the first day of the
current month, like the visits. Each recommendation gets a dated history of the authority's
responses and of its implementation, some verified at later visits of the same place, and its
current response and status are computed from those histories by the same rule as the
services (`current_state`). Rows are written with bulk_create and their audit events with one
`audit_record_many` call. The UN document symbols are invented for the fictional Republic of
Meridia ("MRD"), in the format of the real ones.
"""

# The content tables below keep one entry per line, so that they read as tables.
# ruff: noqa: E501

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from vigil.core.audit import PendingEvent, audit_record_many
from vigil.core.demo.builder import DemoWorld
from vigil.core.models import User
from vigil.places.models import Authority, Place
from vigil.recommendations.models import (
    PRIORITY_FOR_SEVERITY,
    Addressee,
    AuthorityResponse,
    Measure,
    Mechanism,
    Priority,
    Recommendation,
    Response,
    Source,
    Status,
    StatusUpdate,
)
from vigil.recommendations.services import current_state
from vigil.visits.models import Finding, Severity, TeamMember, TeamRole, Theme, Visit

A, DA, MI, PA = Addressee, Addressee.DETAINING_AUTHORITY, Addressee.MINISTRY, Addressee.PARLIAMENT
ST = Status
ON_SITE_OR_LATER = (
    Visit.Status.ON_SITE,
    Visit.Status.REPORTING,
    Visit.Status.REPORT_SENT,
    Visit.Status.CLOSED,
)
RECORDERS = ("monitor@hrc.example", "investigator@hrc.example", "admin@hrc.example")
ADMIN, COMMISSIONER = "admin@hrc.example", "commissioner@hrc.example"

# What the Commission recommends on each finding of the demo visits, and to whom when it is not
# the detaining authority. Findings not listed fall back to their theme.
# fmt: off
ON_FINDING: dict[str, tuple[str, str]] = {
    "Relatives not told of the arrest for a day or more": ("Notify a relative or a person of the detainee's choice of every arrest within two hours, and record the time and the person told in the custody register.", ""),
    "No lawyer during the first questioning": ("Give every person arrested access to a lawyer before and during the first questioning, and stop questioning when a lawyer is asked for until one is present.", ""),
    "Detainees held more than 48 hours before seeing a judge": ("Bring every person arrested before a judge within 48 hours, and release anyone whose detention has not been reviewed by then.", A.JUDICIARY),
    "Custody register incomplete": ("Keep a bound, numbered custody register at the station, with the time of arrest, admission, notification of a relative, access to a lawyer and release, and have the station commander check it daily.", ""),
    "Cells overcrowded, without mattresses or light": ("Limit the number of detainees per cell to its official capacity, and provide every detainee with a mattress, a blanket and light in the cell.", ""),
    "Consistent accounts of slaps and kicks during arrest": ("Issue a clear message from the chief of police that ill-treatment will not be tolerated, and refer the accounts collected by the team to the prosecutor for an independent investigation.", ""),
    "No medical examination on arrival": ("Offer every detainee a medical examination by a doctor or nurse on arrival, and record any injury with the detainee's account of how it happened.", ""),
    "Detainees depend on their families for food": ("Provide every detainee with three meals a day from the station's budget, regardless of family visits.", ""),
    "Women held under male supervision only": ("Hold women apart from men, out of their sight, and ensure that a female officer is on duty whenever a woman is in custody.", ""),
    "Information on rights in English only": ("Give detainees written information on their rights in the national language, English and the main local languages on arrival, and display it where the cells can read it.", ""),
    "Duty officers untrained in custody safeguards": ("Train all duty officers on the safeguards of the first hours of custody within the year, and include the topic in the basic training curriculum.", ""),
    "Dormitories at more than twice their capacity": ("Reduce the population of the dormitories to their official capacity, starting with a review of all remand detainees eligible for release on bail or recognisance.", ""),
    "Solitary confinement beyond 15 days": ("End solitary confinement beyond 15 consecutive days, and ensure a daily visit by health staff and a written review of every placement.", ""),
    "One doctor for the whole prison, a few hours a week": ("Provide a full-time doctor and nurses in proportion to the prison population, and a protocol for emergency transfers at night.", A.HEALTH_AUTHORITY),
    "Collective punishment after an escape attempt": ("Stop collective sanctions; impose sanctions only on individuals, after a hearing, and record them in the disciplinary register.", ""),
    "No confidential way to complain": ("Install locked complaint boxes opened only by the Commission or an independent body, and inform prisoners in writing of how to complain without fear.", ""),
    "Family visits of ten minutes through a wire screen": ("Allow family visits of at least one hour in a room without screens, and organise the queue so that families are not kept waiting from dawn.", ""),
    "Use-of-force register not kept": ("Keep a register of every use of force and of restraints, with the medical examination that followed, and review it monthly.", ""),
    "Drinking water rationed": ("Ensure drinking water is available to every prisoner at all times.", ""),
    "Most prisoners locked in 22 hours a day": ("Give every prisoner at least one hour of exercise in the open air a day, and develop work, education and sport for all.", ""),
    "Remand prisoners held for years without trial": ("Review the files of all remand prisoners held for more than a year, with the courts, and release those whose detention is no longer justified.", A.JUDICIARY),
    "Deaths in custody not investigated independently": ("Report every death in custody to the prosecutor and the Commission within 24 hours, and ensure an autopsy and an independent investigation.", A.PROSECUTION),
    "Women searched by male staff": ("Ensure women are searched only by female staff, and assign female officers to every shift, including at night.", ""),
    "Detention not explained in a language understood": ("Explain to every person detained, in a language they understand, why they are held and for how long, and give them their papers translated.", ""),
    "No screening for victims of torture": ("Screen every new arrival for signs of torture and trauma with a trained health professional, and refer survivors for care and release from detention.", ""),
    "Children detained with their families for months": ("End the detention of children for immigration reasons, and place families in open accommodation in the community.", ""),
    "No judicial review of long detention": ("Ensure that every person held more than 30 days has their detention reviewed by a court, and automatically every 30 days after that.", A.JUDICIARY),
    "Rooms overcrowded, no time outdoors": ("Reduce the number of people per room, and give everyone access to the open air for at least two hours a day.", ""),
    "Phones taken, no way to reach a lawyer or consulate": ("Let detained persons keep or use their mobile phones, and provide free calls to lawyers and consulates.", ""),
    "Restraint used without a register or a time limit": ("Use restraint only as a last resort, on a doctor's order, for the shortest time, under constant supervision, and record each use in a register reviewed by the director.", ""),
    "Treatment given without recorded consent": ("Seek and record the free and informed consent of residents to treatment, with support for decision-making where needed.", A.HEALTH_AUTHORITY),
    "Involuntary placements not reviewed by a court": ("Ensure that every involuntary placement is reviewed by a court within 72 hours of admission and at regular intervals.", A.JUDICIARY),
    "Dormitories of 30 beds, no privacy or belongings": ("Divide the dormitories into small rooms, and give every resident a lockable space for personal belongings.", ""),
    "Residents cannot leave the ward": ("Stop locking residents in at night, and give them free access to the garden during the day.", ""),
    "No complaint route residents can use": ("Set up a complaint procedure in plain language, with access to an outside body, and inform residents and families of it.", ""),
    "One nurse at night for 60 residents": ("Staff the night shift with enough nurses and aides to respond to every resident, in line with the health authority's norms.", A.HEALTH_AUTHORITY),
    "Pre-trial detention of children not a last resort": ("Use pre-trial detention of children only as a last resort and for the shortest time, and review every child's detention with the family courts.", A.JUDICIARY),
    "Less than ten hours of school a week": ("Provide full-time schooling and vocational training to every child held.", ""),
    "Isolation used as a punishment": ("Abolish the 'reflection room' and prohibit the isolation of children as a disciplinary measure.", ""),
    "Family visits withdrawn as a sanction": ("Never withdraw family contact as a sanction.", ""),
    "Handcuffs used on children inside the facility": ("Prohibit the use of handcuffs on children inside the facility, and train staff in de-escalation.", ""),
    "Detainee with head injuries and no medical care": ("Take the detainee to hospital today, have his injuries documented by an independent doctor, and refer his allegation to the prosecutor.", ""),
    "A 15-year-old boy held with adult detainees": ("Transfer the boy to a youth care centre immediately, inform his parents, and never hold children with adults.", ""),
    "Prisoner with a psychosocial disability held alone for 90 days": ("End the isolation of this prisoner now, and transfer him to a psychiatric ward for assessment and care.", ""),
    "Untreated tuberculosis in an overcrowded dormitory": ("Isolate and treat the sick prisoners at once, and screen everyone in the dormitory for tuberculosis.", A.HEALTH_AUTHORITY),
    "Prisoners threatened after speaking to the team": ("Ensure that no prisoner suffers any sanction for speaking to the Commission, and investigate the threats reported.", ""),
    "Hunger striker without medical monitoring": ("Ensure daily medical monitoring of the hunger striker by a doctor, with respect for his informed decisions.", A.HEALTH_AUTHORITY),
    "Resident tied to a bed for three days": ("Release the resident from the restraints today and review her care plan with an independent psychiatrist.", ""),
    "Girl reports harassment by a staff member still on duty": ("Remove the staff member from contact with the children at once, and refer the girl's report to the police and social welfare.", ""),
}
ON_THEME = {
    "custody_safeguards": "Ensure the safeguards of the first hours of custody are applied to every detainee.",
    "registers": "Keep complete and accurate registers, checked by the officer in charge.",
    "conditions": "Bring material conditions in line with the Nelson Mandela Rules.",
    "health_care": "Ensure timely access to health care for every detainee.",
    "treatment": "Ensure that no detainee is subjected to ill-treatment, and investigate every allegation.",
}
# fmt: on

# How each story of implementation unfolds: entries as (status, first day, last day) after the
# authority's response, and the responses it usually gets.
AC, PC, RJ, NR = (
    Response.ACCEPTED,
    Response.PARTIALLY_ACCEPTED,
    Response.REJECTED,
    Response.NO_RESPONSE,
)
# fmt: off
SCENARIOS: dict[str, tuple[list[tuple[str, int, int]], tuple[str, ...]]] = {
    "implemented": ([(ST.IN_PROGRESS, 15, 60), (ST.IMPLEMENTED, 90, 300)], (AC, AC, AC, AC, PC)),
    "partial": ([(ST.IN_PROGRESS, 15, 60), (ST.PARTIALLY_IMPLEMENTED, 90, 250)], (PC, AC)),
    "in_progress": ([(ST.IN_PROGRESS, 15, 90)], (AC, AC, PC)),
    "not_started": ([], ("", "", NR, AC)),
    "not_implemented": ([(ST.NOT_IMPLEMENTED, 10, 60)], (RJ, RJ, AC)),
    "relapsed": ([(ST.IN_PROGRESS, 10, 40), (ST.IMPLEMENTED, 90, 200), (ST.NOT_IMPLEMENTED, 260, 420)], (AC,)),
    "irrelevant": ([(ST.NO_LONGER_RELEVANT, 60, 300)], (AC, "")),
    "immediate": ([(ST.IMPLEMENTED, -4, -1)], (AC,)),  # urgent: done before the written reply
}
# fmt: on
WEIGHTS = {
    "implemented": 32,
    "partial": 16,
    "in_progress": 18,
    "not_started": 8,
    "not_implemented": 12,
    "relapsed": 6,
    "irrelevant": 4,
}

RESPONSE_TEXT: dict[str, list[str]] = {
    Response.ACCEPTED: [
        "The authority accepts the recommendation and has instructed the officers in charge.",
        "Accepted. A plan of action will be shared with the Commission within three months.",
        "The recommendation is accepted; funds have been requested in next year's budget.",
    ],
    Response.PARTIALLY_ACCEPTED: [
        "Accepted in part: the authority agrees in principle but cites a lack of budget for the whole measure.",
        "The authority accepts the recommendation for the larger stations only.",
    ],
    Response.REJECTED: [
        "The authority considers that current practice already complies with the law.",
        "Not accepted: the authority disputes the team's findings.",
    ],
    Response.NO_RESPONSE: ["No reply received by the deadline; a reminder was sent."],
}
AUTHORITY_NOTE: dict[str, list[str]] = {
    ST.IN_PROGRESS: [
        "The authority reports that work has started.",
        "Instructions issued to the officers in charge; procurement under way.",
        "A working group was set up with the Commission.",
    ],
    ST.PARTIALLY_IMPLEMENTED: [
        "The authority reports the measure applied in part of the places concerned.",
        "Applied at the main site; other sites wait for funding.",
    ],
    ST.IMPLEMENTED: [
        "The authority reports the recommendation implemented.",
        "Implemented according to the authority's letter.",
    ],
    ST.NOT_IMPLEMENTED: [
        "The authority states it will not act on the recommendation.",
        "Nothing was done; the authority cites other priorities.",
    ],
    ST.NO_LONGER_RELEVANT: [
        "The situation has changed: the recommendation no longer applies.",
        "Overtaken by a reorganisation of the service.",
    ],
}
VERIFIED_NOTE: dict[str, str] = {
    ST.NOT_STARTED: "Verified on the visit: nothing has changed since the recommendation.",
    ST.IN_PROGRESS: "Verified on the visit: first steps taken, not yet effective.",
    ST.PARTIALLY_IMPLEMENTED: "Verified on the visit: applied in part only.",
    ST.IMPLEMENTED: "Verified on the visit: the team saw the measure in place and working.",
    ST.NOT_IMPLEMENTED: "Verified on the visit: the recommendation has not been implemented.",
}
VERIFIED_EVIDENCE = [
    "Registers examined; interviews with detainees and staff.",
    "Cells and registers seen by the team; photographs on file.",
    "Private interviews and the officer in charge's records.",
]


@dataclass(frozen=True)
class UNSpec:
    mechanism: str
    document: str
    paragraph: str
    months_back: int
    text: str
    addressee: str
    themes: tuple[str, ...]
    scenario: str
    authority: str = ""  # an Authority.Kind whose first authority is addressed
    place_kinds: tuple[str, ...] = ()  # the first place of each kind concerned
    due_days: int | None = None
    law: str = ""


SPT, CAT, UPR, HRC, SR = (
    Mechanism.SPT,
    Mechanism.CAT,
    Mechanism.UPR,
    Mechanism.HRC,
    Mechanism.SPECIAL_PROCEDURES,
)
SPT_REPORT, CAT_CO = "CAT/OP/MRD/1 (report on the visit to Meridia)", "CAT/C/MRD/CO/2"
UPR_REPORT, CCPR_CO, SR_REPORT = (
    "A/HRC/56/9 (UPR working group report)",
    "CCPR/C/MRD/CO/3",
    "A/HRC/58/55/Add.1",
)

# fmt: off
UN: list[UNSpec] = [
    UNSpec(SPT, SPT_REPORT, "38", 30, "Keep custody registers in a standard bound form at every police station, recording the time of arrest, the notification of a relative, access to a lawyer and release.", DA, ("registers", "custody_safeguards"), "partial", authority="police", place_kinds=("police_station",), due_days=365),
    UNSpec(SPT, SPT_REPORT, "52", 30, "End at once the holding of children together with adults in police cells.", DA, ("children",), "implemented", authority="police", place_kinds=("police_station",), due_days=90),
    UNSpec(SPT, SPT_REPORT, "67", 30, "Reduce the population of the remand prisons visited to their official capacity, and give every detainee a bed and a mattress.", DA, ("overcrowding", "conditions"), "in_progress", place_kinds=("prison_remand",), due_days=540),
    UNSpec(SPT, SPT_REPORT, "89", 30, "Use immigration detention only as a last resort, for the shortest possible time, and never for children.", MI, ("migrants", "children"), "not_implemented", authority="immigration", place_kinds=("immigration_detention",), due_days=365),
    UNSpec(CAT, CAT_CO, "10 (a)", 26, "Ensure that all persons deprived of liberty enjoy, in law and in practice, all fundamental legal safeguards from the outset of detention, including prompt access to a lawyer and to an independent doctor and the notification of a relative.", MI, ("custody_safeguards",), "in_progress", due_days=365),
    UNSpec(CAT, CAT_CO, "14", 26, "Reduce overcrowding in places of detention, in particular through non-custodial measures and by limiting the use and length of pre-trial detention.", MI, ("overcrowding", "legal_safeguards"), "partial", due_days=365),
    UNSpec(CAT, CAT_CO, "22 (b)", 26, "Ensure that every death in custody is promptly, impartially and effectively investigated by an independent body, including by a forensic examination.", A.PROSECUTION, ("deaths",), "not_started", due_days=365),
    UNSpec(CAT, CAT_CO, "30", 26, "Establish an independent and effective complaint mechanism accessible to all persons deprived of liberty, and protect complainants against reprisals.", MI, ("complaints", "reprisals"), "not_implemented"),
    UNSpec(UPR, UPR_REPORT, "128.41", 22, "Bring the definition of torture in national law in line with article 1 of the Convention against Torture, with penalties commensurate with the gravity of the crime (supported).", PA, ("treatment",), "in_progress", law="Anti-Torture Act, section 3 (definition of torture)"),
    UNSpec(UPR, UPR_REPORT, "128.57", 22, "Raise the minimum age of criminal responsibility in line with international standards (noted).", PA, ("children",), "not_implemented", law="Juvenile Justice and Welfare Act, section 6 (minimum age of criminal responsibility)"),
    UNSpec(UPR, UPR_REPORT, "128.63", 22, "Give the national preventive mechanism the human and financial resources it needs to carry out its mandate fully (supported).", MI, ("staff",), "implemented", due_days=730),
    UNSpec(HRC, CCPR_CO, "24 (c)", 18, "Ensure that anyone arrested or detained on a criminal charge is brought before a judge within 48 hours.", A.JUDICIARY, ("legal_safeguards",), "partial", due_days=730),
    UNSpec(HRC, CCPR_CO, "28", 18, "Improve conditions in psychiatric institutions and ensure that every involuntary admission is subject to prompt judicial review.", A.HEALTH_AUTHORITY, ("disabilities", "legal_safeguards"), "in_progress", authority="health", place_kinds=("psychiatric_hospital",), due_days=730),
    UNSpec(SR, SR_REPORT, "98 (a)", 10, "Record all police interrogations on video, and keep the recordings for use in court and in investigations of ill-treatment.", DA, ("custody_safeguards", "treatment"), "not_started", authority="police"),
    UNSpec(SR, SR_REPORT, "98 (f)", 10, "Prohibit the use of restraints on residents of social care institutions except as a last resort, recorded and reviewed.", MI, ("restraints", "disabilities"), "in_progress", authority="social_welfare", place_kinds=("social_care_institution",)),
]
# fmt: on


@dataclass(frozen=True)
class LawSpec:
    source: str
    document: str
    months_back: int
    text: str
    addressee: str
    law: str
    themes: tuple[str, ...]
    scenario: str
    authority: str = ""
    measures: tuple[
        tuple[str, str, str, str, str, bool], ...
    ] = ()  # title, indicator, baseline, target, current, done


LR, TR, AR = Source.LAW_REVIEW, Source.THEMATIC_REPORT, Source.ANNUAL_REPORT
BILL = "Stage of the bill"

# fmt: off
LAW: list[LawSpec] = [
    LawSpec(LR, "Submission to the House Committee on Justice on House Bill 4521", 28, "Amend the Criminal Procedure Code so that every person arrested is brought before a judge within 48 hours, with no extension by the police.", PA, "Criminal Procedure Code, article 57 (custody time limits)", ("legal_safeguards",), "partial",
            measures=(("House Bill 4521 filed", BILL, "not filed", "filed", "filed", True), ("Committee hearing with the Commission's testimony", BILL, "none", "held", "held", True), ("Bill passed on third reading and signed", BILL, "pending", "enacted", "second reading", False))),
    LawSpec(TR, "Thematic report: The first hours of police custody", 20, "Make the notification of a relative and access to a lawyer from the first hour of custody a legal obligation, and exclude statements taken in breach of it.", PA, "Criminal Procedure Code, articles 60-62 (rights of persons arrested)", ("custody_safeguards",), "in_progress",
            measures=(("Draft amendment tabled", BILL, "none", "tabled", "tabled", True), ("Stations using the new notification form", "Stations", "0", "120", "34", False))),
    LawSpec(LR, "Advisory on the Mental Health Act", 24, "Replace the present involuntary admission procedure with a court review within 72 hours of admission and every three months after that.", PA, "Mental Health Act 2012, sections 21-25 (involuntary admission)", ("disabilities", "legal_safeguards"), "not_started"),
    LawSpec(LR, "Comments on the draft Immigration Act amendment", 16, "Set an absolute maximum period of immigration detention and prohibit the detention of children for immigration reasons.", PA, "Immigration Act, section 38 (detention pending removal)", ("migrants", "children"), "not_implemented"),
    LawSpec(AR, "Annual report 2024, chapter 4", 22, "Limit segregation to 15 consecutive days and require a daily medical visit and a written review of every placement.", MI, "Bureau of Corrections Operating Manual, part IV (segregation)", ("solitary",), "implemented", authority="prison_service",
            measures=(("Operating manual revised", "Manual", "2016 version", "revised", "revised", True), ("Segregation stays over 15 days", "Stays a quarter", "41", "0", "2", False))),
    LawSpec(AR, "Annual report 2025, chapter 2", 10, "Provide a budget line for meals, mattresses and blankets in every police lock-up.", PA, "General Appropriations Act (police custody budget)", ("food_water", "conditions"), "partial"),
    LawSpec(LR, "Position paper on the Commission's visiting powers", 14, "Give the Commission in law the power to visit, without notice, care homes for older persons, including locked dementia units, and court cells.", PA, "Commission on Human Rights Charter Act, section 18 (visiting powers)", ("complaints",), "in_progress",
            measures=(("Bill sponsored in the Senate", BILL, "none", "sponsored", "sponsored", True),)),
]
# fmt: on


Place_ = Recommendation.places.through
Theme_ = Recommendation.themes.through
Standard_ = Recommendation.standards.through
Finding_ = Recommendation.findings.through


def _add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    return date(day.year + month0 // 12, month0 % 12 + 1, 1)


@dataclass
class _Draft:
    """A recommendation and its histories before they are written."""

    rec: Recommendation
    places: list[int] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    standards: list[int] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)
    scenario: str = ""
    responses: list[AuthorityResponse] = field(default_factory=list)
    updates: list[StatusUpdate] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


class _Builder:
    def __init__(self, world: DemoWorld, key: str, rng: random.Random, anchor: date) -> None:
        self.world = world
        self.institution = world.institutions[key]
        self.rng = rng
        self.anchor = anchor
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.zone = ZoneInfo(self.institution.time_zone)
        self.drafts: list[_Draft] = []
        self.themes = {t.code: t.pk for t in Theme.objects.filter(institution__isnull=True)}
        self.authorities = {
            a.kind: a
            for a in Authority.objects.filter(institution=self.institution).order_by("-pk")
        }
        self.places_by_kind: dict[str, list[Place]] = defaultdict(list)
        for place in (
            Place.objects.filter(institution=self.institution)
            .select_related("kind")
            .order_by("external_ref")
        ):
            self.places_by_kind[place.kind.code].append(place)
        self.place_of = {p.pk: p for places in self.places_by_kind.values() for p in places}
        self.visits_at: dict[int, list[Visit]] = defaultdict(list)
        for visit in Visit.objects.filter(
            institution=self.institution, status__in=ON_SITE_OR_LATER, starts_on__isnull=False
        ).order_by("starts_on", "pk"):
            self.visits_at[visit.place_id].append(visit)
        self.leader_of = dict(
            TeamMember.objects.filter(
                institution=self.institution, role=TeamRole.LEADER
            ).values_list("visit_id", "user_id")
        )
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

    def new(self, **values: Any) -> _Draft:
        rec = Recommendation(institution=self.institution, reference="", **values)
        draft = _Draft(rec)
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
        findings = list(
            Finding.objects.filter(institution=self.institution, visit__status__in=ON_SITE_OR_LATER)
            .exclude(severity=Severity.OBSERVATION)
            .select_related("visit__place", "theme")
            .order_by("visit__starts_on", "visit_id", "pk")
        )
        standards: dict[int, list[int]] = defaultdict(list)
        for finding_id, standard_id in Finding.standards.through.objects.filter(
            finding__institution=self.institution
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
            for title, indicator, baseline, target, current, done in spec.measures:
                draft.measures.append(
                    Measure(
                        institution=self.institution,
                        title=title,
                        indicator=indicator,
                        baseline=baseline,
                        target=target,
                        current=current,
                        due_on=draft.rec.due_on,
                        done=done,
                    )
                )

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

    def _verify(self, draft: _Draft, steps: list[tuple[date, str, str, str]]) -> None:
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

    # --- writing ------------------------------------------------------------------------

    def write(self) -> None:
        self.drafts.sort(key=lambda d: (d.rec.issued_on, d.rec.created_at))
        per_year: dict[int, int] = defaultdict(int)
        for draft in self.drafts:
            year = draft.rec.issued_on.year
            per_year[year] += 1
            draft.rec.reference = f"R-{year}-{per_year[year]:04d}"
        recs = Recommendation.objects.bulk_create([d.rec for d in self.drafts])
        events = [
            PendingEvent("recommendation.created", r, {"source": r.source, "demo": True})
            for r in recs
        ]
        places: list[Any] = []
        themes: list[Any] = []
        standards: list[Any] = []
        findings: list[Any] = []
        for draft in self.drafts:
            pk = draft.rec.pk
            places += [Place_(recommendation_id=pk, place_id=p) for p in draft.places]
            themes += [Theme_(recommendation_id=pk, theme_id=t) for t in draft.themes]
            standards += [
                Standard_(recommendation_id=pk, standardreference_id=s) for s in draft.standards
            ]
            findings += [Finding_(recommendation_id=pk, finding_id=f) for f in draft.findings]
            for response in draft.responses:
                response.recommendation = draft.rec
            for update in draft.updates:
                update.recommendation = draft.rec
            for measure in draft.measures:
                measure.recommendation = draft.rec
        Place_.objects.bulk_create(places)
        Theme_.objects.bulk_create(themes)
        Standard_.objects.bulk_create(standards)
        Finding_.objects.bulk_create(findings)
        responses = AuthorityResponse.objects.bulk_create(
            [r for d in self.drafts for r in d.responses]
        )
        updates = StatusUpdate.objects.bulk_create([u for d in self.drafts for u in d.updates])
        measures = Measure.objects.bulk_create([m for d in self.drafts for m in d.measures])
        # In the order they happened, as the services would have written them.
        happened: list[tuple[datetime, PendingEvent]] = []
        happened += [
            (
                r.created_at,
                PendingEvent(
                    "recommendation.response_recorded",
                    r.recommendation,
                    {"response": r.response, "via_matrix": r.via_matrix, "demo": True},
                ),
            )
            for r in responses
        ]
        happened += [
            (
                u.created_at,
                PendingEvent(
                    "recommendation.status_recorded",
                    u.recommendation,
                    {
                        "status": u.status,
                        "visit": u.verified_at_visit_id,
                        "via_matrix": False,
                        "demo": True,
                    },
                ),
            )
            for u in updates
        ]
        happened += [
            (
                m.recommendation.created_at,
                PendingEvent(
                    "recommendation.measure_added",
                    m.recommendation,
                    {"measure": m.pk, "demo": True},
                ),
            )
            for m in measures
        ]
        events += [event for _when, event in sorted(happened, key=lambda pair: pair[0])]
        audit_record_many(events=events, actor=self.user(ADMIN), institution=self.institution)


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
    builder.write()
