"""Reads of interviews: the list, the interview page, and the choices forms offer.

Everything starts from `interviews_visible_to` (need to know). Lists read pseudonyms only,
never the encrypted identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from vigil.core.access import institution_members
from vigil.core.models import Membership, User
from vigil.core.roles import CAPABILITIES, Capability
from vigil.core.selectors import narrowed
from vigil.people.access import (
    cases_visible_to,
    check_backs_visible_to,
    interviews_visible_to,
    people_visible_to,
    reprisals_visible_to,
)
from vigil.people.models import ConsentRecord, ConsentScope, Interview, Person, Vulnerability
from vigil.people.selectors.people import consent_prefetch

VULNERABILITY_LABELS = dict(Vulnerability.choices)
SCOPE_LABELS = dict(ConsentScope.choices)
# What the list and the panel read of an interview: never the encrypted columns.
LIST_FIELDS = (
    "pk", "institution_id", "visit_id", "person_id", "kind", "group_size", "held_on",
    "vulnerabilities", "fears_reprisal", "visit__place__name", "visit__starts_on",
    "person__pseudonym",
)  # fmt: skip
# A choice list shows dates, places and pseudonyms: the encrypted text is not even loaded.
INTERVIEW_SECRETS = (
    "notes",
    "summary_for_report",
    "interpreter",
    "person__full_name",
    "person__identity_number",
    "person__date_of_birth",
    "person__nationality",
    "person__language",
)


@dataclass(frozen=True)
class InterviewFilters:
    place: int | None = None
    kind: str = ""
    vulnerability: str = ""
    fears_reprisal: bool = False
    held_from: date | None = None
    held_until: date | None = None
    pseudonym: str = ""


def interview_rows(actor: Membership, filters: InterviewFilters) -> models.QuerySet[Interview]:
    """The interviews the actor needs to know, filtered; pseudonyms only, never identities."""
    rows = (
        interviews_visible_to(actor)
        .select_related("visit__place", "person")
        .only(*LIST_FIELDS)
        .prefetch_related(consent_prefetch(actor))
        .order_by("-held_on", "-pk")
    )
    # The codes are distinct words; the quotes keep "older" from matching inside another.
    vulnerability = f'"{filters.vulnerability}"' if filters.vulnerability else ""
    return narrowed(
        rows,
        {
            "visit__place_id": filters.place,
            "kind": filters.kind,
            "vulnerabilities__icontains": vulnerability,
            "fears_reprisal": filters.fears_reprisal,
            "held_on__gte": filters.held_from,
            "held_on__lte": filters.held_until,
            "person__pseudonym__icontains": filters.pseudonym,
        },
    )


def interview_export_rows(
    actor: Membership, filters: InterviewFilters, *, named: bool = False
) -> models.QuerySet[Interview]:
    """The list's interviews with what the export writes: the summary and the pseudonym;
    the interviewee's name (for consent to decide on) only for a named export, so that the
    default export decrypts no identity."""
    identity = ("person__full_name",) if named else ()
    return (
        interview_rows(actor, filters)
        .only(*LIST_FIELDS, "summary_for_report", *identity)
        .select_related("visit__place", "person")
    )


def visit_interview_rows(actor: Membership, visit_id: int) -> models.QuerySet[Interview]:
    """The visit's interviews the actor needs to know, as the list reads them."""
    return interview_rows(actor, InterviewFilters()).filter(visit_id=visit_id)


def visit_interview_count(actor: Membership, visit_id: int) -> int:
    """All the visit's interviews of the institution, seen or not (for "n more")."""
    return Interview.objects.for_actor(actor).filter(visit_id=visit_id).count()


def describe(interview: Interview) -> Interview:
    """Labels the templates show: vulnerabilities and the consent in force."""
    interview.vulnerability_labels = [  # type: ignore[attr-defined]
        VULNERABILITY_LABELS.get(code, code) for code in interview.vulnerabilities or []
    ]
    history = getattr(interview, "consent_history", None)
    current = history[0] if history else None
    interview.consent_current = current  # type: ignore[attr-defined]
    interview.consent_state = consent_state(current)  # type: ignore[attr-defined]
    return interview


def consent_state(record: ConsentRecord | None) -> str:
    if record is None:
        return _("No consent recorded")
    if record.withdrawn:
        return _("Consent withdrawn")
    return ", ".join(str(SCOPE_LABELS.get(scope, scope)) for scope in record.scopes)


def consent_history(interview: Interview) -> list[ConsentRecord]:
    """Every consent record of the interview, newest first, with its scopes' labels."""
    history = list(interview.consents.select_related("recorded_by").order_by("-recorded_at", "-pk"))
    for record in history:
        record.scope_labels = [  # type: ignore[attr-defined]
            SCOPE_LABELS.get(scope, scope) for scope in record.scopes
        ]
    return history


@dataclass(frozen=True)
class InterviewRelated:
    interviewers: list[User]
    check_backs: list[Any]
    reprisals: list[Any]
    cases: list[Any]


def interview_related(actor: Membership, interview: Interview) -> InterviewRelated:
    """What the interview page lists beside it, each through its own need to know."""
    return InterviewRelated(
        interviewers=list(interview.interviewers.order_by("full_name", "email")),
        check_backs=list(
            check_backs_visible_to(actor)
            .filter(interview=interview)
            .select_related("assigned_to")
            .order_by("due_on", "pk")
        ),
        reprisals=list(
            reprisals_visible_to(actor)
            .filter(interview=interview)
            .only("pk", "institution_id", "occurred_on", "type", "unit_responsible")
            .order_by("-occurred_on", "-pk")
        ),
        cases=list(
            cases_visible_to(actor)
            .filter(interview=interview)
            .only("pk", "institution_id", "reference", "stage", "received_on")
            .order_by("-received_on", "-pk")
        ),
    )


def interview_visible(actor: Membership, pk: int, *, person_id: int | None = None) -> bool:
    """Whether the actor needs to know this interview (of this person, when given)."""
    visible = interviews_visible_to(actor).filter(pk=pk)
    if person_id is not None:
        visible = visible.filter(person_id=person_id)
    return visible.exists()


# --- what forms offer ------------------------------------------------------------------------


def interviewers_for(actor: Membership) -> models.QuerySet[User]:
    """Active members whose role speaks with detainees; only they may read what was said."""
    roles = [str(role) for role in CAPABILITIES[Capability.RECORD_INTERVIEWS]]
    return institution_members(actor, roles=roles)


def interview_choices(actor: Membership) -> models.QuerySet[Interview]:
    """Interviews a case may come from: dates, places and pseudonyms only."""
    return (
        interviews_visible_to(actor)
        .select_related("visit__place", "person")
        .defer(*INTERVIEW_SECRETS)
    )


def person_by_pseudonym(actor: Membership, code: str) -> Person | None:
    """Someone the actor may already see: a pseudonym reveals nothing new."""
    return people_visible_to(actor).filter(pseudonym=code).first()


def latest_interview_with(actor: Membership, person_id: int) -> Interview | None:
    """The person's latest interview the actor may see (where their consent is recorded)."""
    return (
        interviews_visible_to(actor).filter(person_id=person_id).order_by("-held_on", "-pk").first()
    )
