"""Template filters for documents rendered from redacted `DocumentData`."""

from __future__ import annotations

from django import template

from vigil.core.redaction import Runs, plain_text

register = template.Library()


@register.filter
def runs_text(runs: Runs) -> str:
    """The text of redacted runs; fails loudly if a mention escaped redaction."""
    return plain_text(runs)
