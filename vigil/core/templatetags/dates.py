"""The `date` filter every template uses (a template builtin, see settings.TEMPLATES):
Django's, with one date style per language and the institution's calendar (vigil.core.dates);
and `money`, the one way amounts are written (vigil.core.money)."""

from __future__ import annotations

from typing import Any

from django import template

from vigil.core.dates import date_filter
from vigil.core.money import amount

register = template.Library()


def date(value: Any, arg: str | None = None) -> str:
    return date_filter(value, arg)


register.filter_function(date, expects_localtime=True, is_safe=False)


def money(value: Any, currency: str = "") -> str:
    """`{{ programme.budget|money:programme.currency }}`: see vigil.core.money."""
    return amount(value, currency)


register.filter_function(money, is_safe=False)
