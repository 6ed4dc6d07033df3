"""The demo's register of places, as data; `builder` loads it.

Fictional places of detention in the fictional Republic of Meridia: the Commission's
register (every kind of place of OPCAT art. 4, in every region) and the inspectorate's
smaller one. Authorities are named by their keys, areas by their names.
"""

# The tables below keep one place per line, so that they read as tables.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vigil.places.models import Authority, Place

Held = Place.Held
Regime = Place.Regime
Status = Place.Status

# key: (name, kind)
AUTHORITIES: dict[str, tuple[str, str]] = {
    "police": ("Meridia National Police", Authority.Kind.POLICE),
    "bucor": ("Bureau of Corrections", Authority.Kind.PRISON_SERVICE),
    "bjmp": ("Bureau of Jail Management and Penology", Authority.Kind.PRISON_SERVICE),
    "immigration": ("Bureau of Immigration", Authority.Kind.IMMIGRATION),
    "military": ("Armed Forces of Meridia", Authority.Kind.MILITARY),
    "health": ("Department of Health", Authority.Kind.HEALTH),
    "welfare": ("Department of Social Welfare and Development", Authority.Kind.SOCIAL_WELFARE),
    "contractor": ("Harbourline Custodial Services Inc.", Authority.Kind.PRIVATE_CONTRACTOR),
}

# region -> province -> district -> (longitude, latitude) of the district's main town
AREAS: dict[str, dict[str, dict[str, tuple[float, float]]]] = {
    "Northern Meridia": {
        "Alcala Norte": {"Hiraya": (120.45, 14.05), "Tanaw": (120.95, 14.10)},
        "Baybayin": {"Dalisay City": (120.60, 13.55), "Alon": (120.30, 13.75)},
        "Sierra Alta": {
            "Malinaw": (121.40, 13.60),
            "Bituin": (121.20, 13.05),
            "Tala": (121.55, 13.20),
        },
    },
    "Central Meridia": {
        "Lunaran": {
            "Kalinaw": (122.10, 13.30),
            "Sinag": (122.60, 13.25),
            "Liwanag": (122.30, 12.75),
        },
        "Mabini Oriental": {
            "Masagana": (123.10, 12.90),
            "Payapa": (123.60, 12.50),
            "Habagat": (123.00, 12.25),
        },
        "Talisay del Sur": {
            "Puerto Dalaga": (124.20, 11.90),
            "Batis": (123.95, 11.20),
            "Kaunlaran": (124.30, 10.80),
        },
    },
    "Southern Islands": {
        "Isla Verde": {
            "San Lorenzo Verde": (120.50, 10.90),
            "Marikit": (121.00, 10.30),
            "Bagong Pag-asa": (120.20, 10.10),
        },
        "Isla Luntian": {"Luntian": (123.65, 9.85)},
    },
}

STREETS = [
    "National Highway",
    "Capitol Road",
    "Mabini Street",
    "Harbour Road",
    "Rizal Avenue",
    "Camp Road",
    "Poblacion",
    "Del Pilar Street",
    "Provincial Road",
    "Bonifacio Street",
]

# Occupancy at the latest count, as a share of official capacity, by profile:
# U under 80 %, N 80-100 %, O overcrowded 101-150 %, C critically overcrowded (over 150 %).
PROFILES = {"U": (0.50, 0.78), "N": (0.81, 0.99), "O": (1.06, 1.48), "C": (1.55, 2.60)}


@dataclass(frozen=True)
class PlaceSpec:
    kind: str
    name: str
    district: str
    authority: str
    capacity: int | None
    held: str
    regime: str
    profile: str
    status: str = Status.OPEN
    months: int = 0  # closed: months ago it closed; temporary: months ago it opened
    located: bool = True
    notes: str = ""


def _p(
    kind: str,
    name: str,
    district: str,
    authority: str,
    capacity: int | None,
    held: str,
    regime: str,
    profile: str,
    **extra: Any,
) -> PlaceSpec:
    return PlaceSpec(kind, name, district, authority, capacity, held, regime, profile, **extra)


M, W, J, X = Held.MEN, Held.WOMEN, Held.JUVENILES, Held.MIXED
RE, SE, BO, NA = Regime.REMAND, Regime.SENTENCED, Regime.BOTH, Regime.NOT_APPLICABLE

