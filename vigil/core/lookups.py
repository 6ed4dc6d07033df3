"""`in` lookups on integer columns that drop values no column of that type can hold.

Django already answers "no match" for `exact`, `gt` and the like with an out-of-range
integer (`IntegerFieldOverflow`), but not for `in`: a 40-digit number posted into a model
choice field (which checks its values with `pk__in`) made the database driver fail with a
server error. A value out of range can never match, so dropping it changes no result, and a
form then answers with its usual "not one of the available choices" on the field.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db.models import Field, IntegerField
from django.db.models.fields.related import ForeignObject
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


def _integer_range(field: Field[Any, Any], connection: Any) -> tuple[int | None, int | None]:
    field = getattr(field, "target_field", field)  # a foreign key holds its target's type
    try:
        return connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # not an integer column (a UUID or a code as key)
        return None, None


def _in_range(value: Any, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return True
    return (low is None or value >= low) and (high is None or value <= high)


class _BoundedIn:
    """Keeps only the values the column's type can hold (an empty list matches nothing)."""

    rhs: Any
    lhs: Any

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        lookup: Any = self
        if lookup.rhs_is_direct_value():
            low, high = _integer_range(self.lhs.output_field, connection)
            lookup = copy.copy(self)  # the query may be compiled again, for another database
            lookup.rhs = [v for v in self.rhs if _in_range(v, low, high)]
        return super(_BoundedIn, lookup).process_rhs(compiler, connection)  # type: ignore[misc]


class IntegerFieldIn(_BoundedIn, In):
    pass


class BoundedRelatedIn(_BoundedIn, RelatedIn):
    pass


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
    ForeignObject.register_lookup(BoundedRelatedIn)
