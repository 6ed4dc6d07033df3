"""The people app's medical URLs in the cross-institution walk.

Merged into vigil/core/tests/test_url_walk.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.core.models import Membership
from vigil.core.tests.factories import Personas


def _examination(p: Personas) -> Any:
    from vigil.people.tests.factories_medical import examination_setup

    return examination_setup(p).examination


def _case(p: Personas) -> Any:
    return _examination(p).case


def _mark(p: Personas) -> Any:
    from vigil.people.tests.factories_medical import mark

    return mark(_examination(p))


# Patterns that name a record: kwargs filled with institution A's records.
RECORD_URLS: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "people:examination_create": lambda p: {"case_id": _case(p).pk},
    "people:examination_detail": lambda p: {"examination_id": _examination(p).pk},
    "people:examination_edit": lambda p: {"examination_id": _examination(p).pk},
    "people:examination_mark_add": lambda p: {"examination_id": _examination(p).pk},
    "people:examination_mark_remove": lambda p: {"mark_id": _mark(p).pk},
    "people:examination_psychological_add": lambda p: {"examination_id": _examination(p).pk},
    "people:examination_report": lambda p: {"examination_id": _examination(p).pk},
}
# Pages about the requester's own institution.
INSTITUTION_URLS: dict[str, dict[str, Any]] = {}

# The case's investigator reaches these pages (administrators never read testimony).
READERS: dict[str, Callable[[Personas], Membership]] = dict.fromkeys(
    RECORD_URLS, lambda p: p.investigator
)
