"""Consent pages of alleged victims in the cross-institution walk.

Merged into vigil/core/tests/test_url_walk.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.core.models import Membership
from vigil.core.tests.factories import Personas


def _case_and_victim(p: Personas) -> dict[str, Any]:
    from vigil.people.tests.factories import CaseFactory

    case = CaseFactory.create(
        institution=p.institution_a, received_by=p.investigator.user, team=[p.investigator]
    )
    return {"case_id": case.pk, "person_id": case.victims.get().pk}


RECORD_URLS: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "people:case_consent": _case_and_victim,
    "people:case_consent_withdraw": _case_and_victim,
}
INSTITUTION_URLS: dict[str, dict[str, Any]] = {}
# The case's own investigator reaches these pages (administrators never read testimony).
READERS: dict[str, Callable[[Personas], Membership]] = {
    "people:case_consent": lambda p: p.investigator,
    "people:case_consent_withdraw": lambda p: p.investigator,
}
