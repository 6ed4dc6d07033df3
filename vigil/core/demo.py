"""Deterministic, fictional demo data. Apps add steps under `hooks.DEMO_STEP` in their
`hooks.py`, each keyed and naming the steps it comes after (`after=["places"]`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from vigil.core import hooks
from vigil.core.models import Institution, Membership, User
from vigil.core.roles import Role
from vigil.core.services import institutions as services

DEMO_PASSWORD = "vigil-demo-2026"  # noqa: S105  (fictional accounts on a throw-away database)


@dataclass
class DemoWorld:
    institutions: dict[str, Institution] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # email, institution, role


DemoStep = Callable[[DemoWorld], None]


_INSTITUTIONS = {
    "hrc": dict(
        name="Meridia Human Rights Commission",
        country="Republic of Meridia (fictional)",
        kind=Institution.Kind.BOTH,
        time_zone="Asia/Manila",
        languages=["en", "tl"],
    ),
    "ocs": dict(
        name="Meridia Inspectorate of Custodial Services",
        country="Republic of Meridia (fictional)",
        kind=Institution.Kind.NPM,
        time_zone="Asia/Manila",
        languages=["en"],
    ),
}

# email, full name, {institution: role}
_PEOPLE: list[tuple[str, str, dict[str, Role]]] = [
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
]


def demo_is_loaded() -> bool:
    return Institution.objects.exists()


@transaction.atomic
def demo_load() -> DemoWorld:
    world = DemoWorld()
    for key, spec in _INSTITUTIONS.items():
        world.institutions[key] = services.institution_create(**spec)  # type: ignore[arg-type]
    for email, name, roles in _PEOPLE:
        user = services.user_create(email=email, full_name=name, password=DEMO_PASSWORD)
        world.users[email] = user
        for key, role in roles.items():
            services.membership_add(user=user, institution=world.institutions[key], role=role)
            world.logins.append((email, world.institutions[key].name, str(role.label)))
    steps: list[DemoStep] = hooks.get_hooks(hooks.DEMO_STEP)
    for step in steps:
        step(world)
    return world


def demo_logins() -> list[tuple[str, str, str]]:
    rows = Membership.objects.filter(user__email__in=[p[0] for p in _PEOPLE], is_active=True)
    return [
        (m.user.email, m.institution.name, m.get_role_display())
        for m in rows.select_related("user", "institution").order_by("institution__name", "pk")
    ]
