"""Vigil's starter checklists, written by the Vigil team as Python data.

Five XLSForms: police custody, prison, immigration detention, psychiatric or
social care institution, juvenile detention. Standards are cited by number
only; the hint says which standard a question checks, the guidance hint says
what the monitor should look for. A second language is given for a few
questions to show how translations work: have a native speaker review them
before field use.
"""

from __future__ import annotations

from .model import FormDefinition, FormElement, Translations
from .writer import write_xlsform

EN = "English (en)"
TL = "Tagalog (tl)"
FR = "French (fr)"
ES = "Spanish (es)"
VERSION = "2026.1"

_NONE_ALONE = "not(selected(., 'none')) or count-selected(.) = 1"
_NONE_ALONE_MESSAGE = "'None' cannot be combined with other answers."


def _texts(english: str, extra: Translations | None) -> Translations:
    return {EN: english, **(extra or {})}


def _q(
    kind: str,
    name: str,
    label: str,
    hint: str,
    guidance: str,
    *,
    translations: Translations | None = None,
    required: bool | str = False,
    relevant: str = "",
    constraint: str = "",
    constraint_message: str = "",
    constraint_translations: Translations | None = None,
    default: str = "",
    appearance: str = "",
) -> FormElement:
    """A question; `kind` is written as in the XLSForm type column ("select_one yes_no")."""
    element_type, _sep, list_name = kind.partition(" ")
    return FormElement(
        name=name,
        type=element_type,
        list_name=list_name or None,
        labels=_texts(label, translations),
        hints={EN: hint},
        guidance={EN: guidance},
        required=required,
        relevant=relevant,
        constraint=constraint,
        constraint_messages=(
            _texts(constraint_message, constraint_translations) if constraint_message else {}
        ),
        default=default,
        appearance=appearance,
    )


def _note(name: str, label: str, guidance: str, *, relevant: str = "") -> FormElement:
    return FormElement(
        name=name, type="note", labels={EN: label}, guidance={EN: guidance}, relevant=relevant
    )


def _group(
    name: str,
    label: str,
    children: list[FormElement],
    *,
    translations: Translations | None = None,
    hint: str = "",
    relevant: str = "",
) -> FormElement:
    return FormElement(
        name=name,
        type="group",
        labels=_texts(label, translations),
        hints={EN: hint} if hint else {},
        relevant=relevant,
        children=children,
    )


def _repeat(
    name: str,
    label: str,
    children: list[FormElement],
    *,
    translations: Translations | None = None,
    hint: str = "",
) -> FormElement:
    return FormElement(
        name=name,
        type="repeat",
        labels=_texts(label, translations),
        hints={EN: hint} if hint else {},
        children=children,
    )


def _choices(
    *entries: tuple[str, str] | tuple[str, str, Translations],
) -> list[tuple[str, Translations]]:
    result: list[tuple[str, Translations]] = []
    for entry in entries:
        name, label = entry[0], entry[1]
        extra = entry[2] if len(entry) == 3 else {}
        result.append((name, _texts(label, extra)))
    return result


def _yes_no(second: str, yes: str, no: str) -> list[tuple[str, Translations]]:
    return _choices(("yes", "Yes", {second: yes}), ("no", "No", {second: no}))


def _yes_no_unknown(second: str, yes: str, no: str, unknown: str) -> list[tuple[str, Translations]]:
    return _choices(
        ("yes", "Yes", {second: yes}),
        ("no", "No", {second: no}),
        ("unknown", "Could not be verified", {second: unknown}),
    )


_ADEQUACY = _choices(
    ("adequate", "Adequate"),
    ("partly", "Partly adequate"),
    ("inadequate", "Inadequate"),
)

_VISIT_DATE_CONSTRAINT = ". <= today()"
_VISIT_DATE_MESSAGE = "The visit date cannot be in the future."


