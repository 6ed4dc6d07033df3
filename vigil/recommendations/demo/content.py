"""The demo's recommendations, as data: what the Commission recommends on each finding of the
demo visits, the UN mechanisms' and the law reform recommendations, and how implementation
unfolds (scenarios, the authorities' words, what the teams verify).

The UN document symbols are invented for the fictional Republic of Meridia ("MRD"), in the
format of the real ones. `vigil.recommendations.demo.builder` loads them.
"""

# The content tables below keep one entry per line, so that they read as tables.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

from vigil.recommendations.models import Addressee, Mechanism, Response, Source, Status

A, DA, MI, PA = Addressee, Addressee.DETAINING_AUTHORITY, Addressee.MINISTRY, Addressee.PARLIAMENT
ST = Status
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
    measures: tuple[tuple[str, str, str, str, str, bool], ...] = ()  # as MEASURE_FIELDS


MEASURE_FIELDS = ("title", "indicator", "baseline", "target", "current", "done")


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
