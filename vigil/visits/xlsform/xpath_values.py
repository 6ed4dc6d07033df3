"""XPath 1.0 values as ODK applies them: text, numbers, booleans and node-sets.

An unanswered question is '', number('') is NaN, a date counts days since
1970-01-01 and a time is a fraction of a day, so that both can be compared.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class NodeSet:
    """The answers of a question inside a repeat, seen from outside that repeat."""

    values: tuple[str, ...]


Value = str | float | bool | NodeSet

_NUMBER_RE = re.compile(r"\s*-?(\d+(\.\d*)?|\.\d+)\s*")
_DATE_RE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})\s*")
_TIME_RE = re.compile(r"\s*(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*")
_EPOCH = date(1970, 1, 1)


def to_string(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, NodeSet):
        return value.values[0] if value.values else ""
    if isinstance(value, float):
        return format_number(value)
    return value


def format_number(number: float) -> str:
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def to_number(value: Value) -> float:
    """Numbers as XPath reads them; a date counts days since 1970-01-01 and a time
    is a fraction of a day, as in ODK, so that dates and times can be compared."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    text = to_string(value)
    if _NUMBER_RE.fullmatch(text):
        return float(text)
    match = _DATE_RE.fullmatch(text)
    if match:
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return math.nan
        return float((day - _EPOCH).days)
    match = _TIME_RE.fullmatch(text)
    if match:
        hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
        if hours < 24 and minutes < 60 and seconds < 60:
            return (hours * 3600 + minutes * 60 + seconds) / 86400
    return math.nan


def to_boolean(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, NodeSet):
        return bool(value.values)
    if isinstance(value, float):
        return not math.isnan(value) and value != 0
    return value != ""
