"""People and evidence for `vigil demo`: interviews and consent, allegation cases, Istanbul
Protocol examinations, evidence files, reprisals and check-backs.

Runs after the visits step (people comes after visits in INSTALLED_APPS) and goes through the
services of `vigil.people.services`, acting as the demo staff, so that every value is
encrypted and every change leaves its audit event exactly as in real use. It is deterministic:
one seeded random generator, visits chosen by their age, and every date counted back from
today. Everyone named here is invented; the photographs are drawn shapes, not people.
"""

# The content tables below keep one entry per line, so that they read as tables.
# ruff: noqa: E501

from __future__ import annotations

import io
import random
import time as clock
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from PIL import Image, ImageDraw

from vigil.core.demo.builder import DemoWorld
from vigil.core.models import Institution, Membership
from vigil.people.models import (
    REFERRAL_OUTCOMES,
    BodyMark,
    Case,
    CaseAssignment,
    CaseOutcome,
    CaseStage,
    CheckBack,
    ConsentRecord,
    Consistency,
    Examination,
    IllTreatmentType,
    IntakeSource,
    Interview,
    Person,
    ReprisalType,
    Vulnerability,
)
from vigil.people.services import cases as case_services
from vigil.people.services import evidence as evidence_services
from vigil.people.services import interviews as interview_services
from vigil.people.services import medical as medical_services
from vigil.people.services import reprisals as reprisal_services
from vigil.places.models import Place
from vigil.visits.demo.content import GROUP_OF
from vigil.visits.models import Visit

SEED = 2031
INSTITUTION = "hrc"
MONITOR, INVESTIGATOR = "monitor@hrc.example", "investigator@hrc.example"
DOCTOR, COMMISSIONER, ADMIN = "doctor@hrc.example", "commissioner@hrc.example", "admin@hrc.example"
DONE = (Visit.Status.ON_SITE, Visit.Status.REPORTING, Visit.Status.REPORT_SENT, Visit.Status.CLOSED)

# Days a case may stay in each stage at the Commission (its own setting, not the defaults).
STAGE_DAYS = {
    CaseStage.RECEIVED: 10,
    CaseStage.ASSESSMENT: 30,
    CaseStage.INVESTIGATION: 120,
    CaseStage.OUTCOME: 45,
}

V = Vulnerability
P, GU, RE, GR = (
    ConsentRecord.GivenBy.PERSON,
    ConsentRecord.GivenBy.GUARDIAN,
    ConsentRecord.GivenBy.REPRESENTATIVE,
    ConsentRecord.GivenBy.GROUP,
)
INT, ANON, SPT, PUB = "internal", "anonymous_reports", "spt", "publication"
PRIVATE = "Visiting room, out of sight and hearing of staff"


@dataclass(frozen=True)
class Slot:
    """A visit to take interviews from: about `age` days ago, of one of `groups` if possible."""

    age: int
    groups: tuple[str, ...] = ()


# The last slot is simply the most recent visit made.
SLOTS = [
    Slot(330, ("police",)),
    Slot(280, ("prison",)),
    Slot(240, ("police",)),
    Slot(195, ("migration",)),
    Slot(150, ("prison",)),
    Slot(110, ("youth",)),
    Slot(80, ("police",)),
    Slot(55, ("prison",)),
    Slot(45, ("care",)),
    Slot(0),
]


@dataclass(frozen=True)
class InterviewSpec:
    key: str
    slot: int
    name: str = ""  # empty: a group interview
    gender: str = ""
    born: int = 0  # year of birth; negative: age in years (children)
    nationality: str = "Meridian"
    language: str = "Tagalog"
    vulnerabilities: tuple[str, ...] = ()
    fears: bool = False
    interpreter: str = ""
    setting: str = PRIVATE
    notes: str = ""
    summary: str = ""
    consent: tuple[str, ...] = (INT,)
    given_by: str = P
    group_size: int = 0
    interviewers: tuple[str, ...] = (MONITOR,)
    same_person_as: str = ""


def _i(key: str, slot: int, name: str, gender: str, born: int, notes: str, summary: str, consent: tuple[str, ...], **more: Any) -> InterviewSpec:  # fmt: skip
    return InterviewSpec(
        key, slot, name, gender, born, notes=notes, summary=summary, consent=consent, **more
    )


def _g(key: str, slot: int, size: int, notes: str, summary: str, consent: tuple[str, ...], **more: Any) -> InterviewSpec:  # fmt: skip
    more.setdefault("given_by", GR)
    return InterviewSpec(
        key, slot, group_size=size, notes=notes, summary=summary, consent=consent, **more
    )


