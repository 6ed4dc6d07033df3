"""Retention of the people app's data: interview notes, identities, evidence and medical
documentation (registered under `hooks.RETENTION` from vigil/people/hooks.py).

A case under legal hold, or not yet closed, keeps everything that belongs to it: its
victims' identities, its interview's notes, its examinations and its evidence.
`remove` runs inside `vigil.core.services.retention.retention_apply`'s transaction, which
writes the audit event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.dates import day
from vigil.core.retention import RetentionRule
from vigil.core.services.retention import records_delete
from vigil.people.models import (
    BodyMark,
    Case,
    CaseStage,
    Evidence,
    Examination,
    Interview,
    Person,
    PsychologicalFinding,
)


def _cases_holding(reason: str) -> models.QuerySet[Case]:
    if reason == "legal_hold":
        return Case.objects.filter(legal_hold=True)
    return Case.objects.exclude(stage=CaseStage.CLOSED)


def _case_holds(*paths: str) -> Mapping[str, Q]:
    """Reason -> the records whose case (reached by any of `paths`) holds them."""

    def held_by(reason: str) -> Q:
        cases = _cases_holding(reason).values("pk")
        held = Q()
        for path in paths:
            held |= Q(**{f"{path}__in": cases})
        return held

    return {reason: held_by(reason) for reason in ("legal_hold", "open_case")}


def _ids(records: models.QuerySet[Any]) -> list[int]:
    return list(records.values_list("pk", flat=True))


def _interview_notes_remove(records: models.QuerySet[Interview]) -> int:
    return Interview.objects.filter(pk__in=_ids(records)).update(
        notes="", summary_for_report="", interpreter="", notes_removed_at=timezone.now()
    )


def _identities_remove(records: models.QuerySet[Person]) -> int:
    # The blind indexes go with the values: a removed name must not be findable either.
    return Person.objects.filter(pk__in=_ids(records)).update(
        full_name="",
        identity_number="",
        date_of_birth="",
        nationality="",
        language="",
        name_index="",
        identity_number_index="",
        anonymised_at=timezone.now(),
    )


def _medical_remove(records: models.QuerySet[Examination]) -> int:
    ids = _ids(records)
    BodyMark.objects.filter(examination_id__in=ids).delete()
    PsychologicalFinding.objects.filter(examination_id__in=ids).delete()
    return Examination.objects.filter(pk__in=ids).update(
        interpreter="",
        history="",
        physical_findings="",
        psychological_findings="",
        overall_opinion="",
        anonymised_at=timezone.now(),
    )


def _dated(label: str, when: Any) -> str:
    return f"{label} · {day(timezone.localdate(when))}"


INTERVIEW_NOTES = RetentionRule(
    key="interview_notes",
    label=gettext_lazy("Interview notes"),
    action=gettext_lazy("notes removed"),
    model=Interview,
    dated_by="created_at",
    pending=Q(notes_removed_at__isnull=True),
    holds=lambda: _case_holds("cases"),
    remove=_interview_notes_remove,
    describe=lambda interview: _dated(
        _("Interview %(who)s")
        % {"who": interview.person.pseudonym if interview.person_id else _("of a group")},
        interview.created_at,
    ),
)
IDENTITIES = RetentionRule(
    key="identities",
    label=gettext_lazy("Identities of people with no open case"),
    action=gettext_lazy("anonymised"),
    model=Person,
    dated_by="created_at",
    pending=Q(anonymised_at__isnull=True),
    holds=lambda: _case_holds("cases", "interviews__cases", "examinations__case"),
    remove=_identities_remove,
    # The pseudonym is what everyone but the case team sees of a person.
    describe=lambda person: person.pseudonym,
)
EVIDENCE = RetentionRule(
    key="evidence",
    label=gettext_lazy("Evidence files"),
    action=gettext_lazy("deleted"),
    model=Evidence,
    dated_by="uploaded_at",
    holds=lambda: _case_holds("case", "interview__cases", "examination__case"),
    remove=records_delete,
    # Deleting the row deletes the file: its `content`, or its object in the file storage.
    describe=lambda evidence: evidence.stored_name,
)
MEDICAL = RetentionRule(
    key="medical",
    label=gettext_lazy("Medical documentation"),
    action=gettext_lazy("findings removed"),
    model=Examination,
    dated_by="created_at",
    pending=Q(anonymised_at__isnull=True),
    holds=lambda: _case_holds("case"),
    remove=_medical_remove,
    describe=lambda examination: _dated(_("Examination"), examination.created_at),
)
RULES = (INTERVIEW_NOTES, IDENTITIES, EVIDENCE, MEDICAL)
