"""The people, interviews and cases that searchable choices offer (ADR 0022).

Each goes through the need-to-know rules of `vigil.people.access`, and is searched and
labelled by what is stored in clear only: pseudonyms, references, dates and place names.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from vigil.core.searchable import Lookup
from vigil.people.models import Case, Interview, Person
from vigil.people.selectors.cases import victims_for
from vigil.people.selectors.interviews import interview_choices
from vigil.people.selectors.reprisals import linkable_cases


def _interview_label(interview: Any) -> str:
    who = interview.person.pseudonym if interview.person_id else _("group")
    return f"{interview.held_on:%Y-%m-%d} · {interview.visit.place.name} · {who}"


def _case_label(case: Any) -> str:
    return f"{case.reference} · {case.received_on:%Y-%m-%d}"


PERSON = Lookup("person", Person, victims_for, search=("pseudonym",), label=lambda p: p.pseudonym)
INTERVIEW = Lookup(
    "interview",
    Interview,
    interview_choices,
    search=("person__pseudonym", "visit__place__name", "held_on"),
    label=_interview_label,
    narrow_by={"visit": "visit_id"},
)
CASE = Lookup("case", Case, linkable_cases, search=("reference",), label=_case_label)
