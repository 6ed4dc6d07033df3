"""The kinds of place of deprivation of liberty (OPCAT art. 4), shipped as data."""

from __future__ import annotations

from typing import Any

KINDS = [
    ("prison_remand", "Prison (remand)"),
    ("prison_sentenced", "Prison (sentenced)"),
    ("police_station", "Police station or lock-up"),
    ("court_cell", "Court cell"),
    ("immigration_detention", "Immigration or foreigners' detention centre"),
    ("military_detention", "Military detention"),
    ("psychiatric_hospital", "Psychiatric hospital or closed ward"),
    ("social_care_institution", "Social care or disability institution"),
    ("care_home_older_persons", "Care home for older persons (incl. locked dementia units)"),
    ("juvenile_detention", "Juvenile or youth detention or residence"),
    ("childrens_institution", "Children's institution"),
    ("sobering_up_centre", "Sobering-up centre"),
    ("transit_zone", "Transit zone (airport or port)"),
    ("other", "Other place of deprivation of liberty"),
]


def load_place_kinds(apps: Any) -> None:
    place_kind = apps.get_model("places", "PlaceKind")
    for order, (code, name) in enumerate(KINDS):
        place_kind.objects.update_or_create(
            institution=None, code=code, defaults={"name": name, "order": order * 10}
        )
