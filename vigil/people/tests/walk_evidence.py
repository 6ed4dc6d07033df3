"""The people app's evidence URLs in the cross-institution walk.

Merged into vigil/core/tests/test_url_walk.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigil.core.models import Membership
from vigil.core.tests.factories import Personas


def _interview(p: Personas) -> Any:
    from vigil.people.tests.factories import InterviewFactory

    return InterviewFactory.create(
        visit__place__institution=p.institution_a, visit__created_by=p.monitor.user
    )


def _case(p: Personas) -> Any:
    from vigil.people.tests.factories import CaseFactory

    return CaseFactory.create(
        institution=p.institution_a, received_by=p.investigator.user, team=[p.investigator]
    )


def _examination(p: Personas) -> Any:
    from vigil.people.tests.factories import ExaminationFactory

    return ExaminationFactory.create(case=_case(p))


def _photo(p: Personas) -> Any:
    from vigil.people.tests.factories_evidence import evidence_in

    return evidence_in(_case(p))


# Patterns that name a record: kwargs filled with institution A's records.
RECORD_URLS: dict[str, Callable[[Personas], dict[str, Any]]] = {
    "people:interview_evidence_add": lambda p: {"interview_id": _interview(p).pk},
    "people:case_evidence_add": lambda p: {"case_id": _case(p).pk},
    "people:examination_evidence_add": lambda p: {"examination_id": _examination(p).pk},
    "people:evidence_detail": lambda p: {"evidence_id": _photo(p).pk},
    "people:evidence_download": lambda p: {"evidence_id": _photo(p).pk},
    "people:evidence_view": lambda p: {"evidence_id": _photo(p).pk},
}
# Pages about the requester's own institution.
INSTITUTION_URLS: dict[str, dict[str, Any]] = {}
# Who in A reaches each record (administrators never see files, by need to know): the
# interviewer of the interview, the investigator on the case's team.
READERS: dict[str, Callable[[Personas], Membership]] = {
    "people:interview_evidence_add": lambda p: p.monitor,
    **{
        name: (lambda p: p.investigator)
        for name in (
            "people:case_evidence_add",
            "people:examination_evidence_add",
            "people:evidence_detail",
            "people:evidence_download",
            "people:evidence_view",
        )
    },
}
