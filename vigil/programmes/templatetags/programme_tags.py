from __future__ import annotations

from typing import Any

from django import template

from vigil.programmes.models import GoodPracticeTheme

register = template.Library()


@register.filter
def practice_theme_labels(codes: Any) -> list[str]:
    """The labels of good-practice theme codes, in the order of the vocabulary."""
    chosen = set(codes or [])
    return [str(label) for code, label in GoodPracticeTheme.choices if code in chosen]