def police_custody() -> FormDefinition:
    visit = _group(
        "visit",
        "The station and the visit",
        [
            _q(
                "text",
                "station_name",
                "Name of the police station or lock-up",
                "OPCAT art. 20(c): access to all places of detention.",
                "Write the official name and any local name detainees use for it.",
                translations={TL: "Pangalan ng istasyon ng pulis o kulungan"},
                required=True,
            ),
            _q(
                "date",
                "visit_date",
                "Date of the visit",
                "OPCAT art. 19(a): regular examination of treatment.",
                "Use the date the team entered the station, not the date of the report.",
                required=True,
                constraint=_VISIT_DATE_CONSTRAINT,
                constraint_message=_VISIT_DATE_MESSAGE,
                constraint_translations={
                    TL: "Hindi maaaring nasa hinaharap ang petsa ng pagbisita."
                },
            ),
            _q(
                "integer",
                "access_delay_minutes",
                "Minutes the team waited before being let in",
                "OPCAT art. 20(c): unrestricted access to all places of detention.",
                "Count from arrival at the gate; note who caused the delay and why.",
                constraint=". >= 0 and . <= 600",
                constraint_message="Enter a number of minutes between 0 and 600.",
            ),
            _q(
                "integer",
                "official_capacity",
                "Official capacity of the cells (persons)",
                "OPCAT art. 20(a): information on the number of persons held.",
                "Ask for the figure in writing; note if staff cannot give one.",
                constraint=". >= 0",
                constraint_message="Capacity cannot be negative.",
            ),
            _q(
                "integer",
                "detainees_present",
                "Persons held at the time of the visit",
                "OPCAT art. 20(a): information on the number of persons held.",
                "Count the persons you see and compare with the duty officer's figure and "
                "the register.",
                constraint=". >= 0",
                constraint_message="The number of persons cannot be negative.",
            ),
            _note(
                "over_capacity",
                "More persons are held than the official capacity: record this as a finding.",
                "Note how many sleep without a bed or mattress.",
                relevant="${official_capacity} > 0 and ${detainees_present} > ${official_capacity}",
            ),
        ],
    )
    custody_files = _repeat(
        "custody_files",
        "Custody file examined",
        [
            _q(
                "text",
                "file_reference",
                "Register or file number (no names)",
                "Body of Principles 12: records of arrest and custody.",
                "Do not write the person's name; the number is enough to find the file again.",
                required=True,
            ),
            _q(
                "decimal",
                "hours_before_judge",
                "Hours between arrest and appearance before a judge (or until now)",
                "Body of Principles 37; ICCPR art. 9(3); HRC General Comment 35, para. 33.",
                "Compute from the arrest time in the register, not from the admission time.",
                constraint=". >= 0 and . < 2000",
                constraint_message="Enter hours between 0 and 2000.",
            ),
            _note(
                "over_48_hours",
                "More than 48 hours before a judge: check the legal basis and record a finding.",
                "Ask the officer in charge why, and check whether an extension was ordered.",
                relevant="${hours_before_judge} > 48",
            ),
            _q(
                "select_one yes_no_unknown",
                "family_notified",
                "Was a relative or other person of choice told of the custody?",
                "Body of Principles 16(1).",
                "Look for the time and the name of the person told; ask the detainee too.",
                translations={
                    TL: "Naabisuhan ba ang kamag-anak o ibang taong pinili tungkol sa "
                    "pagkakakulong?"
                },
            ),
            _q(
                "decimal",
                "notification_delay_hours",
                "Hours between arrest and the notification",
                "Body of Principles 16(1) and 16(4): notification without delay.",
                "A delay needs a recorded, exceptional reason.",
                relevant="${family_notified} = 'yes'",
                constraint=". >= 0",
                constraint_message="The delay cannot be negative.",
            ),
            _q(
                "select_one lawyer_access",
                "lawyer_access",
                "Access to a lawyer",
                "Body of Principles 17 and 18.",
                "Check whether access was from the outset, including during questioning.",
                translations={TL: "Nakausap ba ng tao ang isang abogado?"},
            ),
            _q(
                "text",
                "lawyer_refusal_reason",
                "Reason given for refusing a lawyer",
                "Body of Principles 18(3): restrictions only in exceptional cases set by law.",
                "Write the reason as recorded or as the officer stated it.",
                relevant="${lawyer_access} = 'refused'",
                required=True,
            ),
            _q(
                "select_one yes_no_unknown",
                "doctor_examined",
                "Was the person examined by a doctor?",
                "Body of Principles 24.",
                "Ask who chose the doctor and whether police were present at the examination.",
                translations={TL: "Nasuri ba ng doktor ang tao?"},
            ),
            _q(
                "select_one yes_no_unknown",
                "injuries_recorded",
                "Were injuries recorded at the medical examination?",
                "Body of Principles 26; Istanbul Protocol (2022).",
                "Look for a description, a body chart and whether the doctor reported them.",
                relevant="${doctor_examined} = 'yes'",
            ),
            _q(
                "select_one rights_information",
                "rights_information",
                "How was the person told of their rights?",
                "Body of Principles 13 and 14.",
                "Ask to see the rights leaflet and in which languages it exists.",
                translations={
                    TL: "Paano ipinaalam sa tao ang kanyang mga karapatan sa wikang "
                    "naiintindihan niya?"
                },
            ),
            _q(
                "select_one yes_no",
                "interpreter_needed",
                "Did the person need an interpreter?",
                "Body of Principles 14.",
                "Note the language the person understands best.",
            ),
            _q(
                "select_one yes_no_unknown",
                "interpreter_provided",
                "Was an interpreter provided, including during questioning?",
                "Body of Principles 14.",
                "Check whether another detainee or a police officer was used as interpreter.",
                relevant="${interpreter_needed} = 'yes'",
            ),
        ],
        hint="One entry per custody file or detainee record checked.",
    )
    safeguards = _group(
        "safeguards",
        "Safeguards in the first hours",
        [custody_files],
        translations={TL: "Mga pananggalang sa mga unang oras"},
        hint="Sample files of persons held in the last weeks, including released persons.",
    )
    register = _group(
        "register",
        "Custody register",
        [
            _q(
                "select_one yes_no",
                "register_kept",
                "Is a custody register kept?",
                "Body of Principles 12.",
                "Ask for the register itself, not a summary prepared for the visit.",
            ),
            _q(
                "select_multiple register_entries",
                "register_entries",
                "Which entries does the register hold?",
                "Body of Principles 12(1).",
                "Tick only entries you saw filled in for most persons.",
                relevant="${register_kept} = 'yes'",
                constraint=_NONE_ALONE,
                constraint_message=_NONE_ALONE_MESSAGE,
            ),
            _q(
                "text",
                "register_gaps",
                "Which entries were missing or inconsistent?",
                "Body of Principles 12(1).",
                "Compare times in the register with the times detainees gave in interviews.",
                relevant="${register_kept} = 'yes' and count-selected(${register_entries}) < 8",
            ),
            _q(
                "select_one yes_no_unknown",
                "register_matches_population",
                "Does the register match the persons present?",
                "Body of Principles 12.",
                "A person present but not registered is a serious finding.",
                relevant="${register_kept} = 'yes'",
            ),
        ],
    )
    interrogation = _group(
        "interrogation",
        "Interrogation",
        [
            _q(
                "select_one recording",
                "interview_recording",
                "How are interrogations recorded?",
                "Body of Principles 23; UNCAT art. 11.",
                "Ask to see a recent record: duration, breaks and persons present.",
            ),
            _q(
                "integer",
                "recording_kept_days",
                "Days recordings are kept",
                "Body of Principles 23.",
                "Recordings should be kept long enough for a complaint to be examined.",
                relevant="${interview_recording} = 'video_audio' or "
                "${interview_recording} = 'audio'",
                constraint=". >= 0",
                constraint_message="Enter zero or more days.",
            ),
            _q(
                "select_one yes_no",
                "suspicious_objects",
                "Were objects that could be used for ill-treatment found in interview rooms?",
                "UNCAT arts. 2 and 16; Body of Principles 21.",
                "Look for bats, cables, plastic bags, unlabelled objects; photograph them.",
            ),
            _q(
                "text",
                "objects_description",
                "Describe the objects and where they were",
                "Istanbul Protocol (2022).",
                "Describe without touching; note who said what about them.",
                relevant="${suspicious_objects} = 'yes'",
                required=True,
            ),
        ],
    )
    cells = _repeat(
        "cells",
        "Cell inspected",
        [
            _q(
                "text",
                "cell_label",
                "Cell number or description",
                "Mandela Rules 12-17 (used as a reference for police cells).",
                "Use the label painted on the door if there is one.",
                required=True,
            ),
            _q(
                "decimal",
                "floor_area_m2",
                "Floor area (m²)",
                "Mandela Rule 13: minimum floor space.",
                "Measure; do not rely on plans.",
                constraint=". > 0 and . < 500",
                constraint_message="Enter an area between 0 and 500 m².",
            ),
            _q(
                "integer",
                "persons_in_cell",
                "Persons in the cell",
                "Mandela Rule 13.",
                "Count at the time of inspection; ask how many slept there last night.",
                constraint=". >= 0",
                constraint_message="The number of persons cannot be negative.",
            ),
            _note(
                "small_cell",
                "Less than 4 m² per person: the space is very likely inadequate.",
                "Record the area per person in the finding.",
                relevant="${persons_in_cell} > 0 and ${floor_area_m2} div ${persons_in_cell} < 4",
            ),
            _q(
                "select_one adequacy",
                "light_ventilation",
                "Natural light and ventilation",
                "Mandela Rule 14.",
                "Check whether a person can read by natural light and whether air moves.",
            ),
            _q(
                "select_one sanitation",
                "sanitation",
                "Access to a toilet",
                "Mandela Rule 15.",
                "Ask detainees how long they wait when the toilet is outside the cell.",
            ),
            _q(
                "select_one yes_no",
                "drinking_water",
                "Drinking water available at all times",
                "Mandela Rule 22(2).",
                "Check the tap or container yourself.",
            ),
            _q(
                "select_one yes_no",
                "mattress_each",
                "A clean mattress and blanket for each person held overnight",
                "Mandela Rule 21.",
                "Count mattresses against persons held overnight.",
            ),
        ],
        hint="One entry per cell; include cells not in use.",
    )
    closing = _group(
        "closing",
        "Before leaving",
        [
            _q(
                "select_one yes_no",
                "urgent_concern",
                "Is there an urgent risk to life or of ill-treatment?",
                "OPCAT art. 19(b): recommendations to the authorities.",
                "If yes, raise it with the officer in charge before leaving and inform the "
                "team leader.",
            ),
            _q(
                "text",
                "urgent_details",
                "What is the urgent risk and who was told?",
                "OPCAT art. 19(b).",
                "Name the officer told, the time and the answer given.",
                relevant="${urgent_concern} = 'yes'",
                required=True,
            ),
        ],
    )
    return FormDefinition(
        form_id="vigil_police_custody",
        title="Police custody: first-hours safeguards",
        version=VERSION,
        default_language=EN,
        languages=[EN, TL],
        elements=[visit, safeguards, register, interrogation, cells, closing],
        choices={
            "yes_no": _yes_no(TL, "Oo", "Hindi"),
            "yes_no_unknown": _yes_no_unknown(TL, "Oo", "Hindi", "Hindi matiyak"),
            "lawyer_access": _choices(
                ("from_start", "From the start of custody"),
                ("later", "Only later (after questioning began)"),
                ("refused", "Requested but refused"),
                ("not_requested", "Not requested"),
                ("unknown", "Could not be verified"),
            ),
            "rights_information": _choices(
                ("written_understood", "In writing, in a language understood"),
                ("oral_only", "Orally only"),
                ("not_understood", "In a language the person does not understand"),
                ("not_informed", "Not informed"),
                ("unknown", "Could not be verified"),
            ),
            "register_entries": _choices(
                ("identity", "Identity"),
                ("grounds", "Grounds for the arrest"),
                ("authority", "Authority that ordered the custody"),
                ("arrest_time", "Time of arrest"),
                ("admission_time", "Time of arrival at the station"),
                ("injuries", "Injuries seen on arrival"),
                ("contacts", "Contacts with lawyer, doctor and family"),
                ("release", "Release or transfer, with time"),
                ("none", "None of these"),
            ),
            "recording": _choices(
                ("video_audio", "Video and audio"),
                ("audio", "Audio only"),
                ("written", "Written record only"),
                ("none", "Not recorded"),
            ),
            "adequacy": list(_ADEQUACY),
            "sanitation": _choices(
                ("in_cell_private", "In the cell, with privacy"),
                ("in_cell_exposed", "In the cell, without privacy"),
                ("on_request", "Outside the cell, on request"),
                ("none", "No access observed"),
            ),
        },
    )


