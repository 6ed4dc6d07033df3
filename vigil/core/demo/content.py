"""The demo's fictional institutions and people, as data. Nothing here is real."""

from __future__ import annotations

from typing import Any

from vigil.core.models import Institution
from vigil.core.roles import Role

DEMO_PASSWORD = "vigil-demo-2026"  # noqa: S105  (fictional accounts on a throw-away database)

# key: what `institution_create` takes
INSTITUTIONS: dict[str, dict[str, Any]] = {
    "hrc": dict(
        name="Meridia Human Rights Commission",
        country="Republic of Meridia (fictional)",
        kind=Institution.Kind.BOTH,
        time_zone="Asia/Manila",
        languages=["en", "fil"],
    ),
    "ocs": dict(
        name="Meridia Inspectorate of Custodial Services",
        country="Republic of Meridia (fictional)",
        kind=Institution.Kind.NPM,
        time_zone="Asia/Manila",
        languages=["en"],
    ),
    # A second country of the network works in Bahasa Indonesia: a newcomer signing in as
    # admin@komnas.example sees Vigil, its vocabularies and its records in Indonesian at once.
    "komnas": dict(
        name="Komisi Nasional Pencegahan Penyiksaan Nusantara Timur",
        country="Republik Nusantara Timur (fiktif)",
        kind=Institution.Kind.NPM,
        time_zone="Asia/Jakarta",
        languages=["id", "en"],
        default_language="id",
    ),
}

# email, full name, {institution: role}
PEOPLE: list[tuple[str, str, dict[str, Role]]] = [
    ("admin@hrc.example", "Amihan Reyes", {"hrc": Role.ADMIN}),
    ("commissioner@hrc.example", "Bayani Santos", {"hrc": Role.COMMISSIONER, "ocs": Role.VIEWER}),
    ("monitor@hrc.example", "Dalisay Cruz", {"hrc": Role.MONITOR}),
    ("investigator@hrc.example", "Emilio Bautista", {"hrc": Role.INVESTIGATOR}),
    ("doctor@hrc.example", "Dr. Ligaya Mendoza", {"hrc": Role.MEDICAL_EXPERT}),
    ("analyst@hrc.example", "Tala Garcia", {"hrc": Role.ANALYST}),
    ("programmes@hrc.example", "Rizal Navarro", {"hrc": Role.PROGRAMME_OFFICER}),
    ("viewer@hrc.example", "Mayumi Flores", {"hrc": Role.VIEWER}),
    ("admin@ocs.example", "Joaquin Villanueva", {"ocs": Role.ADMIN}),
    ("monitor@ocs.example", "Marisol Aquino", {"ocs": Role.MONITOR}),
    ("admin@komnas.example", "Sri Wahyuningsih", {"komnas": Role.ADMIN}),
    ("monitor@komnas.example", "Budi Santoso", {"komnas": Role.MONITOR}),
]
