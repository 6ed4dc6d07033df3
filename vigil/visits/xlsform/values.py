"""Answer values: the text form Vigil keeps them in, and the check for each question type."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext as _

from .model import (
    DATE,
    DECIMAL,
    INTEGER,
    SELECT_MULTIPLE,
    SELECT_ONE,
    TIME,
    Choice,
    FormElement,
)

_INTEGER_RE = re.compile(r"[+-]?\d+")
_DECIMAL_RE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_RE = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def answer_text(value: Any) -> str:
    """An answer as text: '' for none, space-separated for a list of selected choices."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, list | tuple | set | frozenset):
        return " ".join(answer_text(item) for item in value if answer_text(item))
    return str(value).strip()


def is_valid_date(value: str) -> bool:
    if not _DATE_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def choice_names(choices: Mapping[str, list[Choice]], list_name: str | None) -> list[str]:
    return [name for name, _labels in choices.get(list_name or "", [])]


def type_problem(
    element: FormElement, value: str, choices: Mapping[str, list[Choice]]
) -> str | None:
    """Why `value` is not a valid answer of this question's type, or None when it is."""
    if element.type == INTEGER and not _INTEGER_RE.fullmatch(value):
        return _("Enter a whole number.")
    if element.type == DECIMAL and not _DECIMAL_RE.fullmatch(value):
        return _("Enter a number.")
    if element.type == DATE and not is_valid_date(value):
        return _("Enter a date as YYYY-MM-DD.")
    if element.type == TIME and not _TIME_RE.fullmatch(value):
        return _("Enter a time as HH:MM (24-hour clock).")
    if element.type == SELECT_ONE and value not in choice_names(choices, element.list_name):
        return _("'%(value)s' is not one of the choices.") % {"value": value}
    if element.type == SELECT_MULTIPLE:
        names = choice_names(choices, element.list_name)
        unknown = [item for item in value.split() if item not in names]
        if unknown:
            return _("%(values)s: not among the choices.") % {
                "values": ", ".join(f"'{item}'" for item in unknown)
            }
    return None
