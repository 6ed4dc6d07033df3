"""The shipped catalogue of risk factors (DOMAIN.md, "Risk factors"), loaded as data."""

from __future__ import annotations

from typing import Any

# A finding that cites one of a factor's "standards" ("instrument|reference") is credited to
# that factor rather than to the factors of its theme: a finding on the first hours of custody
# names its safeguard by the Body of Principles rule it cites (decision 0027).
BOP = "Body of Principles|"

# (code, group, measure, params, default weight, name, why it matters)
CATALOGUE: list[tuple[str, str, str, dict[str, Any], int, str, str]] = [
    ("custody_notification", "first_hours", "observed",
     {"themes": ["custody_safeguards"], "standards": [f"{BOP}Principles 15-16"]}, 2,
     "No notification of custody to a relative or third person",
     "People held incommunicado in the first hours are most at risk."),
    ("lawyer_access", "first_hours", "observed",
     {"themes": ["legal_safeguards"], "standards": [f"{BOP}Principles 17-18"]}, 2,
     "No prompt access to a lawyer", "A lawyer's presence deters ill-treatment."),
    ("doctor_access", "first_hours", "observed",
     {"themes": [], "standards": [f"{BOP}Principle 24"]}, 2,
     "No access to an independent doctor",
     "Injuries go undocumented without an independent examination."),
    ("rights_information", "first_hours", "observed",
     {"themes": [], "standards": [f"{BOP}Principle 10", f"{BOP}Principle 13"]}, 1,
     "No information on rights in a language understood",
     "People who do not know their rights cannot claim them."),
    ("judge_appearance", "first_hours", "observed",
     {"themes": [], "standards": [f"{BOP}Principle 11"]}, 1,
     "No prompt appearance before a judge", "Long police custody without a judge invites abuse."),
    ("interrogation_recording", "first_hours", "observed",
     {"themes": [], "standards": [f"{BOP}Principle 12", f"{BOP}Principle 23"]}, 1,
     "Interrogations not recorded", "Unrecorded questioning favours coerced confessions."),
    ("register_irregularities", "registers", "register_irregularities", {}, 2,
     "Irregularities in registers", "Incomplete registers hide detentions and injuries."),
    ("register_findings", "registers", "observed", {"themes": ["registers"]}, 1,
     "Findings on registers and record-keeping", "Record-keeping protects against disappearance."),
    ("women_share", "vulnerable", "population_share", {"field": "women"}, 1,
     "Women held", "Women face specific risks (searches, male-only supervision)."),
    ("juveniles_share", "vulnerable", "population_share", {"field": "juveniles"}, 1,
     "Children held", "Children are particularly vulnerable to abuse."),
    ("pre_trial_share", "vulnerable", "population_share", {"field": "pre_trial"}, 1,
     "Pre-trial detainees", "Pressure for confessions falls on those awaiting trial."),
    ("foreign_share", "vulnerable", "population_share", {"field": "foreign_nationals"}, 1,
     "Foreign nationals held", "Language barriers and isolation raise the risk."),
    ("vulnerable_findings", "vulnerable", "observed",
     {"themes": ["women", "children", "disabilities", "lgbti", "migrants"]}, 1,
     "Findings on vulnerable groups", "Concerns already documented for groups at risk."),
    ("overcrowding", "conditions", "occupancy", {}, 2,
     "Overcrowding", "Overcrowding strains staff and breeds violence."),
    ("health_care", "conditions", "observed", {"themes": ["health_care"]}, 1,
     "Lack of health care", "Ill health and untreated injuries go unseen."),
    ("solitary", "conditions", "observed", {"themes": ["solitary"]}, 2,
     "Solitary confinement", "Prolonged isolation is itself ill-treatment."),
    ("restraints", "conditions", "observed", {"themes": ["restraints", "searches"]}, 1,
     "Restraints and body searches", "Misused restraints and searches humiliate and harm."),
    ("material_conditions", "conditions", "observed",
     {"themes": ["conditions", "food_water", "overcrowding"]}, 1,
     "Poor material conditions", "Degrading conditions can amount to ill-treatment."),
    ("no_complaints", "conditions", "observed", {"themes": ["complaints"]}, 1,
     "No effective complaint mechanism", "Without complaints abuse stays hidden."),
    ("no_contact", "conditions", "observed", {"themes": ["contact"]}, 1,
     "No contact with the outside world", "Isolation from family removes a safeguard."),
    ("ill_treatment_findings", "culture", "observed", {"themes": ["treatment", "discipline"]}, 3,
     "Findings of ill-treatment or abusive discipline",
     "Documented ill-treatment is the strongest warning."),
    ("staff_culture", "culture", "observed", {"themes": ["staff"]}, 1,
     "Understaffing, untrained staff, culture of impunity",
     "Institutional culture decides how detainees are treated."),
    ("allegations", "signals", "allegations", {}, 3,
     "Allegations of ill-treatment", "Allegations, and rising ones, point to where it happens."),
    ("reprisals", "signals", "reprisals", {}, 3,
     "Reprisals against people who spoke to monitors", "Reprisals show a closed, dangerous place."),
    ("deaths", "signals", "observed", {"themes": ["deaths"]}, 2,
     "Deaths in custody", "A death in custody demands scrutiny."),
    ("time_since_visit", "signals", "time_since_visit", {}, 2,
     "Long time since the last visit", "Unwatched places drift."),
    ("urgent_recommendations", "signals", "urgent_recommendations", {}, 2,
     "Urgent recommendations left unimplemented",
     "Ignored urgent recommendations mean the risk persists."),
]  # fmt: skip


def load_risk_factors(apps: Any) -> None:
    model = apps.get_model("risk", "RiskFactor")
    for order, (code, group, measure, params, weight, name, why) in enumerate(CATALOGUE, 1):
        model.objects.update_or_create(
            institution=None,
            code=code,
            defaults={
                "group": group,
                "measure": measure,
                "params": params,
                "default_weight": weight,
                "name": name,
                "description": why,
                "order": order * 10,
            },
        )
