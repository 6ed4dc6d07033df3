"""The `date` filter every template uses (a template builtin, see settings.TEMPLATES):
Django's, with one date style per language and the institution's calendar (vigil.core.dates)."""

from __future__ import annotations

from typing import Any

from django import template

from vigil.core.dates import date_filter

register = template.Library()


def date(value: Any, arg: str | None = None) -> str:
    return date_filter(value, arg)


register.filter_function(date, expects_localtime=True, is_safe=False)