# fmt: off
INTERVIEWS: list[InterviewSpec] = [
    _i("rodel", 0, "Rodel Manalastas Dizon", "male", 1994, "Arrested at a checkpoint on a theft complaint. Says two officers hit him with a wooden stick on the arms and back in the investigation room that night and kicked him when he fell, until he signed a statement he was not allowed to read. No lawyer, no doctor. Shows bruises on the left forearm.", "A detainee said he was beaten with a stick and kicked during night-time questioning until he signed a statement.", (INT, ANON, SPT), vulnerabilities=(V.PRE_TRIAL,), fears=True, interviewers=(MONITOR, INVESTIGATOR)),
    _i("jomar", 0, "Jomar Pascual Tolentino", "male", 2001, "Held four days before being brought to a judge. Asked for a lawyer and for his mother to be told; both refused until after questioning. No ill-treatment reported.", "A detainee waited four days to see a judge, without a lawyer or his family being told.", (INT, ANON), vulnerabilities=(V.PRE_TRIAL,)),
    _g("cell-a", 0, 6, "Six men in the main cell. One bulb in the corridor, no mattresses, one bucket as toilet. Food only from families. All say slaps at arrest are normal here.", "Men held in the main cell described sleeping on concrete and relying on their families for food.", (INT, ANON), setting="Cell corridor, with the door open and staff sent away"),
    _i("arnel", 1, "Arnel Bagasbas Quijano", "male", 1979, "After an escape attempt by others in his dormitory, the escort team took six men to the yard at night, made them lie face down and beat them with batons on the back and legs. He names no officers but describes their uniforms and unit patch.", "A prisoner described a night-time beating in the yard of men from his dormitory after an escape attempt.", (INT, ANON), fears=True, interviewers=(INVESTIGATOR,)),
    _i("ferdinand", 1, "Ferdinand Lualhati Ocampo", "male", 1961, "Has been alone in a segregation cell for about ninety days. Hears voices at night; no psychiatrist has seen him. Food pushed through the hatch. Confused about the date.", "A prisoner with a psychosocial disability had been held alone for about ninety days without mental-health care.", (INT, SPT), vulnerabilities=(V.PSYCHOSOCIAL, V.OLDER), setting="At the door of the segregation cell, staff at a distance", interviewers=(MONITOR, DOCTOR)),
    _i("wilfredo", 1, "Wilfredo Sanchez Malonzo", "male", 1985, "Dormitory leader. Explains the shift system for sleeping, the water rationing and the queue for the doctor. Wants the situation made public and agrees to be named.", "A prisoner described sleeping in shifts and water running two hours a day; he asked for this to be made public.", (INT, ANON, SPT, PUB)),
    _i("kristine", 2, "Kristine Joy Bernabe Alcantara", "female", 1998, "Only woman in the cells that night. Strip-searched by two male officers who made remarks about her body and filmed with a phone. Kept in a cell facing the men's cell.", "A woman said she was strip-searched by male officers who filmed her.", (INT, ANON), vulnerabilities=(V.WOMAN,), fears=True, interviewers=(MONITOR,)),
    _i("reynaldo", 2, "Reynaldo Gatchalian Soriano", "male", 1990, "His phone, wallet and the wages he had just been paid were taken at arrest and not listed in the property register. Asked three times for them; told they were 'lost'.", "A detainee's belongings and wages were taken at arrest and not registered.", (INT, ANON, PUB)),
    _i("elmer", 2, "Elmer Dimaculangan Ramos", "male", 1987, "Says officers demanded money from his family for his release and threatened to 'add charges' otherwise.", "", (INT,), vulnerabilities=(V.PRE_TRIAL,)),
    _i("hai", 3, "Nguyen Van Hai", "male", 1992, "Fisherman detained after his boat was seized. Eleven months held, no judge. Says guards beat him with a belt after he and others protested about food, and that he was then kept in a room without a window for a week.", "A detained foreign fisherman said he was beaten with a belt after a protest about food, then isolated for a week.", (INT, ANON, SPT), nationality="Vietnamese", language="Vietnamese", vulnerabilities=(V.MIGRANT,), fears=True, interpreter="Nguyen Thi Lan (Vietnamese)", interviewers=(INVESTIGATOR, MONITOR)),
    _i("wahid", 3, "Abdul Wahid Sultani", "male", 1996, "Asked for asylum on arrival; no one has explained what happens to his claim. Phone taken; has not spoken to his family in four months.", "An asylum seeker had no news of his claim and no contact with his family for four months.", (INT, ANON), nationality="Afghan", language="Dari", vulnerabilities=(V.MIGRANT,), interpreter="Farid Rahimi (Dari, Pashto)"),
    _g("women-room", 3, 4, "Four women sharing a room with two small children. Male guards enter at night without knocking. No sanitary items unless bought.", "Women held with their children said male guards enter their room at night without warning.", (INT, ANON), vulnerabilities=(V.WOMAN, V.MIGRANT), interpreter="Amina Yusuf (Somali, Arabic)", interviewers=(MONITOR, DOCTOR)),
    _i("danilo", 4, "Danilo Perez Macaraeg", "male", 1983, "Says that after a fight in the dormitory he was handcuffed to the bars of the segregation cell with his arms above his head for most of a night, and beaten on the soles of his feet with a rubber hose. Walks with difficulty; marks on both wrists.", "A prisoner said he was hung by handcuffs from cell bars and beaten on the soles of his feet.", (INT, ANON, SPT), fears=True, interviewers=(MONITOR, DOCTOR)),
    _i("rogelio", 4, "Rogelio Santiago Buenaventura", "male", 1975, "Three years on remand; his hearing has been postponed eleven times. Complained to the warden about the water and was told complaints 'have consequences'.", "A remand prisoner whose hearing was postponed eleven times was warned that complaints 'have consequences'.", (INT, ANON), vulnerabilities=(V.PRE_TRIAL,), fears=True),
    _i("melchor", 4, "Melchor Estrada Tumulak", "male", 1991, "Uses crutches; the toilets are up two flights of stairs. Other prisoners carry him. Asks for a transfer to the ground floor.", "", (INT,), vulnerabilities=(V.DISABILITY,)),
    _i("mark-anthony", 5, "Mark Anthony Lacson Ibarra", "male", -16, "Sixteen. Says a staff member punched him in the stomach and twisted his arm behind his back for answering back, in front of other boys. Sent to the 'reflection room' for two days afterwards. His mother was present for the consent.", "A boy said a staff member punched him and twisted his arm, then isolated him for two days.", (INT, ANON), given_by=GU, vulnerabilities=(V.CHILD,), fears=True, interviewers=(INVESTIGATOR, DOCTOR), setting="Empty classroom, door closed; a social worker of the Commission present"),
    _i("princess", 5, "Princess Mae Sarmiento Ortega", "female", -15, "Fifteen. Only three mornings of school a week. Family visits were stopped for a month as a punishment for breaking a rule.", "A girl said family visits were stopped for a month as a punishment.", (INT,), given_by=GU, vulnerabilities=(V.CHILD, V.WOMAN), setting="Empty classroom, door closed"),
    _g("boys", 5, 5, "Five boys aged 14 to 17. Describe the 'reflection room' and handcuffs when moved between buildings. Most have not seen a judge since they arrived.", "Boys described an isolation room used as punishment and handcuffs used inside the facility.", (INT, ANON), given_by=GU, vulnerabilities=(V.CHILD, V.PRE_TRIAL), interviewers=(INVESTIGATOR,)),
    _i("ramil", 6, "Ramil Cortez Bañaga", "male", 1997, "Arrested at a drinking session. Says officers beat the backs of his thighs with a rattan stick in the investigation room and slapped him repeatedly, asking for the names of drug sellers.", "A detainee said he was beaten on the thighs with a stick and slapped during questioning about drug sellers.", (INT, ANON, SPT), fears=True, interviewers=(MONITOR, DOCTOR)),
    _i("leonardo", 6, "Leonardo Abad Fajardo", "male", 1963, "Diabetic; his medicine was taken at arrest and not returned. Has had no insulin for three days.", "An older detainee had gone three days without his insulin.", (INT, ANON), vulnerabilities=(V.OLDER,), interviewers=(MONITOR, DOCTOR)),
    _i("noel", 6, "Noel Tabora Aguilar", "male", 1999, "Held overnight without his arrest being registered. Released the next morning without charge. No ill-treatment.", "", (INT,)),
    _i("rogelio-again", 7, "", "", 0, "Follow-up with the remand prisoner interviewed at the earlier visit. Family visits restored. Still no date for his hearing. Agrees now to his account going to the SPT.", "A remand prisoner interviewed before said his family visits had been restored; his hearing still has no date.", (INT, ANON, SPT), vulnerabilities=(V.PRE_TRIAL,), fears=True, same_person_as="rogelio"),
    _i("ariel", 7, "Ariel Mangubat Sison", "male", 1989, "Says a guard struck him with a radio on the head during a search of the dormitory and that no one recorded it. Scar above the left ear.", "A prisoner said a guard hit him on the head with a radio during a search.", (INT, ANON), fears=True, interviewers=(INVESTIGATOR,)),
    _g("dormitory", 7, 8, "Eight men of one dormitory. Sleep in shifts; exercise once a week; the complaint box is opened by the guards.", "Men of one dormitory said the complaint box is opened by the guards they complain about.", (INT, ANON), vulnerabilities=(V.PRE_TRIAL,)),
    _i("teresita", 8, "Teresita Gumabao Lacsamana", "female", 1958, "Tied to her bed for most of two days after she refused an injection; nobody explained why. Afraid that speaking to the team will make it happen again.", "A woman said she was tied to her bed for two days after refusing an injection.", (INT, ANON), vulnerabilities=(V.PSYCHOSOCIAL, V.OLDER, V.WOMAN), fears=True, interviewers=(MONITOR, DOCTOR)),
    _i("bernardo", 8, "Bernardo Ilagan Roxas", "male", 1971, "Does not know why he is held or for how long. His guardian, a cousin, has not visited in a year.", "", (INT,), given_by=RE, vulnerabilities=(V.PSYCHOSOCIAL,)),
    _i("cynthia", 8, "Cynthia Lagman Ferrer", "female", 1980, "Describes calm, respectful staff and daily activities; praises the open garden.", "A woman described respectful staff and daily activities.", (INT, ANON, PUB), vulnerabilities=(V.WOMAN,)),
    _i("jayson", 9, "Jayson Macapagal Dela Cruz", "male", 2003, "Says officers covered his head with a plastic bag twice during questioning about a robbery, until he nearly fainted. Afraid of the officers on the night shift.", "A detainee said a plastic bag was put over his head during questioning.", (INT, ANON, SPT), fears=True, interviewers=(MONITOR, INVESTIGATOR)),
    _i("marites", 9, "Marites Pangilinan Robles", "female", 1986, "Arrested with her baby, who stayed with her in the cell for two days. A female officer came only in the day. Agrees to be named in the public report.", "A woman was held with her baby for two days; a female officer was present only by day.", (INT, ANON, SPT, PUB), vulnerabilities=(V.WOMAN,)),
    _g("cells", 9, 5, "Five men in two cells. Register entries in pencil; two of them were not in the register at all.", "Men in the cells said they had not been registered on arrival.", (INT,)),
]
# fmt: on