# fmt: off
HRC_PLACES = [
    # Police stations and lock-ups
    _p("police_station", "Dalisay City Police Station 1 (Poblacion)", "Dalisay City", "police", 30, X, RE, "C"),
    _p("police_station", "Dalisay City Police Station 4 (Harbour)", "Dalisay City", "police", 24, M, RE, "O"),
    _p("police_station", "Alon Municipal Police Station", "Alon", "police", 12, X, RE, "N"),
    _p("police_station", "Hiraya Municipal Police Station", "Hiraya", "police", 10, X, RE, "U"),
    _p("police_station", "Tanaw Municipal Police Station", "Tanaw", "police", None, X, RE, "N"),
    _p("police_station", "Malinaw Police Lock-up", "Malinaw", "police", 16, M, RE, "N"),
    _p("police_station", "Kalinaw City Police Station", "Kalinaw", "police", 40, X, RE, "N"),
    _p("police_station", "Sinag Municipal Police Station", "Sinag", "police", 12, X, RE, "U"),
    _p("police_station", "Masagana Police Station", "Masagana", "police", 20, X, RE, "N"),
    _p("police_station", "Payapa Municipal Police Station", "Payapa", "police", None, X, RE, "U"),
    _p("police_station", "Puerto Dalaga Police Station", "Puerto Dalaga", "police", 25, X, RE, "O"),
    _p("police_station", "Batis Municipal Police Station", "Batis", "police", 10, X, RE, "U"),
    _p("police_station", "San Lorenzo Verde Police Station", "San Lorenzo Verde", "police", 18, X, RE, "N"),
    _p("police_station", "Luntian Island Police Post", "Luntian", "police", 6, X, RE, "U"),
    # Remand prisons (jails)
    _p("prison_remand", "Dalisay City Jail, Male Dormitory", "Dalisay City", "bjmp", 800, M, RE, "C"),
    _p("prison_remand", "Dalisay City Jail, Female Dormitory", "Dalisay City", "bjmp", 180, W, RE, "N"),
    _p("prison_remand", "Kalinaw District Jail", "Kalinaw", "bjmp", 350, X, RE, "C"),
    _p("prison_remand", "Puerto Dalaga City Jail", "Puerto Dalaga", "bjmp", 420, M, RE, "O"),
    _p("prison_remand", "Bituin District Jail", "Bituin", "bjmp", 220, X, RE, "N"),
    _p("prison_remand", "Marikit District Jail", "Marikit", "bjmp", 150, X, RE, "U"),
    _p("prison_remand", "Old Alcala Provincial Jail", "Tanaw", "bjmp", 200, X, RE, "O",
       status=Status.CLOSED, months=17,
       notes="Closed after the roof collapsed; detainees were moved to Dalisay City Jail."),
    # Prisons for sentenced persons
    _p("prison_sentenced", "Meridia National Penitentiary", "Tala", "bucor", 6500, M, SE, "O"),
    _p("prison_sentenced", "Correctional Institution for Women", "Dalisay City", "bucor", 1200, W, SE, "N"),
    _p("prison_sentenced", "Sinag Prison and Penal Farm", "Sinag", "bucor", 3000, M, SE, "U"),
    _p("prison_sentenced", "Isla Verde Penal Colony", "Bagong Pag-asa", "bucor", 2500, M, SE, "N"),
    _p("prison_sentenced", "Habagat Regional Correctional Facility", "Habagat", "bucor", 900, M, BO, "C"),
    _p("prison_sentenced", "Payapa Open Prison Camp", "Payapa", "bucor", 400, M, SE, "U"),
    # Court cells
    _p("court_cell", "Dalisay City Hall of Justice holding cells", "Dalisay City", "bjmp", 40, X, RE, "O"),
    _p("court_cell", "Kalinaw Regional Trial Court holding cell", "Kalinaw", "bjmp", 12, X, RE, "N"),
    _p("court_cell", "Puerto Dalaga Hall of Justice cells", "Puerto Dalaga", "police", None, X, RE, "N"),
    # Immigration detention
    _p("immigration_detention", "Bureau of Immigration Warden Facility, Dalisay City", "Dalisay City", "immigration", 110, X, NA, "C"),
    _p("immigration_detention", "Puerto Dalaga Immigration Holding Centre", "Puerto Dalaga", "contractor", 60, X, NA, "N"),
    _p("immigration_detention", "Liwanag Temporary Immigration Shelter", "Liwanag", "immigration", 80, X, NA, "N",
       status=Status.TEMPORARY, months=9,
       notes="Opened in a converted school gymnasium after boat arrivals."),
    # Military detention
    _p("military_detention", "Camp Malakas Stockade", "Malinaw", "military", 60, M, BO, "U"),
    _p("military_detention", "Habagat Naval Station Brig", "Habagat", "military", 20, M, BO, "U"),
    # Psychiatric hospitals and closed wards
    _p("psychiatric_hospital", "Meridia National Psychiatric Hospital", "Dalisay City", "health", 1400, X, NA, "O"),
    _p("psychiatric_hospital", "Lunaran Provincial Hospital, closed psychiatric ward", "Kalinaw", "health", 40, X, NA, "N"),
    _p("psychiatric_hospital", "Batis Regional Mental Health Centre", "Batis", "health", 120, X, NA, "U"),
    # Social care and disability institutions
    _p("social_care_institution", "Tahanan Home for Persons with Disabilities", "Hiraya", "welfare", 120, X, NA, "N"),
    _p("social_care_institution", "Sierra Alta Centre for Adults with Intellectual Disabilities", "Malinaw", "welfare", 90, X, NA, "N"),
    _p("social_care_institution", "Marikit Social Care Residence", "Marikit", "welfare", 70, X, NA, "U"),
    _p("social_care_institution", "Kaunlaran Psychosocial Rehabilitation Home", "Kaunlaran", "welfare", 60, X, NA, "N"),
    # Care homes for older persons
    _p("care_home_older_persons", "Golden Years Care Residence (locked dementia unit)", "Alon", "contractor", 50, X, NA, "N"),
    _p("care_home_older_persons", "Masagana Home for the Aged", "Masagana", "welfare", 150, X, NA, "U"),
    _p("care_home_older_persons", "Luntian Elderly Care Home", "Luntian", "welfare", 40, X, NA, "U"),
    _p("care_home_older_persons", "Haven of Hope Nursing Home", "Sinag", "contractor", 80, X, NA, "N",
       status=Status.CLOSED, months=8,
       notes="Licence withdrawn by the Department of Health; residents moved to other homes."),
    # Juvenile detention
    _p("juvenile_detention", "Bahay Pag-asa Dalisay City youth care centre", "Dalisay City", "welfare", 60, J, BO, "O"),
    _p("juvenile_detention", "Regional Rehabilitation Centre for Youth, Liwanag", "Liwanag", "welfare", 150, J, BO, "N"),
    _p("juvenile_detention", "Bahay Pag-asa San Lorenzo Verde", "San Lorenzo Verde", "welfare", 40, J, BO, "U"),
    # Children's institutions
    _p("childrens_institution", "Tanaw Home for Girls", "Tanaw", "welfare", 45, J, NA, "U"),
    _p("childrens_institution", "Nayon ng Kabataan Children's Village", "Kalinaw", "welfare", 100, J, NA, "N"),
    _p("childrens_institution", "Puerto Dalaga Reception and Study Centre for Children", "Puerto Dalaga", "welfare", 50, J, NA, "O"),
    # Sobering-up centres
    _p("sobering_up_centre", "Dalisay City Sobering-up Centre", "Dalisay City", "police", 20, X, NA, "N"),
    _p("sobering_up_centre", "Puerto Dalaga Night Sobering Station", "Puerto Dalaga", "health", None, X, NA, "U"),
    # Transit zones
    _p("transit_zone", "Dalisay International Airport transit holding area", "Alon", "immigration", 15, X, NA, "O"),
    _p("transit_zone", "Port of Puerto Dalaga passenger holding room", "Puerto Dalaga", "immigration", 10, X, NA, "U"),
    # Other places of deprivation of liberty
    _p("other", "Bagong Pag-asa Drug Treatment and Rehabilitation Centre", "Bagong Pag-asa", "health", 200, X, NA, "C"),
    _p("other", "Kalinaw Temporary Quarantine Facility", "Kalinaw", "health", 100, X, NA, "N",
       status=Status.TEMPORARY, months=5, located=False,
       notes="Location to be confirmed with the provincial health office."),
    _p("other", "Liwanag Women's Protective Custody Shelter", "Liwanag", "welfare", 30, W, NA, "U"),
    _p("other", "Habagat Drug Treatment Centre", "Habagat", "health", 120, X, NA, "O"),
]

OCS_AUTHORITIES = ("police", "bjmp", "bucor", "welfare")
OCS_PLACES = [
    _p("prison_remand", "Dalisay City Jail", "Dalisay City", "bjmp", 980, X, RE, "C"),
    _p("prison_remand", "Kalinaw District Jail", "Kalinaw", "bjmp", 350, X, RE, "O"),
    _p("prison_sentenced", "Meridia National Penitentiary", "Tala", "bucor", 6500, M, SE, "O"),
    _p("police_station", "Dalisay City Police Station 1", "Dalisay City", "police", 30, X, RE, "N"),
    _p("police_station", "Puerto Dalaga Police Station", "Puerto Dalaga", "police", 25, X, RE, "U"),
    _p("juvenile_detention", "Bahay Pag-asa Dalisay City", "Dalisay City", "welfare", 60, J, BO, "N"),
]
# fmt: on