def prison() -> FormDefinition:
    population = _group(
        "population",
        "Population and overcrowding",
        [
            _q(
                "text",
                "prison_name",
                "Name of the prison",
                "OPCAT art. 20(c).",
                "Use the official name; note the authority that runs it.",
                translations={TL: "Pangalan ng bilangguan"},
                required=True,
            ),
            _q(
                "date",
                "visit_date",
                "Date of the visit",
                "OPCAT art. 19(a).",
                "Use the first day of the visit if it lasted several days.",
                required=True,
                constraint=_VISIT_DATE_CONSTRAINT,
                constraint_message=_VISIT_DATE_MESSAGE,
            ),
            _q(
                "integer",
                "official_capacity",
                "Official capacity",
                "OPCAT art. 20(a).",
                "Ask how the capacity was calculated and when it was last revised.",
                constraint=". > 0",
                constraint_message="Capacity must be more than zero.",
            ),
            _q(
                "integer",
                "population_today",
                "Persons held today",
                "OPCAT art. 20(a); Mandela Rule 7.",
                "Take the figure from the register of the day and check it at the count.",
                translations={TL: "Bilang ng mga bilanggo ngayong araw"},
                constraint=". >= 0",
                constraint_message="The population cannot be negative.",
            ),
            _note(
                "overcrowded",
                "The prison holds more persons than its capacity.",
                "Record the occupancy rate (population / capacity) in the finding.",
                relevant="${population_today} > ${official_capacity}",
            ),
            _q(
                "integer",
                "pretrial_count",
                "Of whom in pre-trial detention",
                "Mandela Rules 111-120.",
                "A high share of pre-trial detainees points to delays in courts.",
                constraint=". >= 0 and . <= ${population_today}",
                constraint_message="Cannot be more than the persons held today.",
            ),
            _q(
                "integer",
                "women_count",
                "Of whom women",
                "Bangkok Rule 1.",
                "Include women in transit or in hospital wards.",
                constraint=". >= 0 and . <= ${population_today}",
                constraint_message="Cannot be more than the persons held today.",
            ),
            _q(
                "select_multiple separation",
                "separation",
                "Which groups are held apart?",
                "Mandela Rule 11.",
                "Check sleeping areas as well as daytime areas.",
                constraint=_NONE_ALONE,
                constraint_message=_NONE_ALONE_MESSAGE,
            ),
        ],
    )
    solitary = _group(
        "solitary",
        "Solitary confinement",
        [
            _q(
                "select_one yes_no_unknown",
                "solitary_used",
                "Is anyone held 22 hours or more a day without meaningful human contact?",
                "Mandela Rule 44.",
                "Look at segregation, protection and punishment cells, whatever their name.",
                translations={
                    TL: "May nakakulong bang mag-isa nang 22 oras o higit pa bawat araw?"
                },
            ),
            _q(
                "integer",
                "solitary_longest_days",
                "Longest current stay in solitary confinement (consecutive days)",
                "Mandela Rules 43(1)(b) and 44.",
                "Compute from the placement record, counting breaks of less than a day as none.",
                relevant="${solitary_used} = 'yes'",
                constraint=". >= 0 and . <= 3650",
                constraint_message="Enter days between 0 and 3650.",
            ),
            _note(
                "prolonged_solitary",
                "More than 15 consecutive days: this is prolonged solitary confinement, which "
                "is prohibited.",
                "Record the person's file number and raise it with the director.",
                relevant="${solitary_longest_days} > 15",
            ),
            _q(
                "select_one yes_no_unknown",
                "solitary_health_visits",
                "Does health-care staff see persons in solitary confinement every day?",
                "Mandela Rule 46(1).",
                "Check the visit log against the health file.",
                relevant="${solitary_used} = 'yes'",
            ),
            _q(
                "select_multiple vulnerable_in_solitary",
                "vulnerable_in_solitary",
                "Are any of these persons held in solitary confinement?",
                "Mandela Rule 45(2); Bangkok Rule 22.",
                "These groups must not be placed in solitary confinement.",
                relevant="${solitary_used} = 'yes'",
                constraint=_NONE_ALONE,
                constraint_message=_NONE_ALONE_MESSAGE,
            ),
        ],
    )
    health = _group(
        "health",
        "Health care",
        [
            _q(
                "select_one yes_no_unknown",
                "admission_exam",
                "Is everyone examined by a health professional on admission?",
                "Mandela Rule 30.",
                "Check a sample of files of recent arrivals for the date of the examination.",
            ),
            _q(
                "select_one yes_no_unknown",
                "injuries_documented",
                "Are injuries seen on admission documented and reported?",
                "Mandela Rules 30(b) and 34; Istanbul Protocol (2022).",
                "Ask whom the doctor informs when injuries suggest ill-treatment.",
                relevant="${admission_exam} = 'yes'",
            ),
            _q(
                "decimal",
                "doctor_hours_week",
                "Hours per week a doctor is present",
                "Mandela Rule 25(2).",
                "Compare with the population; ask how nights and weekends are covered.",
                constraint=". >= 0 and . <= 168",
                constraint_message="A week has at most 168 hours.",
            ),
            _q(
                "select_one yes_no_unknown",
                "medical_confidentiality",
                "Are consultations held out of the hearing of prison officers?",
                "Mandela Rules 26 and 32(1)(c).",
                "Ask detainees whether officers stay in the room.",
            ),
            _q(
                "integer",
                "deaths_12_months",
                "Deaths in custody in the last 12 months",
                "Mandela Rule 71(1).",
                "Ask for the list with dates and causes; compare with the health register.",
                constraint=". >= 0",
                constraint_message="Enter zero or more.",
            ),
            _q(
                "select_one yes_no_unknown",
                "deaths_investigated",
                "Was each death reported to an independent authority for investigation?",
                "Mandela Rule 71(1).",
                "Ask for the reference of each referral.",
                relevant="${deaths_12_months} > 0",
            ),
        ],
    )
    discipline = _group(
        "discipline",
        "Discipline and sanctions",
        [
            _q(
                "select_one yes_no",
                "sanctions_register",
                "Is there a register of disciplinary sanctions?",
                "Mandela Rules 37 and 39.",
                "Check that each entry gives the offence, the hearing and the sanction.",
            ),
            _q(
                "select_multiple prohibited_sanctions",
                "prohibited_sanctions",
                "Which of these practices were found?",
                "Mandela Rule 43; Bangkok Rule 23.",
                "Triangulate: the register, interviews with detainees and staff, what you saw.",
                constraint=_NONE_ALONE,
                constraint_message=_NONE_ALONE_MESSAGE,
            ),
            _q(
                "select_one yes_no_unknown",
                "hearing_rights",
                "Are persons told of the charge and heard before a sanction?",
                "Mandela Rule 41.",
                "Ask whether an interpreter or legal assistance is available at hearings.",
            ),
            _q(
                "select_one yes_no",
                "use_of_force_register",
                "Is every use of force recorded and reported to the director?",
                "Mandela Rule 82(1).",
                "Compare the register with injuries recorded by the health service.",
            ),
        ],
    )
    complaints = _group(
        "complaints",
        "Complaints and contact with the outside world",
        [
            _q(
                "select_multiple complaint_channels",
                "complaint_channels",
                "To whom can detainees complain?",
                "Mandela Rules 56 and 57.",
                "Ask detainees which channels they know and have used.",
                constraint=_NONE_ALONE,
                constraint_message=_NONE_ALONE_MESSAGE,
            ),
            _q(
                "select_one yes_no_unknown",
                "confidential_complaints",
                "Can complaints be made without staff reading them?",
                "Mandela Rule 57(2).",
                "Check who holds the key of the complaints box.",
            ),
            _q(
                "select_one yes_no_unknown",
                "reprisal_fear",
                "Did detainees say they fear reprisals for complaining or speaking to the team?",
                "OPCAT art. 21(1); Mandela Rule 57(2).",
                "Plan follow-up contact with those interviewed; never name them to staff.",
            ),
            _q(
                "integer",
                "family_visits_month",
                "Family visits allowed per month",
                "Mandela Rule 58; Bangkok Rule 26.",
                "Ask whether visits take place across a table or behind glass.",
                constraint=". >= 0 and . <= 31",
                constraint_message="Enter between 0 and 31 visits.",
            ),
        ],
    )
    women = _group(
        "women",
        "Women",
        [
            _q(
                "select_one yes_no_unknown",
                "female_staff",
                "Are women supervised only by women staff?",
                "Mandela Rule 81(3).",
                "Check night shifts and escorts too.",
            ),
            _q(
                "select_one yes_no_unknown",
                "search_alternatives",
                "Are alternatives to strip searches used (scanners, other methods)?",
                "Bangkok Rules 19 and 20.",
                "Ask how searches are done and by whom.",
            ),
            _q(
                "select_one yes_no_unknown",
                "hygiene_items",
                "Are sanitary items and water provided free of charge?",
                "Bangkok Rule 5.",
                "Ask women, not only staff; check the stock.",
            ),
            _q(
                "select_one yes_no_unknown",
                "restraints_childbirth",
                "Are restraints used on women during labour, birth or right after?",
                "Bangkok Rule 24; Mandela Rule 48(2).",
                "Ask for the escort instructions for hospital visits.",
            ),
        ],
        hint="Shown when women are held.",
        relevant="${women_count} > 0",
    )
    units = _repeat(
        "units",
        "Accommodation unit inspected",
        [
            _q(
                "text",
                "unit_name",
                "Unit or block",
                "Mandela Rules 12-17.",
                "Use the prison's name for the unit.",
                required=True,
            ),
            _q(
                "integer",
                "unit_population",
                "Persons in the unit",
                "Mandela Rule 13.",
                "Count at the time of the visit.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _q(
                "integer",
                "unit_capacity",
                "Capacity of the unit",
                "Mandela Rule 13.",
                "Take the figure posted in the unit, if any.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _q(
                "decimal",
                "outdoor_hours",
                "Hours outdoors per day",
                "Mandela Rule 23(1): at least one hour a day.",
                "Ask detainees, and check the yard.",
                constraint=". >= 0 and . <= 24",
                constraint_message="A day has at most 24 hours.",
            ),
            _q(
                "select_one adequacy",
                "unit_conditions",
                "Material conditions",
                "Mandela Rules 13-17.",
                "Consider light, air, heat, sanitation, cleanliness and repair.",
            ),
        ],
        hint="One entry per unit visited.",
    )
    return FormDefinition(
        form_id="vigil_prison",
        title="Prison: conditions and treatment",
        version=VERSION,
        default_language=EN,
        languages=[EN, TL],
        elements=[population, solitary, health, discipline, complaints, women, units],
        choices={
            "yes_no": _yes_no(TL, "Oo", "Hindi"),
            "yes_no_unknown": _yes_no_unknown(TL, "Oo", "Hindi", "Hindi matiyak"),
            "adequacy": list(_ADEQUACY),
            "separation": _choices(
                ("men_women", "Men and women"),
                ("pretrial_sentenced", "Pre-trial and sentenced"),
                ("children_adults", "Children and adults"),
                ("none", "None of these"),
            ),
            "vulnerable_in_solitary": _choices(
                ("pregnant", "Pregnant or breastfeeding women, women with infants"),
                ("children", "Children"),
                ("disability", "Persons whose disability would worsen"),
                ("none", "None of these"),
            ),
            "prohibited_sanctions": _choices(
                ("corporal", "Corporal punishment"),
                ("dark_or_lit_cell", "Dark or constantly lit cell"),
                ("food_water", "Reduced food or water"),
                ("collective", "Collective punishment"),
                ("family_ban", "Ban on family contact"),
                ("restraints", "Restraints as punishment"),
                ("none", "None of these"),
            ),
            "complaint_channels": _choices(
                ("director", "The director"),
                ("inspection", "The prison inspection"),
                ("judge", "A judge"),
                ("npm", "The NPM or NHRI"),
                ("none", "None"),
            ),
        },
    )


