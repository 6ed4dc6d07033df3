"""Checklist answers for the demo visits that satisfy the starter forms' constraints, worse
where conditions were found worse (`bad`, 0 to 1)."""

# ruff: noqa: E501

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from vigil.visits.demo.outline import Outline

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