# Consent withdrawn later: interview key -> (days after the interview, reason).
WITHDRAWALS = {
    "elmer": (20, "He fears the station will learn that he spoke to the Commission."),
    "melchor": (30, "He was transferred and asked that nothing he said be used."),
}
# Consent widened later: interview key -> (days after the interview, scopes).
WIDENED = {"leonardo": (21, (INT, ANON, SPT))}

# Check-backs done after an interview's first one: (days late, result, notes, next one in
# days or None). Interviews at risk not listed keep their first check-back pending.
R = CheckBack.Result
# fmt: off
CHECK_BACKS: dict[str, list[tuple[int, str, str, int | None]]] = {
    "rodel": [(2, R.CONCERN, "The desk officer told him complaining 'will cost him'. Raised with the commander.", 30), (1, R.SAFE, "Released on bail; lives with his sister. No contact from the station since.", None)],
    "arnel": [(3, R.REPRISAL, "Transferred far from his family the day after the visit.", 21), (0, R.SAFE, "Returned to his first prison after the Commission's letter.", None)],
    "kristine": [(1, R.SAFE, "Released without charge; she has a lawyer for her complaint.", None)],
    "hai": [(4, R.CONCERN, "A disciplinary report was filed against him after the visit; since withdrawn.", 28), (2, R.UNREACHABLE, "Returned to his country; the consulate passed on a telephone number that does not answer.", None)],
    "danilo": [(2, R.REPRISAL, "Held in segregation for ten days after the visit.", 14), (3, R.SAFE, "Back in his dormitory; no further incident.", 60), (5, R.SAFE, "Calm; the escort officers named in his account were moved to another unit.", 90)],
    "rogelio": [(0, R.REPRISAL, "Family visits stopped for a month.", None)],
    "mark-anthony": [(1, R.SAFE, "Released to his mother; back at school. Called again in four months.", 120)],
    "ramil": [(2, R.REPRISAL, "Slapped by an officer who asked what he had told the Commission.", 14)],
    "rogelio-again": [(3, R.SAFE, "No sign of reprisal; the warden has been told the Commission follows his case.", 60)],
}
# fmt: on