def immigration_detention() -> FormDefinition:
    facility = _group(
        "facility",
        "The facility",
        [
            _q(
                "text",
                "facility_name",
                "Name of the centre",
                "OPCAT art. 4(1): any place where persons are deprived of liberty.",
                "Include transit zones and rooms at airports or ports.",
                translations={FR: "Nom du centre"},
                required=True,
            ),
            _q(
                "date",
                "visit_date",
                "Date of the visit",
                "OPCAT art. 19(a).",
                "Use the first day of the visit.",
                required=True,
                constraint=_VISIT_DATE_CONSTRAINT,
                constraint_message=_VISIT_DATE_MESSAGE,
                constraint_translations={FR: "La date de visite ne peut être dans le futur."},
            ),
            _q(
                "integer",
                "population_today",
                "Persons held today",
                "OPCAT art. 20(a).",
                "Ask for nationalities and languages as well as numbers.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _q(
                "integer",
                "children_present",
                "Children held (with or without family)",
                "UNHCR Detention Guideline 9.2; CRC art. 37(b).",
                "Count children in family rooms too.",
                constraint=". >= 0 and . <= ${population_today}",
                constraint_message="Cannot be more than the persons held today.",
            ),
            _q(
                "integer",
                "longest_stay_days",
                "Longest current stay (days)",
                "UNHCR Detention Guideline 6.",
                "Ask whether the law sets a maximum period and how it is counted.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _note(
                "long_stay",
                "Stays longer than six months: check periodic review and the legal maximum.",
                "Record the file numbers of the longest stays.",
                relevant="${longest_stay_days} > 180",
            ),
        ],
    )
    safeguards = _group(
        "legal_safeguards",
        "Legal safeguards",
        [
            _q(
                "select_one yes_no_unknown",
                "reasons_given",
                "Are persons told why they are detained, in a language they understand?",
                "UNHCR Detention Guideline 7; Body of Principles 14.",
                "Ask to see the detention order and the language it is written in.",
                translations={
                    FR: "Les personnes sont-elles informées des motifs de leur détention dans "
                    "une langue qu'elles comprennent ?"
                },
            ),
            _q(
                "select_one yes_no_unknown",
                "lawyer_access",
                "Can detainees consult a lawyer free of charge?",
                "Body of Principles 17 and 18.",
                "Ask how a detainee gets a lawyer's phone number and a private room.",
                translations={FR: "Les personnes ont-elles accès à un avocat gratuitement ?"},
            ),
            _q(
                "select_one yes_no_unknown",
                "judicial_review",
                "Is detention reviewed by a court, promptly and then periodically?",
                "UNHCR Detention Guideline 7; ICCPR art. 9(4).",
                "Check dates of the last review in a sample of files.",
            ),
            _q(
                "select_one yes_no_unknown",
                "asylum_access",
                "Can detainees apply for asylum from the centre?",
                "UNHCR Detention Guideline 1.",
                "Ask whether forms exist in the languages spoken and who helps fill them.",
            ),
            _q(
                "select_one yes_no_unknown",
                "consular_contact",
                "Are foreign nationals told they may contact their consulate?",
                "Body of Principles 16(2); Vienna Convention on Consular Relations art. 36.",
                "Asylum seekers must not be put in contact with their consulate against their "
                "will.",
            ),
            _q(
                "select_one yes_no_unknown",
                "alternatives_considered",
                "Do files show that alternatives to detention were considered?",
                "UNHCR Detention Guideline 4.3.",
                "Look for the reasoning, not a standard phrase.",
            ),
        ],
    )
    vulnerable = _group(
        "vulnerable",
        "Persons in a vulnerable situation",
        [
            _q(
                "integer",
                "unaccompanied_children",
                "Of the children, how many are unaccompanied or separated?",
                "UNHCR Detention Guideline 9.2; CRC art. 37(b).",
                "Ask who is their guardian and when one was appointed.",
                relevant="${children_present} > 0",
                constraint=". >= 0 and . <= ${children_present}",
                constraint_message="Cannot be more than the children held.",
            ),
            _q(
                "select_one yes_no_unknown",
                "torture_screening",
                "Are new arrivals screened for signs of torture or trauma?",
                "UNHCR Detention Guideline 9.1; Istanbul Protocol (2022).",
                "Ask who screens, with which tool, and what happens after a positive screening.",
            ),
            _q(
                "select_one yes_no_unknown",
                "women_separate",
                "Do single women have separate sleeping quarters and women staff?",
                "UNHCR Detention Guideline 9.3.",
                "Check toilets and showers as well as dormitories.",
            ),
            _q(
                "select_one yes_no_unknown",
                "lgbti_safety",
                "Are LGBTI persons protected without being isolated?",
                "UNHCR Detention Guideline 9.7.",
                "Protective isolation must not become solitary confinement.",
            ),
        ],
    )
    conditions = _group(
        "conditions",
        "Conditions",
        [
            _q(
                "select_one yes_no",
                "with_criminal_detainees",
                "Are migrants held together with persons held on criminal charges?",
                "UNHCR Detention Guideline 8.",
                "Ask about transfers to prisons or police cells as well.",
            ),
            _q(
                "select_one adequacy",
                "health_care_access",
                "Access to health care, including mental health",
                "Mandela Rule 24; UNHCR Detention Guideline 8.",
                "Ask how long a detainee waits to see a doctor.",
            ),
            _q(
                "select_one yes_no_unknown",
                "interpreters",
                "Are interpreters available for health care and legal matters?",
                "Body of Principles 14.",
                "Note languages that no one on the staff can interpret.",
            ),
            _q(
                "select_one yes_no_unknown",
                "phone_internet",
                "Can detainees use a phone or the internet to reach family and lawyers?",
                "Body of Principles 19; UNHCR Detention Guideline 8.",
                "Ask about costs and whether own phones are confiscated.",
            ),
            _q(
                "decimal",
                "outdoor_hours",
                "Hours outdoors per day",
                "Mandela Rule 23(1).",
                "Check the yard and the posted timetable.",
                constraint=". >= 0 and . <= 24",
                constraint_message="A day has at most 24 hours.",
            ),
        ],
    )
    rooms = _repeat(
        "rooms",
        "Room or dormitory inspected",
        [
            _q(
                "text",
                "room_label",
                "Room number or description",
                "Mandela Rules 12-17.",
                "Use the label on the door.",
                required=True,
            ),
            _q(
                "select_one room_type",
                "room_type",
                "Who sleeps in this room?",
                "UNHCR Detention Guidelines 8 and 9.",
                "Note whether families are kept together.",
            ),
            _q(
                "decimal",
                "room_area_m2",
                "Floor area (m²)",
                "Mandela Rule 13.",
                "Measure the room.",
                constraint=". > 0 and . < 1000",
                constraint_message="Enter an area between 0 and 1000 m².",
            ),
            _q(
                "integer",
                "room_occupants",
                "Persons sleeping in the room",
                "Mandela Rule 13.",
                "Count beds and mattresses on the floor.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _q(
                "select_one adequacy",
                "room_conditions",
                "Material conditions",
                "Mandela Rules 13-17.",
                "Light, air, heat, sanitation, cleanliness and repair.",
            ),
        ],
        translations={FR: "Chambre ou dortoir visité"},
        hint="One entry per room visited.",
    )
    return FormDefinition(
        form_id="vigil_immigration_detention",
        title="Immigration detention",
        version=VERSION,
        default_language=EN,
        languages=[EN, FR],
        elements=[facility, safeguards, vulnerable, conditions, rooms],
        choices={
            "yes_no": _yes_no(FR, "Oui", "Non"),
            "yes_no_unknown": _yes_no_unknown(FR, "Oui", "Non", "Non vérifiable"),
            "adequacy": list(_ADEQUACY),
            "room_type": _choices(
                ("men", "Men"),
                ("women", "Women"),
                ("families", "Families"),
                ("children", "Unaccompanied children"),
                ("mixed", "Mixed"),
            ),
        },
    )


