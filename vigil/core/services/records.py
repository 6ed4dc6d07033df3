"""What every app's services share when they write a record.

- `model_update(instance, data, fields)` applies the changed values of an edit, saves only
  those columns (and many-to-many sets), and says which changed, for the audit event.
- `next_code(...)` gives the next free reference ("R-2026-0042") under a lock, so two people
  saving at the same moment never get the same one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

from django.db import models, transaction
from django.utils import timezone

from vigil.core.models import Institution, TenantModel
from vigil.core.tenancy import TenantManager

M = TypeVar("M", bound=models.Model)
_LEADING_DIGITS = re.compile(r"\d+")


def model_update(
    instance: M,
    data: Mapping[str, Any],
    fields: Iterable[str] | None = None,
    *,
    touch: str | None = None,
) -> list[str]:
    """Set the fields of `data` (only those named in `fields`, when given) that differ, and
    save just those. Many-to-many fields are set after the row. `touch` names a timestamp
    field to set to now when anything changed. Returns the changed field names, sorted.
    """
    allowed = set(data) if fields is None else set(fields) & set(data)
    many = {f.name for f in instance._meta.many_to_many}
    changed_columns: list[str] = []
    changed_many: list[str] = []
    for name in sorted(allowed):
        value = data[name]
        if name in many:
            current = {obj.pk for obj in getattr(instance, name).all()}
            if current != {obj.pk if hasattr(obj, "pk") else obj for obj in value}:
                changed_many.append(name)
        elif getattr(instance, name) != value:
            setattr(instance, name, value)
            changed_columns.append(name)
    if not changed_columns and not changed_many:
        return []
    if touch:
        setattr(instance, touch, timezone.now())
        changed_columns.append(touch)
    if changed_columns:
        instance.save(update_fields=changed_columns)
    for name in changed_many:
        getattr(instance, name).set(data[name])
    return sorted(set(changed_columns + changed_many) - ({touch} if touch else set()))


class CodeSequence:
    """Free codes of one institution ("R-2026-0042"), one past the highest with the prefix.

    It locks the institution's row for the rest of the caller's transaction, so a second
    save waits for the first to commit and then sees its code. Codes may have a tail after
    the number ("E-00007.jpg"); codes whose tail is not a number are ignored.
    """

    def __init__(self, *, institution_id: int, model: type[TenantModel], field: str) -> None:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Codes must be taken inside the transaction that saves them.")
        list(Institution.objects.select_for_update().filter(pk=institution_id).values("pk"))
        self._query = cast(TenantManager[Any], model._default_manager).for_institution(
            institution_id
        )
        self._field = field
        self._next: dict[str, int] = {}

    def take(self, prefix: str, width: int = 4) -> str:
        if prefix not in self._next:
            existing = self._query.filter(**{f"{self._field}__startswith": prefix})
            tail = len(prefix)
            numbers = [
                int(match.group())
                for code in existing.values_list(self._field, flat=True)
                if (match := _LEADING_DIGITS.match(code[tail:]))
            ]
            self._next[prefix] = max(numbers, default=0) + 1
        number = self._next[prefix]
        self._next[prefix] = number + 1
        return f"{prefix}{number:0{width}d}"


def next_code(
    *,
    institution_id: int,
    model: type[TenantModel],
    field: str,
    prefix: str,
    width: int = 4,
) -> str:
    """The next free code with `prefix` (see CodeSequence)."""
    sequence = CodeSequence(institution_id=institution_id, model=model, field=field)
    return sequence.take(prefix, width)
