"""The people app's interviews URLs in the cross-institution walk.

Merged into vigil/core/tests/test_url_walk.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.core.models import Membership
from vigil.core.tests.factories import Personas


def _interview_of_a(p: Personas) -> Any:
    from vigil.people.tests.factories import InterviewFactory
    from vigil.places.tests.factories import PlaceFactory
    from vigil.visits.tests.factories import VisitFactory

    place = PlaceFactory.create(institution=p.institution_a, name="Secret Lock-up of A")
    visit = VisitFactory.create(place=place, created_by=p.monitor.user)
    return InterviewFactory.create(visit=visit, created_by=p.monitor.user)


def _visit_of_a(p: Personas) -> dict[str, Any]:
    from vigil.places.tests.factories import PlaceFactory
    from vigil.visits.tests.factories import VisitFactory

    place = PlaceFactory.create(institution=p.institution_a, name="Secret Lock-up of A")
    return {"visit_id": VisitFactory.create(place=place, created_by=p.monitor.user).pk}


def _interview(p: Personas) -> dict[str, Any]:
    return {"interview_id": _interview_of_a(p).pk}


def _person(p: Personas) -> dict[str, Any]:
    return {"person_id": _interview_of_a(p).person_id}


# Patterns that name a record: kwargs filled with institution A's records.
RECORD_URLS: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "people:interview_create": _visit_of_a,
    "people:interview_detail": _interview,
    "people:interview_edit": _interview,
    "people:interview_consent": _interview,
    "people:interview_consent_withdraw": _interview,
    "people:person_edit": _person,
}
# Pages about the requester's own institution.
INSTITUTION_URLS: dict[str, dict[str, Any]] = {
    "people:interview_list": {},
    "people:interview_export": {},
    "people:interview_export_named": {},
}

# Administrators never read testimony: A's monitor, who held the interview, must reach these.
READERS: dict[str, Callable[[Personas], Membership]] = dict.fromkeys(
    RECORD_URLS, lambda p: p.monitor
)
