"""The `date` filter every template uses (a template builtin, see settings.TEMPLATES):
Django's, with one date style per language and the institution's calendar (vigil.core.dates)."""

from __future__ import annotations

from django import template

from vigil.core.dates import date_filter

register = template.Library()
register.filter("date", date_filter, expects_localtime=True, is_safe=False)