def psychiatric_social_care() -> FormDefinition:
    institution = _group(
        "institution",
        "The institution",
        [
            _q(
                "text",
                "institution_name",
                "Name of the institution",
                "OPCAT art. 4(1).",
                "Use the official name; note the authority or company that runs it.",
                translations={ES: "Nombre de la institución"},
                required=True,
            ),
            _q(
                "select_one institution_type",
                "institution_type",
                "Type of institution",
                "OPCAT art. 4(1).",
                "Choose what the place is in practice, whatever its official name.",
            ),
            _q(
                "date",
                "visit_date",
                "Date of the visit",
                "OPCAT art. 19(a).",
                "Use the first day of the visit.",
                required=True,
                constraint=_VISIT_DATE_CONSTRAINT,
                constraint_message=_VISIT_DATE_MESSAGE,
                constraint_translations={ES: "La fecha de la visita no puede ser futura."},
            ),
            _q(
                "integer",
                "residents_total",
                "Residents or patients today",
                "OPCAT art. 20(a).",
                "Take the figure from the admissions register.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _q(
                "integer",
                "residents_involuntary",
                "Of whom placed without their consent",
                "CRPD art. 14.",
                "Include persons who 'agreed' but cannot leave.",
                constraint=". >= 0 and . <= ${residents_total}",
                constraint_message="Cannot be more than the residents today.",
            ),
        ],
    )
    legal = _group(
        "legal_status",
        "Legal status and information",
        [
            _q(
                "select_one yes_no_unknown",
                "placement_review",
                "Is each placement without consent reviewed by a court or independent body?",
                "CRPD arts. 13 and 14.",
                "Check the date of the last review in a sample of files.",
            ),
            _q(
                "integer",
                "under_guardianship",
                "Residents under guardianship or another substitute decision-making regime",
                "CRPD art. 12.",
                "Ask who the guardians are; staff of the institution acting as guardian is a "
                "conflict of interest.",
                constraint=". >= 0 and . <= ${residents_total}",
                constraint_message="Cannot be more than the residents today.",
            ),
            _q(
                "select_one yes_no_unknown",
                "accessible_information",
                "Is information on rights given in accessible formats (easy read, sign language)?",
                "CRPD arts. 9 and 21.",
                "Ask to see the material given to residents.",
            ),
        ],
    )
    treatment = _group(
        "treatment",
        "Consent to treatment",
        [
            _q(
                "select_one yes_no_unknown",
                "consent_recorded",
                "Is free and informed consent to treatment recorded?",
                "CRPD art. 25(d).",
                "Look for who gave consent and what they were told.",
                translations={
                    ES: "¿Se registra el consentimiento libre e informado para el tratamiento?"
                },
            ),
            _q(
                "select_one yes_no_unknown",
                "forced_medication",
                "Is medication given by force or covertly?",
                "CRPD arts. 15, 17 and 25(d).",
                "Ask residents; look for injections recorded without consent.",
            ),
            _q(
                "select_one yes_no_unknown",
                "ect_without_consent",
                "Is electroconvulsive treatment given without consent, or without anaesthesia?",
                "CRPD arts. 15 and 17.",
                "Ask for the register of such treatments.",
            ),
            _q(
                "select_one yes_no_unknown",
                "complaint_route",
                "Can residents complain to a body outside the institution?",
                "CRPD art. 16.",
                "Ask residents whether they know how, and whether anyone did.",
            ),
        ],
    )
    restraint = _group(
        "restraint",
        "Restraint and seclusion",
        [
            _q(
                "select_one yes_no_unknown",
                "restraint_used",
                "Are restraints or seclusion used?",
                "CRPD arts. 14, 15 and 17.",
                "Look for beds with straps, isolation rooms and sedatives given 'as needed'.",
                translations={ES: "¿Se utilizan medios de contención o aislamiento?"},
            ),
            _q(
                "select_multiple restraint_types",
                "restraint_types",
                "Which forms?",
                "CRPD arts. 15 and 17.",
                "Chemical restraint is medication used to control behaviour, not to treat.",
                relevant="${restraint_used} = 'yes'",
                required=True,
            ),
            _q(
                "select_one yes_no",
                "restraint_register",
                "Is every use recorded (who decided, why, start and end)?",
                "CRPD art. 14.",
                "Compare the register with what staff and residents describe.",
                relevant="${restraint_used} = 'yes'",
            ),
            _q(
                "decimal",
                "longest_restraint_hours",
                "Longest recorded restraint or seclusion in the last 3 months (hours)",
                "CRPD arts. 15 and 17.",
                "Hours, not days; long restraint is a serious finding.",
                relevant="${restraint_used} = 'yes'",
                constraint=". >= 0 and . <= 2200",
                constraint_message="Enter hours between 0 and 2200.",
            ),
            _q(
                "select_one yes_no_unknown",
                "continuous_observation",
                "Is a staff member with the person for the whole time?",
                "CRPD art. 17.",
                "A camera is not a person.",
                relevant="${restraint_used} = 'yes'",
            ),
            _q(
                "select_one yes_no_unknown",
                "restraint_in_view",
                "Is restraint applied in view of other residents?",
                "CRPD art. 17.",
                "Ask where it happens.",
                relevant="selected(${restraint_types}, 'mechanical') or "
                "selected(${restraint_types}, 'physical')",
            ),
        ],
    )
    living = _group(
        "living",
        "Daily life and the community",
        [
            _q(
                "select_one yes_no_unknown",
                "free_movement",
                "Can residents leave the ward or building during the day?",
                "CRPD arts. 14 and 19.",
                "Note locked doors and who holds the keys.",
            ),
            _q(
                "select_one yes_no_unknown",
                "personal_belongings",
                "Can residents keep their own clothes and belongings?",
                "CRPD arts. 17 and 22.",
                "Look at the lockers and the clothing store.",
            ),
            _q(
                "select_one yes_no_unknown",
                "discharge_plans",
                "Do residents have plans to live in the community?",
                "CRPD art. 19.",
                "Ask how many left for the community in the last year.",
            ),
            _q(
                "integer",
                "deaths_12_months",
                "Deaths in the last 12 months",
                "CRPD art. 10; Istanbul Protocol (2022).",
                "Ask for causes and whether each death was reported outside the institution.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
        ],
    )
    rooms = _repeat(
        "wards",
        "Ward or room inspected",
        [
            _q(
                "text",
                "ward_name",
                "Ward or room",
                "CRPD art. 22 (privacy).",
                "Use the institution's name for it.",
                required=True,
            ),
            _q(
                "integer",
                "ward_residents",
                "Residents sleeping there",
                "CRPD art. 19.",
                "Count the beds.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _q(
                "select_one adequacy",
                "ward_privacy",
                "Privacy (screens, lockable toilets and showers)",
                "CRPD art. 22.",
                "Check toilets and showers.",
            ),
            _q(
                "select_one yes_no",
                "seclusion_room",
                "Is there a seclusion room in the ward?",
                "CRPD arts. 14 and 15.",
                "Describe its size, light, bedding and toilet in the notes.",
            ),
        ],
        translations={ES: "Sala o habitación visitada"},
        hint="One entry per ward or room visited.",
    )
    return FormDefinition(
        form_id="vigil_psychiatric_social_care",
        title="Psychiatric hospital or social care institution",
        version=VERSION,
        default_language=EN,
        languages=[EN, ES],
        elements=[institution, legal, treatment, restraint, living, rooms],
        choices={
            "yes_no": _yes_no(ES, "Sí", "No"),
            "yes_no_unknown": _yes_no_unknown(ES, "Sí", "No", "No se pudo verificar"),
            "adequacy": list(_ADEQUACY),
            "institution_type": _choices(
                ("psychiatric_hospital", "Psychiatric hospital"),
                ("closed_ward", "Closed ward of a general hospital"),
                ("social_care", "Social care or disability institution"),
                ("older_persons", "Care home for older persons"),
                ("other", "Other"),
            ),
            "restraint_types": _choices(
                ("mechanical", "Mechanical (straps, belts, cage beds)"),
                ("physical", "Physical (holding by staff)"),
                ("chemical", "Chemical (sedation)"),
                ("seclusion", "Seclusion"),
            ),
        },
    )


def juvenile_detention() -> FormDefinition:
    facility = _group(
        "facility",
        "The facility",
        [
            _q(
                "text",
                "facility_name",
                "Name of the facility",
                "OPCAT art. 4(1).",
                "Include the official name and the ministry responsible.",
                translations={TL: "Pangalan ng pasilidad"},
                required=True,
            ),
            _q(
                "date",
                "visit_date",
                "Date of the visit",
                "OPCAT art. 19(a).",
                "Use the first day of the visit.",
                required=True,
                constraint=_VISIT_DATE_CONSTRAINT,
                constraint_message=_VISIT_DATE_MESSAGE,
                constraint_translations={
                    TL: "Hindi maaaring nasa hinaharap ang petsa ng pagbisita."
                },
            ),
            _q(
                "integer",
                "children_held",
                "Children held today",
                "Havana Rule 21.",
                "Take the figure from the register and check it against the count.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _q(
                "integer",
                "girls_held",
                "Of whom girls",
                "Beijing Rule 26.4.",
                "Girls are often few and isolated; ask where they sleep.",
                constraint=". >= 0 and . <= ${children_held}",
                constraint_message="Cannot be more than the children held.",
            ),
            _q(
                "integer",
                "pretrial_children",
                "Of whom awaiting trial",
                "Beijing Rule 13; Havana Rule 17.",
                "Ask for the longest time a child has waited for trial.",
                constraint=". >= 0 and . <= ${children_held}",
                constraint_message="Cannot be more than the children held.",
            ),
            _q(
                "integer",
                "youngest_age",
                "Age of the youngest child held (years)",
                "CRC art. 40(3)(a); Beijing Rule 4.",
                "Check the age of criminal responsibility in national law.",
                constraint=". >= 0 and . < 18",
                constraint_message="Children are persons under 18.",
                constraint_translations={
                    TL: "Ang mga bata ay mga taong wala pang 18 taong gulang."
                },
            ),
        ],
    )
    separation = _group(
        "separation",
        "Separation",
        [
            _q(
                "select_one yes_no_unknown",
                "adults_with_children",
                "Are adults held together with children?",
                "Havana Rule 29; Beijing Rules 13.4 and 26.3; CRC art. 37(c).",
                "Include young adults kept on after turning 18; check night arrangements.",
                translations={
                    TL: "May mga nasa hustong gulang bang nakakulong kasama ng mga bata?"
                },
            ),
            _q(
                "select_one yes_no_unknown",
                "girls_separate",
                "Do girls sleep apart from boys, with women staff?",
                "Beijing Rule 26.4.",
                "Check who supervises girls at night.",
                relevant="${girls_held} > 0",
            ),
            _q(
                "select_one yes_no_unknown",
                "pretrial_separate",
                "Are children awaiting trial held apart from those sentenced?",
                "Havana Rule 17; Beijing Rule 13.4.",
                "Ask how the facility decides where a child sleeps.",
                relevant="${pretrial_children} > 0",
            ),
        ],
    )
    admission = _group(
        "admission",
        "Admission",
        [
            _q(
                "select_one yes_no_unknown",
                "parents_notified",
                "Are parents or guardians told at once of admission, transfer and release?",
                "Beijing Rule 10.1; Havana Rule 22.",
                "Look for the time of the call in the file.",
                translations={TL: "Naabisuhan ba agad ang mga magulang o tagapag-alaga?"},
            ),
            _q(
                "select_one yes_no_unknown",
                "register_complete",
                "Does the register give identity, reasons, authority and times?",
                "Havana Rule 21.",
                "Check a sample of entries against the files.",
            ),
            _q(
                "select_one yes_no_unknown",
                "rules_explained",
                "Are the rules and rights explained in a way the child understands?",
                "Havana Rule 24.",
                "Ask children what they were told on arrival.",
            ),
            _q(
                "select_one yes_no_unknown",
                "admission_medical",
                "Is each child examined by a doctor on admission?",
                "Havana Rule 50.",
                "Check whether injuries found are reported.",
            ),
            _q(
                "select_one yes_no_unknown",
                "last_resort_review",
                "Is detention reviewed so that it lasts as short a time as possible?",
                "Havana Rule 2; Beijing Rule 19.1; CRC art. 37(b).",
                "Ask when each child's detention was last reviewed.",
            ),
        ],
    )
    education = _group(
        "education",
        "Education and activities",
        [
            _q(
                "decimal",
                "school_hours_week",
                "Hours of schooling per week",
                "Havana Rule 38.",
                "Ask children and teachers; check the timetable.",
                translations={TL: "Ilang oras ng pag-aaral bawat linggo?"},
                constraint=". >= 0 and . <= 60",
                constraint_message="Enter hours between 0 and 60.",
            ),
            _q(
                "select_one yes_no_unknown",
                "certificates_neutral",
                "Do certificates avoid showing that the child was detained?",
                "Havana Rule 40.",
                "Ask to see a certificate.",
                relevant="${school_hours_week} > 0",
            ),
            _q(
                "select_one yes_no_unknown",
                "vocational_training",
                "Is vocational training offered?",
                "Havana Rule 42.",
                "Note which trades and whether girls have access.",
            ),
            _q(
                "decimal",
                "outdoor_hours",
                "Hours outdoors per day",
                "Havana Rule 47.",
                "Check the yard and ask the children.",
                constraint=". >= 0 and . <= 24",
                constraint_message="A day has at most 24 hours.",
            ),
        ],
    )
    discipline = _group(
        "discipline",
        "Discipline, restraint and complaints",
        [
            _q(
                "select_one yes_no_unknown",
                "solitary_used",
                "Are children placed in closed or solitary confinement?",
                "Havana Rule 67.",
                "Look at rooms used for 'time out', 'reflection' or 'protection'.",
            ),
            _note(
                "solitary_prohibited",
                "Closed or solitary confinement of a child is prohibited: record a finding.",
                "Note the room, the longest stay and who decides.",
                relevant="${solitary_used} = 'yes'",
            ),
            _q(
                "select_one yes_no_unknown",
                "restraint_force",
                "Are restraints or force used on children?",
                "Havana Rules 63 and 64.",
                "Ask for the register and compare with injuries in medical files.",
            ),
            _q(
                "select_one yes_no_unknown",
                "family_contact_sanction",
                "Is family contact ever restricted as a punishment?",
                "Havana Rule 67.",
                "Ask children and check the sanctions register.",
            ),
            _q(
                "integer",
                "family_visits_month",
                "Family visits allowed per month",
                "Havana Rules 59 and 60.",
                "Ask whether transport costs stop families from coming.",
                constraint=". >= 0 and . <= 31",
                constraint_message="Enter between 0 and 31 visits.",
            ),
            _q(
                "select_one yes_no_unknown",
                "complaints_outside",
                "Can children complain to someone outside the facility, confidentially?",
                "Havana Rules 75 and 76.",
                "Ask children whom they would tell if staff hurt them.",
            ),
        ],
    )
    dormitories = _repeat(
        "dormitories",
        "Dormitory or room inspected",
        [
            _q(
                "text",
                "dorm_name",
                "Dormitory or room",
                "Havana Rules 31-33.",
                "Use the facility's name for it.",
                required=True,
            ),
            _q(
                "integer",
                "dorm_children",
                "Children sleeping there",
                "Havana Rule 33.",
                "Count the beds.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _q(
                "integer",
                "dorm_adults",
                "Adults (18 or over) sleeping there",
                "Havana Rule 29.",
                "Any adult here needs an explanation.",
                constraint=". >= 0",
                constraint_message="Cannot be negative.",
            ),
            _q(
                "select_one adequacy",
                "dorm_conditions",
                "Material conditions",
                "Havana Rules 31-37.",
                "Light, air, heat, sanitation, cleanliness, repair and privacy.",
            ),
        ],
        translations={TL: "Dormitoryo o silid na siniyasat"},
        hint="One entry per dormitory or room visited.",
    )
    return FormDefinition(
        form_id="vigil_juvenile_detention",
        title="Juvenile detention",
        version=VERSION,
        default_language=EN,
        languages=[EN, TL],
        elements=[facility, separation, admission, education, discipline, dormitories],
        choices={
            "yes_no_unknown": _yes_no_unknown(TL, "Oo", "Hindi", "Hindi matiyak"),
            "adequacy": list(_ADEQUACY),
        },
    )


def starter_library_definitions() -> list[FormDefinition]:
    """The five starter checklists as definitions."""
    return [
        police_custody(),
        prison(),
        immigration_detention(),
        psychiatric_social_care(),
        juvenile_detention(),
    ]


def starter_library() -> list[tuple[str, bytes]]:
    """(filename, .xlsx bytes) for each starter checklist."""
    return [
        (f"{definition.form_id}.xlsx", write_xlsform(definition))
        for definition in starter_library_definitions()
    ]
