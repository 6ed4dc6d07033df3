"""What the services of prevention programmes, good practice and trainings share."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.models import Membership
from vigil.core.roles import Capability


def may_manage(actor: Membership, *records: Model | None) -> None:
    """The actor manages programmes, and every record given is of its institution."""
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    require_same_institution(actor, *records)


def known_fields(values: dict[str, Any], fields: Iterable[str], what: str) -> None:
    """A caller passing a field the service does not write is a programming error."""
    unknown = set(values) - set(fields)
    if unknown:
        raise ValueError(f"Not a {what} field: {sorted(unknown)}")


def pop_relations(
    actor: Membership, values: dict[str, Any], names: Iterable[str]
) -> dict[str, list[Any]]:
    """Take the many-to-many choices out of `values`; each must be shared or the actor's."""
    relations = {name: list(values.pop(name)) for name in names if name in values}
    for records in relations.values():
        require_same_institution(actor, *records)
    return relations


def check_period(starts_on: date | None, ends_on: date | None, field: str = "ends_on") -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({field: _("The end date is before the start date.")})