# (interview, case or "", days after the interview, type, unit ({place} = the visit's place), what happened, action taken)
T = ReprisalType
# fmt: off
REPRISALS = [
    ("rodel", "beating-at-arrest", 10, T.THREAT, "{place}, custodial desk", "Told by the desk officer that complaining to the Commission 'will cost him'.", "Raised in writing with the station commander; check-back brought forward."),
    ("arnel", "yard-beating", 4, T.TRANSFER, "Escort and security team", "Transferred to a prison far from his family the day after speaking to the team.", "Letter to the Bureau director asking for the reasons and his return; he was returned five weeks later."),
    ("hai", "fisherman", 12, T.SANCTION, "Facility security unit", "Disciplinary report for 'spreading false information' after the visit; three days without telephone calls.", "Raised with the head of the facility; the report was withdrawn."),
    ("danilo", "suspension", 5, T.SOLITARY, "Segregation unit", "Held alone in a segregation cell for ten days after the visit, without a hearing.", "Urgent letter to the warden; he left segregation on the eleventh day."),
    ("rogelio", "", 9, T.PRIVILEGES, "Dormitory B wardens", "Family visits stopped for a month; told it was because he 'talks too much'.", "Raised at the next visit; visits restored."),
    ("ramil", "thighs", 4, T.VIOLENCE, "{place}, night shift", "Slapped and pushed against a wall by an officer who asked what he had told the Commission.", "Reported to the prosecutor as a new allegation and added to the case file."),
]
# fmt: on


@dataclass(frozen=True)
class CaseSpec:
    key: str
    opener: str
    source: str
    interview: str = ""  # key of the interview it came from
    victims: tuple[tuple[str, str, int], ...] = ()  # (name, gender, born) when not an interviewee
    received: int = 1  # days after the interview, or days before today without one
    incident_before: int = 1  # days before it was received
    place_kind: str = ""  # a registered place of this kind, when not the visit's place
    place_text: str = ""  # where it happened, when not a registered place
    types: tuple[str, ...] = ()
    account: str = ""
    injuries: str = ""
    perpetrators: tuple[tuple[str, str, str, str], ...] = ()  # agency, unit, rank, name
    team: tuple[tuple[str, str], ...] = ()  # added after the opener, who leads
    # (to stage, outcome, days after the last move, reason)
    path: tuple[tuple[str, str, int, str], ...] = ()
    # body, their_reference, follow_up (days after sending)
    referral: dict[str, Any] = field(default_factory=dict)
    # (days after sending it was done, status, notes, next follow-up in days after sending)
    follow_ups: tuple[tuple[int, str, str, int | None], ...] = ()


