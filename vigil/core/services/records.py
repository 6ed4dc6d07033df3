"""What every app's services share when they write a record.

- `model_update(instance, data, fields)` applies the changed values of an edit, saves only
  those columns (and many-to-many sets), and says which changed, for the audit event.
- `version_claim(record, expected=..., yours=...)` takes the next version of an edited record
  if it is still the one the edit started from, and otherwise raises `Conflict`, which
  carries what differs, field by field, between the record now and the edit (ADR 0016).
- `next_code(...)` gives the next free reference ("R-2026-0042") under a lock, so two people
  saving at the same moment never get the same one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vigil.core.models import Institution, TenantModel, Versioned
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
    if isinstance(instance, Versioned):
        # Any change, from a form or not, makes forms opened before it stale.
        instance.version = F("version") + 1
        changed_columns.append("version")
    if changed_columns:
        instance.save(update_fields=changed_columns)
    if isinstance(instance, Versioned):
        instance.refresh_from_db(fields=["version"])
    for name in changed_many:
        getattr(instance, name).set(data[name])
    return sorted(set(changed_columns + changed_many) - {touch, "version"})


@dataclass(frozen=True)
class Change:
    """One field that differs between the record as saved now ("theirs") and an edit."""

    field: str
    label: str
    theirs: str
    yours: str


class Conflict(Exception):
    """An edit started from an older version of `record`; `changes` says what differs."""

    def __init__(self, record: Versioned, changes: list[Change]) -> None:
        super().__init__(f"{type(record).__name__} {record.pk} changed since (v{record.version})")
        self.record = record
        self.version = record.version
        self.changes = changes


def version_claim(
    record: Versioned,
    *,
    expected: int | None,
    yours: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
) -> None:
    """Take the next version of `record` if it is still at `expected`, or raise Conflict.

    One conditional UPDATE decides, so of two saves started from the same version only the
    first to write passes; the second waits for its commit and then finds the version gone.
    Call it in the transaction that saves the edit. `yours` maps field names to the edit's
    values; `labels` names them for people (the model's verbose names otherwise).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A version must be claimed inside the transaction that saves.")
    started = expected or 0  # no version given is never the current one
    rows = type(record)._base_manager.filter(pk=record.pk, version=started)
    if rows.update(version=F("version") + 1):
        record.version = started + 1
        return
    now = type(record)._base_manager.get(pk=record.pk)
    raise Conflict(now, record_differences(now, yours, labels or {}))


def record_differences(
    record: models.Model, yours: Mapping[str, Any], labels: Mapping[str, str]
) -> list[Change]:
    """The fields of `yours` whose value differs from the record's, shown for people."""
    changes = []
    for name, value in yours.items():
        field = _model_field(record, name)
        if field is None:
            continue
        theirs = _comparable(getattr(record, name), field)
        if theirs != _comparable(value, field):
            label = labels.get(name) or str(field.verbose_name)
            theirs_shown = _shown(getattr(record, name), field)
            changes.append(Change(name, label, theirs_shown, _shown(value, field)))
    return changes


def _model_field(record: models.Model, name: str) -> Any:
    try:
        field = record._meta.get_field(name)
    except FieldDoesNotExist:  # a form field that is not a column (e.g. "add a new victim")
        return None
    return field if field.concrete or field.many_to_many else None


def _comparable(value: Any, field: Any) -> Any:
    if field.many_to_many:
        items = value.all() if hasattr(value, "all") else value or []
        return frozenset(getattr(item, "pk", item) for item in items)
    if isinstance(value, models.Model):
        return value.pk
    if value is None and isinstance(field, (models.CharField, models.TextField)):
        return ""
    return value


def _shown(value: Any, field: Any) -> str:
    if field.many_to_many:
        items = value.all() if hasattr(value, "all") else value or []
        return ", ".join(sorted(str(item) for item in items)) or "—"
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(formats.localize(value))


def institution_lock(institution_id: int) -> None:
    """Lock the institution's row until the transaction ends: writes that number or version
    something per institution then run one after the other."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The institution is locked inside the transaction that saves.")
    list(Institution.objects.select_for_update().filter(pk=institution_id).values("pk"))


class CodeSequence:
    """Free codes of one institution ("R-2026-0042"), one past the highest with the prefix.

    It locks the institution's row for the rest of the caller's transaction, so a second
    save waits for the first to commit and then sees its code. Codes may have a tail after
    the number ("E-00007.jpg"); codes whose tail is not a number are ignored.
    """

    def __init__(self, *, institution_id: int, model: type[TenantModel], field: str) -> None:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Codes must be taken inside the transaction that saves them.")
        institution_lock(institution_id)
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
