"""Reads of the evidence vault, through need to know."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.shortcuts import get_object_or_404

from vigil.core.models import AuditEvent, Membership
from vigil.core.selectors import audit_event_list
from vigil.people import access
from vigil.people.access import evidence_visible_to
from vigil.people.models import Case, Evidence, Examination, Interview

Holder = Interview | Case | Examination


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


def custody_events(*, actor: Membership, evidence: Evidence) -> models.QuerySet[AuditEvent]:
    """The file's chain of custody: the audit trail of this file, oldest first."""
    return audit_event_list(
        actor=actor, target_type=Evidence._meta.label_lower, target_id=str(evidence.pk)
    ).order_by("sequence")


def evidence_holder_get(actor: Membership, kind: str, pk: int, *, audited: bool) -> Holder:
    """The interview, case or examination, or the 404 of a missing one (need to know).

    Showing the form is a read and is audited; a submitted file is audited by its outcome
    (`evidence.received` names the holder), so a refused file leaves no trace at all.
    """
    if audited:
        getters: dict[str, Callable[..., Holder]] = {
            "interview": access.interview_get,
            "case": access.case_get,
            "examination": access.examination_get,
        }
        return getters[kind](actor=actor, pk=pk)
    visible: dict[str, Callable[[Membership], models.QuerySet[Any]]] = {
        "interview": access.interviews_visible_to,
        "case": access.cases_visible_to,
        "examination": access.examinations_visible_to,
    }
    holder: Holder = get_object_or_404(visible[kind](actor), pk=pk)
    return holder