S, OUT = CaseStage, CaseOutcome
MNP = "Meridia National Police"
BUCOR = "Meridia Bureau of Corrections"
PROSECUTOR = "Office of the Provincial Prosecutor, Dalisay"
M, L, MED = CaseAssignment.Role.MEMBER, CaseAssignment.Role.LEAD, CaseAssignment.Role.MEDICAL
# fmt: off
CASES: list[CaseSpec] = [
    CaseSpec("beating-at-arrest", INVESTIGATOR, IntakeSource.VISIT_INTERVIEW, interview="rodel", received=2, incident_before=6, types=("beating", "threats"),
             account="Arrested at a checkpoint. In the investigation room that night two officers hit him with a wooden stick on the arms and back and kicked him when he fell, until he signed a statement he was not allowed to read.",
             injuries="Bruises on the left forearm and the left shoulder blade; cut above the right eyebrow.",
             perpetrators=((MNP, "{place}, investigation section", "Police Staff Sergeant", "Known as 'Sarge Tonyo'"), (MNP, "{place}, investigation section", "Patrolman", "")),
             team=((DOCTOR, MED),),
             path=((S.ASSESSMENT, "", 4, "Admissible: within the mandate, victim identified, consent given."), (S.INVESTIGATION, "", 21, "Medical examination requested; custody register and duty roster obtained."), (S.OUTCOME, OUT.REFERRED_PROSECUTION, 70, "Examination highly consistent with the account; register altered. Referred for prosecution."), (S.CLOSED, "", 40, "Charges filed against two officers; the Commission follows the trial as an observer.")),
             referral={"body": PROSECUTOR, "their_reference": "NPS-DAL-INV-0417", "follow_up": 30},
             follow_ups=((20, "acknowledged", "Preliminary investigation opened.", None), (35, "action_taken", "Charges of physical injuries and coercion filed against two officers.", None))),
    CaseSpec("yard-beating", MONITOR, IntakeSource.VISIT_INTERVIEW, interview="arnel", received=1, incident_before=12, types=("beating", "excessive_force"),
             account="After an escape attempt by others, six men of his dormitory were taken to the yard at night, made to lie face down and beaten with batons on the back and legs.",
             injuries="Said to have had bruises on the back and legs; healed by the time of the visit.",
             perpetrators=((BUCOR, "Escort and security team", "Corrections officers (several)", ""),),
             path=((S.ASSESSMENT, "", 6, "Admissible; other men of the dormitory to be heard."), (S.INVESTIGATION, "", 20, "Four other men interviewed; duty log requested."), (S.OUTCOME, OUT.UNSUBSTANTIATED, 85, "The other men would not confirm the account; no medical record; duty log missing for that night. Not substantiated; the missing log is raised as a finding."), (S.CLOSED, "", 10, "Closed; the missing duty log is followed up as a recommendation."))),
    CaseSpec("belongings", INVESTIGATOR, IntakeSource.VISIT_INTERVIEW, interview="reynaldo", received=1, incident_before=9, types=("other",),
             account="His phone, wallet and wages were taken at arrest, not listed in the property register, and later said to be 'lost'.",
             perpetrators=((MNP, "{place}, custodial desk", "Desk officer", ""),), team=((MONITOR, M),),
             path=((S.ASSESSMENT, "", 5, "Admissible; the station commander asked to explain."), (S.OUTCOME, OUT.RESOLVED, 18, "The station returned the phone and wallet and paid the missing wages; the complainant is satisfied."), (S.CLOSED, "", 12, "Closed with the complainant's agreement."))),
    CaseSpec("land-dispute", COMMISSIONER, IntakeSource.REFERRAL_FAMILY, victims=(("Eduardo Salonga Mercado", "male", 1966),), received=210, incident_before=30, place_text="At his farm outside Payapa, during a dispute with a neighbour", types=("threats",),
             account="His daughter writes that a barangay official threatened him during a dispute over land and that the police did not act on his complaint.",
             perpetrators=(("Barangay council", "", "Barangay official", ""),),
             path=((S.ASSESSMENT, "", 3, "Family and complainant heard by telephone."), (S.OUTCOME, OUT.NOT_ADMISSIBLE, 12, "Not deprivation of liberty and not ill-treatment by an official in custody; outside the mandate. The family was told of the legal aid office."), (S.CLOSED, "", 7, "Closed; letter sent to the family."))),
    CaseSpec("withdrawn", INVESTIGATOR, IntakeSource.REFERRAL_NGO, victims=(("Marlon Tagle Zamora", "male", 1993),), received=170, incident_before=20, place_kind="police_station", types=("beating",),
             account="A human rights NGO reports that he was punched during arrest and held for two days without food.",
             perpetrators=((MNP, "Patrol unit", "", ""),),
             path=((S.OUTCOME, OUT.WITHDRAWN, 8, "He asked in writing to withdraw the complaint; heard alone, he confirmed it was his free choice."), (S.CLOSED, "", 6, "Closed at the complainant's request; the NGO informed."))),
    CaseSpec("fisherman", COMMISSIONER, IntakeSource.VISIT_INTERVIEW, interview="hai", received=3, incident_before=15, types=("beating", "solitary", "food_water_denied"),
             account="After a protest about food, guards beat him and others with a belt and kept him for a week in a room without a window.",
             injuries="Linear marks on the back said to have healed.",
             perpetrators=(("Bureau of Immigration (Meridia)", "Facility security unit", "Guards (several)", ""),), team=((INVESTIGATOR, M),),
             path=((S.ASSESSMENT, "", 5, "Admissible; the interpreter's notes added to the file."), (S.OUTCOME, OUT.REFERRED_OTHER, 16, "Administrative detention of foreigners falls to the Ombudsman's custodial unit; referred with the man's consent.")),
             referral={"body": "Office of the Ombudsman of Meridia, Custodial Complaints Unit", "their_reference": "", "follow_up": 30},
             follow_ups=((10, "acknowledged", "Registered; an investigator assigned.", 45),)),
    CaseSpec("suspension", MONITOR, IntakeSource.VISIT_INTERVIEW, interview="danilo", received=1, incident_before=4, types=("suspension", "beating", "positional"),
             account="After a fight in the dormitory he was handcuffed to the bars of the segregation cell with his arms above his head for most of a night and beaten on the soles of the feet with a rubber hose.",
             injuries="Abrasions around both wrists; swollen, painful soles; walks with difficulty.",
             perpetrators=((BUCOR, "Segregation unit", "Senior Corrections Officer", ""), (BUCOR, "Segregation unit", "Corrections Officer I", "")),
             team=((DOCTOR, MED),),
             path=((S.ASSESSMENT, "", 3, "Urgent: injuries visible; examination arranged."), (S.INVESTIGATION, "", 12, "Examination done; the segregation register copied."), (S.OUTCOME, OUT.REFERRED_PROSECUTION, 55, "Findings highly consistent with suspension and falanga. Referred to the Bureau's Internal Affairs Service and the prosecutor.")),
             referral={"body": "Meridia Bureau of Corrections, Internal Affairs Service", "their_reference": "IAS-2026-113", "follow_up": 30},
             follow_ups=((14, "acknowledged", "Administrative investigation opened; the two officers moved to other duties.", 120),)),
    CaseSpec("child-punched", INVESTIGATOR, IntakeSource.VISIT_INTERVIEW, interview="mark-anthony", received=2, incident_before=5, types=("beating", "solitary"),
             account="A staff member punched him in the stomach and twisted his arm behind his back for answering back, then sent him to the 'reflection room' for two days.",
             injuries="Bruise on the right upper arm; pain in the stomach for some days.",
             perpetrators=(("Department of Social Welfare, Youth Care Service", "House parents, night duty", "", ""),), team=((DOCTOR, MED),),
             path=((S.ASSESSMENT, "", 2, "Admissible; a child: handled with priority."), (S.INVESTIGATION, "", 10, "Examination and interviews of other boys arranged."))),
    CaseSpec("thighs", MONITOR, IntakeSource.VISIT_INTERVIEW, interview="ramil", received=1, incident_before=3, types=("beating", "humiliation"),
             account="In the investigation room officers beat the backs of his thighs with a rattan stick and slapped him repeatedly, asking for the names of drug sellers.",
             injuries="Bruising on the backs of both thighs; swollen left cheek.",
             perpetrators=((MNP, "{place}, anti-drug unit", "Police Corporal", ""),), team=((DOCTOR, MED),),
             path=((S.ASSESSMENT, "", 3, "Admissible."), (S.INVESTIGATION, "", 9, "Examination done; duty roster requested from the station."))),
    CaseSpec("strip-search", COMMISSIONER, IntakeSource.VISIT_INTERVIEW, interview="kristine", received=2, incident_before=3, types=("sexual_violence", "humiliation"),
             account="Strip-searched by two male officers who made remarks about her body and filmed her with a phone.",
             perpetrators=((MNP, "{place}, custodial desk", "Police Officer I", ""), (MNP, "{place}, custodial desk", "Police Officer II", "")),
             team=((INVESTIGATOR, M),),
             path=((S.ASSESSMENT, "", 7, "Admissible; a woman investigator assigned at her request."), (S.INVESTIGATION, "", 25, "Phone seizure requested through the prosecutor; duty roster obtained."))),
    CaseSpec("radio", MONITOR, IntakeSource.VISIT_INTERVIEW, interview="ariel", received=2, incident_before=20, types=("beating",),
             account="During a search of the dormitory a guard struck him on the head with a radio; nobody recorded it.",
             injuries="Scar about 3 cm above the left ear.",
             perpetrators=((BUCOR, "Search team", "Corrections Officer", ""),),
             path=((S.ASSESSMENT, "", 2, "Search log and clinic register requested."),)),
    CaseSpec("lawyer-letter", INVESTIGATOR, IntakeSource.REFERRAL_LAWYER, victims=(("Gregorio Lontoc Evangelista", "male", 1988),), received=5, incident_before=4, place_kind="police_station", types=("beating", "threats"),
             account="His lawyer writes that he was punched and threatened with a gun during questioning about a stolen motorbike.",
             perpetrators=((MNP, "Investigation section", "", ""),)),
    CaseSpec("media-report", COMMISSIONER, IntakeSource.MEDIA, victims=(("Edwin Parungao Salazar", "male", 1990), ("Rommel Yap Medina", "male", 1995)), received=16, incident_before=2,
             place_text="On the coastal road between Batis and Payapa, in a police vehicle", types=("beating", "excessive_force"),
             account="A local radio station reported that two men were beaten in a police vehicle after a traffic stop; a video circulates online.",
             perpetrators=((MNP, "Highway patrol", "", ""),)),
    CaseSpec("plastic-bag", INVESTIGATOR, IntakeSource.VISIT_INTERVIEW, interview="jayson", received=2, incident_before=4, types=("asphyxiation", "threats"),
             account="During questioning about a robbery officers covered his head with a plastic bag twice, until he nearly fainted.",
             perpetrators=((MNP, "{place}, investigation section", "", ""),), team=((MONITOR, M),),
             path=((S.ASSESSMENT, "", 2, "Admissible; no marks expected, so other evidence is needed."),)),
]
# fmt: on


