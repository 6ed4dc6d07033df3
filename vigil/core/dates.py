"""One way of writing dates per page: the language's own date style, in the institution's time
zone, with the year in the institution's calendar (Gregorian or Thai Buddhist era).

Templates keep writing `{{ day|date:"j M Y" }}`: the `date` filter of
`vigil.core.templatetags.dates` (a template builtin) reads the day-month-year formats as "the
language's date (and time) style", so every date of a page comes out alike in every language.
"""

from __future__ import annotations

import calendar as gregorian
import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.utils import formats

BUDDHIST_OFFSET = 543
# The formats templates and reports ask for that mean "the language's date style".
_DATE_STYLES = {"j M Y", "j F Y", "N j, Y", "DATE_FORMAT", ""}
_DATETIME_STYLES = {"j M Y H:i", "j M Y, H:i", "DATETIME_FORMAT"}
_SECONDS_STYLES = {"j M Y H:i:s"}

# "M" and "N" (abbreviated months) in a format, not escaped as a literal letter ("\\N").
_ABBREVIATED_MONTH = re.compile(r"(?<!\\)[MN]")

_calendar: ContextVar[str] = ContextVar("vigil_calendar", default="gregorian")


@contextmanager
def calendar_of(calendar: str) -> Iterator[None]:
    """Years in the institution's calendar for a request or a job."""
    token = _calendar.set(calendar)
    try:
        yield
    finally:
        _calendar.reset(token)


def _in_calendar(text: str, value: datetime.date) -> str:
    if _calendar.get() != "buddhist":
        return text
    return text.replace(str(value.year), str(value.year + BUDDHIST_OFFSET), 1)


def day(value: datetime.date | None, style: str = "") -> str:
    """A date (or the date and time of a datetime) in the language's style."""
    if value is None or value == "":
        return ""
    if style in _DATE_STYLES:
        style = "DATE_FORMAT"
    elif style in _DATETIME_STYLES:
        style = "DATETIME_FORMAT"
    return _in_calendar(formats.date_format(value, style), value)


def long_day(value: datetime.date | None) -> str:
    """A date as documents write it: the language's date style with the month in full
    ("14 March 2026" beside the pages' "14 Mar 2026"), in the institution's calendar."""
    if value is None:
        return ""
    style = _ABBREVIATED_MONTH.sub("F", str(formats.get_format("DATE_FORMAT")))
    return _in_calendar(formats.date_format(value, style), value)


def date_filter(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter, with the date styles unified and the institution's calendar."""
    from django.template.defaultfilters import date as django_date

    if not isinstance(value, datetime.date):
        return str(django_date(value, arg))
    if arg is None or arg in _DATE_STYLES or arg in _DATETIME_STYLES:
        style = arg or ("DATETIME_FORMAT" if isinstance(value, datetime.datetime) else "")
        shown = value
        if isinstance(value, datetime.datetime):
            from django.utils import timezone

            shown = timezone.localtime(value) if timezone.is_aware(value) else value
        return day(shown, style)
    if arg in _SECONDS_STYLES and isinstance(value, datetime.datetime):
        # To the second (the audit trail, a file's chain of custody): the day as every
        # other date of the page, then the time.
        from django.utils import timezone

        shown = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{day(shown.date())} {formats.time_format(shown, 'H:i:s')}"
    return _in_calendar(str(django_date(value, arg)), value)


def months_before(on: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the month's last day when shorter)."""
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    last = gregorian.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(on.day, last))
