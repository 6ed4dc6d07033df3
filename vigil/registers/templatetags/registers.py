from __future__ import annotations

from django import template

from vigil.registers.checks import CHECKS_BY_CODE
from vigil.registers.models import RegisterMonth

register = template.Library()


@register.filter
def register_count(month: RegisterMonth, code: str) -> int:
    """The entries one check flagged in a place-month (0 for anything but a check)."""
    return int(getattr(month, code)) if code in CHECKS_BY_CODE else 0