@dataclass(frozen=True)
class ExaminationSpec:
    case: str
    after: int  # days after the case was received
    interpreter: str
    history: str
    physical: str
    psychological: str
    opinion: str
    marks: tuple[tuple[str, int, int, str, str], ...]  # side, x, y, description, consistency
    psych_items: tuple[tuple[str, str], ...]


F, B = BodyMark.Side.FRONT, BodyMark.Side.BACK
C = Consistency
QUALIFICATIONS = "MD, diploma in forensic medicine; trained in the Istanbul Protocol (2022 edition)"
# fmt: off
EXAMINATIONS = [
    ExaminationSpec("beating-at-arrest", 6, "", "Arrested eleven days before; beaten with a stick and kicked during questioning the same night. Pain in the left arm for a week; headaches.",
                    "Two parallel linear bruises on the left forearm; a healing cut above the right eyebrow; an oval bruise over the left shoulder blade; an old scar on the lower back.",
                    "Intrusive memories of the night of questioning, poor sleep, startles at the sound of a door.",
                    "Taken together, the physical and psychological findings are highly consistent with the account of beating with a stick and kicking during questioning.",
                    ((F, 28, 47, "Two parallel linear bruises, 9 × 1 cm each, 2 cm apart, on the left forearm, yellow-green (tramline pattern).", C.TYPICAL),
                     (F, 46, 8, "Healing laceration, 2 cm, above the right eyebrow, with a scab.", C.CONSISTENT),
                     (B, 38, 27, "Oval bruise, 6 × 4 cm, over the left shoulder blade, purple-brown.", C.HIGHLY_CONSISTENT),
                     (B, 50, 52, "Old linear scar, 5 cm, on the lower back, well healed; he says it dates from a fall in childhood.", C.NOT_CONSISTENT)),
                    (("Intrusive memories and nightmares of the questioning; startle reaction.", C.HIGHLY_CONSISTENT), ("Avoids the street where the station is; fear of uniforms.", C.CONSISTENT))),
    ExaminationSpec("suspension", 2, "", "Handcuffed to the bars above his head for most of a night and beaten on the soles with a hose, six days before.",
                    "Circular abrasions around both wrists; swelling and tenderness of both soles; pain in both shoulders on raising the arms.",
                    "Low mood, loss of appetite, thoughts of the night return daily; criteria of post-traumatic stress met.",
                    "The findings are highly consistent with suspension by the wrists and beating of the soles of the feet (falanga) as described.",
                    ((F, 20, 52, "Circular abrasion, 1 cm wide, around the right wrist.", C.TYPICAL),
                     (F, 80, 52, "Circular abrasion, 1 cm wide, around the left wrist.", C.TYPICAL),
                     (B, 44, 97, "Swelling and tenderness of the left sole; pain on walking.", C.HIGHLY_CONSISTENT),
                     (B, 56, 97, "Swelling and tenderness of the right sole.", C.HIGHLY_CONSISTENT),
                     (F, 30, 20, "Pain on raising the right arm above the shoulder; no swelling.", C.CONSISTENT)),
                    (("Symptoms of post-traumatic stress: re-experiencing, avoidance, hyperarousal.", C.HIGHLY_CONSISTENT),)),
    ExaminationSpec("child-punched", 4, "", "Sixteen. Punched in the stomach and his arm twisted behind his back nine days before; two days alone afterwards. Examined with his mother present.",
                    "A fading bruise on the right upper arm; no abdominal findings.",
                    "Nightmares, withdrawal from the other boys, bed-wetting since the isolation.",
                    "The findings are consistent with the account; the psychological findings are consistent with the isolation described.",
                    ((F, 73, 36, "Fading bruise, 4 × 3 cm, on the inner right upper arm.", C.CONSISTENT),),
                    (("Nightmares and withdrawal since the isolation.", C.CONSISTENT), ("Bed-wetting since the isolation, not before.", C.CONSISTENT))),
    ExaminationSpec("thighs", 3, "", "Beaten on the backs of the thighs with a rattan stick and slapped, four days before.",
                    "Patterned linear bruising on the backs of both thighs; swelling of the left cheek.",
                    "Anxious, fears the night shift of the station.",
                    "The bruising on the thighs is highly consistent with blows from a stick as described.",
                    ((B, 42, 68, "Several parallel linear bruises, 10-12 cm, on the back of the left thigh.", C.HIGHLY_CONSISTENT),
                     (B, 58, 68, "Parallel linear bruises on the back of the right thigh.", C.HIGHLY_CONSISTENT),
                     (F, 45, 9, "Swelling of the left cheek, tender.", C.CONSISTENT)),
                    (("Acute anxiety, fear of the officers of the night shift.", C.CONSISTENT),)),
]
# fmt: on


