"""The people app's reprisals URLs in the cross-institution walk.

Merged into vigil/core/tests/test_url_walk.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.core.models import Membership
from vigil.core.tests.factories import Personas


def _interview(p: Personas) -> Any:
    from vigil.people.tests.factories import InterviewFactory
    from vigil.visits.tests.factories import VisitFactory

    visit = VisitFactory.create(place__institution=p.institution_a, created_by=p.monitor.user)
    return InterviewFactory.create(visit=visit)


def _reprisal(p: Personas) -> Any:
    from vigil.people.tests.factories import ReprisalFactory

    return ReprisalFactory.create(interview=_interview(p))


def _check_back(p: Personas) -> Any:
    from vigil.people.tests.factories import CheckBackFactory

    return CheckBackFactory.create(interview=_interview(p))


# Patterns that name a record: kwargs filled with institution A's records.
RECORD_URLS: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "people:reprisal_detail": lambda p: {"reprisal_id": _reprisal(p).pk},
    "people:reprisal_edit": lambda p: {"reprisal_id": _reprisal(p).pk},
    "people:check_back_done": lambda p: {"check_back_id": _check_back(p).pk},
}
# Who in A reaches those records: the monitor who held the interview (need to know keeps
# administrators out of testimony).
READERS: dict[str, Callable[[Personas], Membership]] = {
    name: (lambda p: p.monitor) for name in RECORD_URLS
}
# Pages about the requester's own institution.
INSTITUTION_URLS: dict[str, dict[str, Any]] = {
    "people:people_home": {},
    "people:reprisal_list": {},
    "people:reprisal_create": {},
    "people:check_back_list": {},
    "people:check_back_create": {},
    "people:people_search": {},
}
