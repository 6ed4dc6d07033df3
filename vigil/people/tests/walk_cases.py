"""The people app's cases URLs in the cross-institution walk.

Merged into vigil/core/tests/test_url_walk.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.core.models import Membership
from vigil.core.tests.factories import Personas


def _case(p: Personas) -> Any:
    from vigil.people.tests.factories import CaseFactory

    return CaseFactory.create(
        institution=p.institution_a, received_by=p.investigator.user, team=[p.investigator]
    )


def _referral(p: Personas) -> Any:
    import datetime

    from vigil.people.models import Referral

    case = _case(p)
    return Referral.objects.create(
        institution=p.institution_a,
        case=case,
        body="Prosecutor of Secret Lock-up of A",
        sent_on=datetime.date(2026, 3, 20),
        created_by=p.investigator.user,
    )


# Patterns that name a record: kwargs filled with institution A's records.
RECORD_URLS: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "people:case_detail": lambda p: {"case_id": _case(p).pk},
    "people:case_edit": lambda p: {"case_id": _case(p).pk},
    "people:case_move": lambda p: {"case_id": _case(p).pk},
    "people:case_team": lambda p: {"case_id": _case(p).pk},
    "people:case_legal_hold": lambda p: {"case_id": _case(p).pk},
    "people:perpetrator_add": lambda p: {"case_id": _case(p).pk},
    "people:referral_add": lambda p: {"case_id": _case(p).pk},
    "people:referral_follow_up": lambda p: {"referral_id": _referral(p).pk},
}
# Pages about the requester's own institution.
INSTITUTION_URLS: dict[str, dict[str, Any]] = {
    "people:case_list": {},
    "people:case_export": {},
    "people:case_export_named": {},
    "people:case_create": {},
    "people:case_overdue": {},
    "people:case_deadlines": {},
}

# Need to know: A's admin may not see a case, so "A's own people reach these pages" must be
# checked with the case's team (the investigator leads every case made above).
READERS: dict[str, Callable[[Personas], Membership]] = dict.fromkeys(
    RECORD_URLS, lambda p: p.investigator
)