# --- drawn photographs and documents (no real people) -------------------------------------

SKIN = (214, 170, 140)


def _scale(draw: ImageDraw.ImageDraw, width: int, height: int) -> None:
    """A forensic ruler along the bottom edge, as photographs of injuries have."""
    draw.rectangle(
        (20, height - 50, width - 20, height - 20), fill=(245, 245, 240), outline=(0, 0, 0)
    )
    for n, x in enumerate(range(30, width - 30, 20)):
        draw.line((x, height - 50, x, height - (35 if n % 5 else 28)), fill=(0, 0, 0), width=1)
    draw.text((width - 70, height - 45), "cm", fill=(0, 0, 0))


def _forearm_bruise() -> Image.Image:
    image = Image.new("RGB", (480, 360), (60, 70, 80))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((30, 110, 450, 230), radius=55, fill=SKIN)
    for offset in (0, 26):
        draw.rounded_rectangle(
            (150, 140 + offset, 330, 150 + offset), radius=5, fill=(120, 110, 70)
        )
    _scale(draw, 480, 360)
    return image


def _shoulder_bruise() -> Image.Image:
    image = Image.new("RGB", (400, 400), SKIN)
    draw = ImageDraw.Draw(image)
    draw.ellipse((130, 120, 260, 210), fill=(105, 70, 95))
    draw.ellipse((150, 135, 240, 195), fill=(85, 50, 85))
    _scale(draw, 400, 400)
    return image


def _wrists() -> Image.Image:
    image = Image.new("RGB", (480, 320), (50, 55, 60))
    draw = ImageDraw.Draw(image)
    for top in (60, 170):
        draw.rectangle((40, top, 440, top + 80), fill=SKIN)
        draw.rectangle((210, top, 235, top + 80), fill=(150, 70, 60))
    _scale(draw, 480, 320)
    return image


def _thighs() -> Image.Image:
    image = Image.new("RGB", (400, 480), (70, 75, 85))
    draw = ImageDraw.Draw(image)
    for left in (60, 220):
        draw.rounded_rectangle((left, 20, left + 120, 420), radius=40, fill=SKIN)
        for y in (120, 160, 205, 250):
            draw.line((left + 10, y, left + 110, y + 18), fill=(110, 60, 80), width=7)
    _scale(draw, 400, 480)
    return image


