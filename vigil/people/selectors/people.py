"""Reads of people: finding a person, and what their interviews record of consent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from vigil.core import crypto
from vigil.core.access import actor_can
from vigil.core.audit import audit_record
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.people.access import cases_visible_to, interviews_visible_to
from vigil.people.models import Case, ConsentRecord, Interview, Person
from vigil.people.services.interviews import IDENTITY_NUMBER_INDEX, NAME_INDEX


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    interviews: list[Interview]
    cases: list[Case]


def people_find(
    *, actor: Membership, name: str = "", identity_number: str = ""
) -> list[PersonMatch]:
    """Exact search by name or identity number through blind indexes, audited.

    Only roles allowed to search may; they see only the interviews and cases they need to
    know. The search terms never reach the audit trail or a log: only which index was used.
    """
    if not actor_can(actor, Capability.SEARCH_PEOPLE):
        return []
    lookup: dict[str, Any] = {}
    if identity_number.strip():
        lookup["identity_number_index"] = crypto.blind_index(
            identity_number, purpose=IDENTITY_NUMBER_INDEX
        )
    if name.strip():
        lookup["name_index"] = crypto.blind_index(name, purpose=NAME_INDEX)
    if not lookup:
        return []
    people = list(Person.objects.for_actor(actor).filter(**lookup).order_by("pseudonym"))
    interviews = (
        interviews_visible_to(actor).filter(person__in=people).select_related("visit__place")
    )
    cases = cases_visible_to(actor).filter(victims__in=people).prefetch_related("victims")
    matches = []
    for person in people:
        seen_interviews = [i for i in interviews if i.person_id == person.pk]
        seen_cases = [c for c in cases if any(v.pk == person.pk for v in c.victims.all())]
        if seen_interviews or seen_cases:
            matches.append(PersonMatch(person, seen_interviews, seen_cases))
    with transaction.atomic():
        audit_record(
            action="person.searched",
            actor=actor.user,
            institution=actor.institution,
            details={"by": sorted(lookup), "matches": len(matches)},
        )
    return matches


def consent_prefetch(actor: Membership) -> Prefetch:
    """Each interview's consent records, newest first, without their encrypted reason."""
    records = (
        ConsentRecord.objects.for_actor(actor)
        .only("pk", "institution_id", "interview_id", "scopes", "withdrawn", "recorded_at")
        .order_by("-recorded_at", "-pk")
    )
    return Prefetch("consents", queryset=records, to_attr="consent_history")
