"""The visits demo's fictional content: findings, observations, register problems, reasons,
team members, as tables (loaded by `vigil.visits.demo.builder`).

Every text is fictional and written for the demo.
"""

# The content tables keep one entry per line, so that they read as tables.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

from vigil.visits.models import RegisterCheck, Severity, TeamRole, Visit

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
CLOSING_NOTE = "Authority's answer received; follow-up continues in the recommendations."
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
