"""Loads the demo: the institutions and people of `content`, then every app's step.

Apps add steps under `hooks.DEMO_STEP` in their `hooks.py`, each keyed and naming the steps
it comes after (`after=["places"]`); each step gets the `DemoWorld` built so far.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from vigil.core import hooks
from vigil.core.demo.content import DEMO_PASSWORD, INSTITUTIONS, PEOPLE
from vigil.core.models import Institution, Membership, User
from vigil.core.services import institutions as services


@dataclass
class DemoWorld:
    institutions: dict[str, Institution] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # email, institution, role


DemoStep = Callable[[DemoWorld], None]


def demo_is_loaded() -> bool:
    return Institution.objects.exists()


@transaction.atomic
def demo_load() -> DemoWorld:
    world = DemoWorld()
    for key, spec in INSTITUTIONS.items():
        world.institutions[key] = services.institution_create(**spec)
    for email, name, roles in PEOPLE:
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
    rows = Membership.objects.filter(user__email__in=[p[0] for p in PEOPLE], is_active=True)
    return [
        (m.user.email, m.institution.name, m.get_role_display())
        for m in rows.select_related("user", "institution").order_by("institution__name", "pk")
    ]
