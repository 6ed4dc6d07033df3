"""The programmes that searchable choices offer (ADR 0022)."""

from __future__ import annotations

from vigil.core.roles import Capability
from vigil.core.searchable import Lookup
from vigil.programmes.models import Programme
from vigil.programmes.selectors.programmes import programme_choices


def _label(programme: Programme) -> str:
    ends = f"{programme.ends_on:%Y}" if programme.ends_on else "…"
    return f"{programme.title} ({programme.starts_on:%Y}–{ends})"


PROGRAMME = Lookup(
    "programme",
    Programme,
    programme_choices,
    search=("title",),
    label=_label,
    capability=Capability.VIEW_PROGRAMMES,
)
