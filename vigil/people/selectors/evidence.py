"""Reads of the evidence vault, through need to know."""

from __future__ import annotations

from django.db import models

from vigil.core.models import AuditEvent, Membership
from vigil.core.selectors import audit_event_list
from vigil.people.access import evidence_visible_to
from vigil.people.models import Case, Evidence, Examination, Interview


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
