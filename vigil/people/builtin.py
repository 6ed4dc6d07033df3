"""Types of ill-treatment (HURIDOCS-style, DOMAIN.md), shipped as data."""

from __future__ import annotations

from typing import Any

ILL_TREATMENT_TYPES = [
    ("beating", "Beating"),
    ("positional", "Positional torture"),
    ("suspension", "Suspension"),
    ("electric_shocks", "Electric shocks"),
    ("asphyxiation", "Asphyxiation"),
    ("sexual_violence", "Sexual violence"),
    ("threats", "Threats"),
    ("humiliation", "Humiliation"),
    ("sleep_deprivation", "Sleep deprivation"),
    ("solitary", "Prolonged solitary confinement"),
    ("medical_care_denied", "Denial of medical care"),
    ("food_water_denied", "Denial of food or water"),
    ("excessive_force", "Excessive use of force or restraints"),
    ("other", "Other"),
]


def load_ill_treatment_types(apps: Any) -> None:
    model = apps.get_model("people", "IllTreatmentType")
    for order, (code, name) in enumerate(ILL_TREATMENT_TYPES, start=1):
        model.objects.update_or_create(
            institution=None, code=code, defaults={"name": name, "order": order * 10}
        )
