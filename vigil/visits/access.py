"""Who may read and who may change a visit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from vigil.core.access import actor_can, get_for_actor
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.visits.models import Visit


def can_edit_visit(actor: Membership, visit: Visit) -> bool:
    """The visit's team, commissioners and admins; viewers and others only read."""
    if actor_can(actor, Capability.EDIT_ANY_VISIT):
        return True
    return actor.is_active and visit.team.filter(user_id=actor.user_id).exists()


def visit_get(*, actor: Membership, pk: Any) -> Visit:
    return get_for_actor(
        Visit.objects.select_related("place", "place__kind", "place__authority", "plan"),
        actor=actor,
        pk=pk,
    )


def visit_get_for_edit(*, actor: Membership, pk: Any) -> Visit:
    visit = visit_get(actor=actor, pk=pk)
    require_visit_editor(actor, visit)
    return visit


def require_visit_editor(actor: Membership, visit: Visit) -> None:
    if visit.institution_id != actor.institution_id or not can_edit_visit(actor, visit):
        raise PermissionDenied
