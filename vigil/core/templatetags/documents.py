"""Template filters for documents rendered from redacted `DocumentData`."""

from __future__ import annotations

from django import template

from vigil.core.redaction import Row, Runs, plain_text

register = template.Library()


@register.filter
def runs_text(runs: Runs) -> str:
    """The text of redacted runs; fails loudly if a mention escaped redaction."""
    return plain_text(runs)


@register.filter
def row_groups(rows: list[Row]) -> list[list[Row]]:
    """Rows split where a one-cell row (a group's heading row) begins a group, so each group
    can be its own <tbody>."""
    groups: list[list[Row]] = []
    for row in rows:
        if len(row.cells) == 1 or not groups:
            groups.append([])
        groups[-1].append(row)
    return groups