def _cell_door() -> Image.Image:
    image = Image.new("RGB", (360, 480), (120, 120, 115))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 40, 300, 460), fill=(80, 85, 90), outline=(30, 30, 30), width=4)
    draw.rectangle((130, 90, 230, 150), fill=(20, 20, 20))
    for x in range(140, 230, 18):
        draw.line((x, 90, x, 150), fill=(150, 150, 150), width=4)
    draw.rectangle((150, 300, 210, 320), fill=(40, 40, 40))
    return image


def _letter(lines: list[str]) -> Image.Image:
    image = Image.new("RGB", (595, 842), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((50, 40, 545, 90), outline=(0, 0, 0))
    for n, line in enumerate(lines):
        draw.text((60, 120 + 22 * n), line, fill=(0, 0, 0))
    return image


def _jpeg(image: Image.Image, *, camera: bool = False) -> bytes:
    buffer = io.BytesIO()
    if camera:
        # As a team camera writes it: make, model and where it was taken (the vault strips it).
        exif = Image.Exif()
        exif[0x010F] = "Fictional Optics"
        exif[0x0110] = "Field Camera F2"
        exif[0x8825] = {1: "N", 2: (14.0, 35.0, 12.0), 3: "E", 4: (121.0, 2.0, 5.0)}
        image.save(buffer, format="JPEG", quality=85, exif=exif)
    else:
        image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf(image: Image.Image, title: str) -> bytes:
    buffer = io.BytesIO()
    fixed = clock.gmtime(0)  # a fixed date keeps the file, and its hash, the same every run
    image.save(buffer, format="PDF", title=title, creationDate=fixed, modDate=fixed)
    return buffer.getvalue()


@dataclass(frozen=True)
class EvidenceSpec:
    holder: str  # "examination:<case>", "case:<case>" or "interview:<interview>"
    actor: str
    make: Callable[[], bytes]
    original_name: str
    description: str


# fmt: off
EVIDENCE = [
    EvidenceSpec("examination:beating-at-arrest", DOCTOR, lambda: _jpeg(_forearm_bruise(), camera=True), "IMG_20260311_0931.jpg", "Mark 1: tramline bruising on the left forearm, with scale."),
    EvidenceSpec("examination:beating-at-arrest", DOCTOR, lambda: _png(_shoulder_bruise()), "mark3-shoulder.png", "Mark 3: bruise over the left shoulder blade, with scale."),
    EvidenceSpec("examination:suspension", DOCTOR, lambda: _jpeg(_wrists(), camera=True), "DSC04417.JPG", "Marks 1 and 2: abrasions around both wrists."),
    EvidenceSpec("examination:thighs", DOCTOR, lambda: _jpeg(_thighs()), "thighs-back.jpg", "Marks 1 and 2: linear bruising on the backs of the thighs."),
    EvidenceSpec("interview:ferdinand", MONITOR, lambda: _jpeg(_cell_door(), camera=True), "IMG_0412.JPG", "Door of the segregation cell where he was held, taken during the visit."),
    EvidenceSpec("case:fisherman", COMMISSIONER, lambda: _pdf(_letter(["MERIDIA HUMAN RIGHTS COMMISSION", "", "To: Office of the Ombudsman of Meridia", "Custodial Complaints Unit", "", "Referral of an allegation of ill-treatment", "in immigration detention (see annexed account).", "", "The person concerned consents to the referral.", "", "For the Commission"]), "Referral letter"), "referral-ombudsman.pdf", "Referral letter as sent, signed."),
]
# fmt: on


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
            for m in Membership.objects.filter(institution=institution, is_active=True).select_related("user", "institution")
        }  # fmt: skip
        self.visits: dict[int, Visit] = {}
        self.interviews: dict[str, Interview] = {}
        self.cases: dict[str, Case] = {}
        self.examinations: dict[str, Examination] = {}
        self.recorders = {spec.key: spec.interviewers[0] for spec in INTERVIEWS}
        self.types = {t.code: t for t in IllTreatmentType.objects.filter(institution__isnull=True)}

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
            Visit.objects.filter(
                institution=self.institution, status__in=DONE, starts_on__lt=self.today
            )
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
            Place.objects.filter(institution=self.institution)
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
                    actor=opener, case=case, agency=agency, unit=unit.format(place=place_name or "Station"), rank=rank, name=name
                )  # fmt: skip
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
                actor=lead, case=case, to_stage=to_stage, moved_on=moved_on, reason=reason, outcome=outcome, referral=referral
            )  # fmt: skip
        for referral_row in case.referrals.all():
            for after, status, notes, next_in in spec.follow_ups:
                # A follow-up is recorded once it has happened; the next one may be overdue.
                if referral_row.sent_on + timedelta(days=after) >= self.today:
                    break
                next_on = referral_row.sent_on + timedelta(days=next_in) if next_in else None
                case_services.referral_follow_up(
                    actor=lead, referral=referral_row, status=status, outcome_notes=notes, follow_up_on=next_on
                )  # fmt: skip

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
                    actor=doctor, examination=examination, side=side, x=x, y=y, description=description, consistency=consistency
                )  # fmt: skip
            for description, consistency in spec.psych_items:
                medical_services.psychological_finding_add(
                    actor=doctor, examination=examination, description=description, consistency=consistency
                )  # fmt: skip

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
    if institution is None or Person.objects.filter(institution=institution).exists():
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
