"""Writes of the register's own lists: authorities, administrative areas, kinds of place."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.places.models import AdministrativeArea, Authority, PlaceKind


def _one_line(name: str) -> str:
    return " ".join(name.split())


@transaction.atomic
def authority_create(*, actor: Membership, name: str, kind: str, notes: str = "") -> Authority:
    require_capability(actor, Capability.MANAGE_PLACES)
    name = _one_line(name)
    if Authority.objects.for_actor(actor).filter(name__iexact=name).exists():
        raise ValidationError({"name": _("An authority with this name exists already.")})
    authority = Authority.objects.create(
        institution=actor.institution, name=name, kind=kind, notes=notes
    )
    audit_by(actor, "authority.created", authority)
    return authority


@transaction.atomic
def area_create(
    *, actor: Membership, name: str, level: int, parent: AdministrativeArea | None
) -> AdministrativeArea:
    require_capability(actor, Capability.MANAGE_PLACES)
    require_same_institution(actor, parent)
    expected_parent_level = level - 1
    if (parent is None and level != AdministrativeArea.Level.REGION) or (
        parent is not None and parent.level != expected_parent_level
    ):
        raise ValidationError(
            {"parent": _("A province belongs to a region, and a district to a province.")}
        )
    name = _one_line(name)
    if (
        AdministrativeArea.objects.for_actor(actor)
        .filter(parent=parent, name__iexact=name)
        .exists()
    ):
        raise ValidationError({"name": _("This area exists already.")})
    area = AdministrativeArea.objects.create(
        institution=actor.institution, name=name, level=level, parent=parent
    )
    audit_by(actor, "area.created", area)
    return area


@transaction.atomic
def kind_create(*, actor: Membership, name: str) -> PlaceKind:
    require_capability(actor, Capability.MANAGE_PLACES)
    name = _one_line(name)
    code = slugify(name)[:40] or "kind"
    # Built-in kinds are shared; a kind's name must not repeat one the institution sees.
    visible = PlaceKind.objects.visible_to(actor)
    if visible.filter(Q(code=code) | Q(name__iexact=name)).exists():
        raise ValidationError({"name": _("This kind exists already.")})
    kind = PlaceKind.objects.create(institution=actor.institution, code=code, name=name, order=500)
    audit_by(actor, "place_kind.created", kind)
    return kind
