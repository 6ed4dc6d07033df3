"""Reads of people, interviews, cases and reprisals, always through need to know."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from vigil.core import crypto
from vigil.core.access import actor_can, scoped
from vigil.core.audit import audit_record
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.people.access import (
    cases_visible_to,
    check_backs_visible_to,
    evidence_visible_to,
    interviews_visible_to,
)
from vigil.people.models import (
    DEFAULT_STAGE_DAYS,
    Case,
    CaseStage,
    CheckBack,
    ConsentRecord,
    Evidence,
    Examination,
    Interview,
    Person,
    StageDeadline,
)
from vigil.people.services.interviews import IDENTITY_NUMBER_INDEX, NAME_INDEX


def stage_days(institution_id: int) -> dict[str, int]:
    """Days allowed per stage: the institution's own, else the defaults."""
    days = dict(DEFAULT_STAGE_DAYS)
    days.update(
        StageDeadline.objects.filter(institution_id=institution_id).values_list("stage", "days")
    )
    return days


def case_due_on(case: Case, days: dict[str, int]) -> date | None:
    allowed = days.get(case.stage)
    return case.stage_since + timedelta(days=allowed) if allowed else None


def overdue_q(days: dict[str, int], today: date) -> Q:
    """Open cases that stayed in their stage longer than the institution allows."""
    late = Q(pk__in=[])
    for stage, allowed in days.items():
        if stage != CaseStage.CLOSED and allowed:
            late |= Q(stage=stage, stage_since__lt=today - timedelta(days=allowed))
    return late


def overdue_check_backs(
    actor: Membership, *, today: date | None = None
) -> models.QuerySet[CheckBack]:
    today = today or timezone.localdate()
    return (
        check_backs_visible_to(actor)
        .filter(done_on__isnull=True, due_on__lt=today)
        .select_related("person", "assigned_to")
        .order_by("due_on", "pk")
    )


# --- finding a person ------------------------------------------------------------------


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
    people = list(
        Person.objects.filter(institution_id=actor.institution_id, **lookup).order_by("pseudonym")
    )
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


def evidence_for(*, actor: Membership, holder: Interview | Case | Examination) -> list[Evidence]:
    """The files an interview, case or examination holds, for a reader who may see the holder."""
    field = {Interview: "interview", Case: "case", Examination: "examination"}[type(holder)]
    return list(
        evidence_visible_to(actor)
        .filter(**{field: holder})
        .defer("content")
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )


def consent_prefetch(actor: Membership) -> Prefetch:
    """Each interview's consent records, newest first, without their encrypted reason."""
    records = (
        scoped(ConsentRecord.objects.all(), actor=actor)
        .only("pk", "institution_id", "interview_id", "scopes", "withdrawn", "recorded_at")
        .order_by("-recorded_at", "-pk")
    )
    return Prefetch("consents", queryset=records, to_attr="consent_history")
