"""The people demo's content, as data: the interviews the demo Commission's teams take on its
visits, consent given and withdrawn, allegation cases and their paths, Istanbul Protocol
examinations, evidence files, reprisals and check-backs. Everyone named here is invented.
`vigil.people.demo.builder` loads it.
"""

# The content tables below keep one entry per line, so that they read as tables.
# ruff: noqa: E501

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vigil.people.demo.images import (
    cell_door,
    forearm_bruise,
    jpeg,
    letter,
    pdf,
    png,
    shoulder_bruise,
    thighs,
    wrists,
)
from vigil.people.models import (
    BodyMark,
    CaseAssignment,
    CaseOutcome,
    CaseStage,
    CheckBack,
    ConsentRecord,
    Consistency,
    IntakeSource,
    ReprisalType,
    Vulnerability,
)
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


@dataclass(frozen=True)
class EvidenceSpec:
    holder: str  # "examination:<case>", "case:<case>" or "interview:<interview>"
    actor: str
    make: Callable[[], bytes]
    original_name: str
    description: str


# fmt: off
EVIDENCE = [
    EvidenceSpec("examination:beating-at-arrest", DOCTOR, lambda: jpeg(forearm_bruise(), camera=True), "IMG_20260311_0931.jpg", "Mark 1: tramline bruising on the left forearm, with scale."),
    EvidenceSpec("examination:beating-at-arrest", DOCTOR, lambda: png(shoulder_bruise()), "mark3-shoulder.png", "Mark 3: bruise over the left shoulder blade, with scale."),
    EvidenceSpec("examination:suspension", DOCTOR, lambda: jpeg(wrists(), camera=True), "DSC04417.JPG", "Marks 1 and 2: abrasions around both wrists."),
    EvidenceSpec("examination:thighs", DOCTOR, lambda: jpeg(thighs()), "thighs-back.jpg", "Marks 1 and 2: linear bruising on the backs of the thighs."),
    EvidenceSpec("interview:ferdinand", MONITOR, lambda: jpeg(cell_door(), camera=True), "IMG_0412.JPG", "Door of the segregation cell where he was held, taken during the visit."),
    EvidenceSpec("case:fisherman", COMMISSIONER, lambda: pdf(letter(["MERIDIA HUMAN RIGHTS COMMISSION", "", "To: Office of the Ombudsman of Meridia", "Custodial Complaints Unit", "", "Referral of an allegation of ill-treatment", "in immigration detention (see annexed account).", "", "The person concerned consents to the referral.", "", "For the Commission"]), "Referral letter"), "referral-ombudsman.pdf", "Referral letter as sent, signed."),
]
# fmt: on
