"""Consent given for a case that did not come from an interview (a complaint, a referral).

Interview consent is recorded with the interview (`services.interviews`); both kinds are
`ConsentRecord`s, and a person's latest record is the one in force (`consent_rules`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.people.access import require_case_manager
from vigil.people.models import Case, ConsentRecord, ConsentScope, Interview, Person


def checked_scopes(scopes: list[str], given_by: str, given_at: datetime) -> list[str]:
    """The scopes in their canonical order, internal use always included; or a field error."""
    ordered = [s for s in ConsentScope.values if s in set(scopes)]
    if not ordered:
        raise ValidationError(
            {"scopes": _("Tick what the person agreed to, or record a withdrawal instead.")}
        )
    if ConsentScope.INTERNAL not in ordered:
        # Every wider use includes the institution's own use of what was said.
        ordered.insert(0, ConsentScope.INTERNAL)
    if given_at > timezone.now():
        raise ValidationError({"given_at": _("This date is in the future.")})
    if given_by not in ConsentRecord.GivenBy.values:
        raise ValidationError({"given_by": _("Choose who gave consent.")})
    return ordered


def _where(interview: Interview | None, case: Case | None) -> dict[str, Any]:
    """What the audit event names: the interview, or the case's reference."""
    return {"interview": interview.pk} if interview else {"case": case.reference if case else ""}


def record_consent(
    actor: Membership,
    *,
    person: Person | None,
    given_by: str,
    given_at: datetime,
    scopes: list[str],
    interview: Interview | None = None,
    case: Case | None = None,
) -> ConsentRecord:
    """One consent record, at an interview or for a case; it is in force from now on."""
    ordered = checked_scopes(scopes, given_by, given_at)
    record = ConsentRecord.objects.create(
        institution=actor.institution,
        interview=interview,
        case=case,
        person=person,
        given_by=given_by,
        given_at=given_at,
        scopes=ordered,
        recorded_by=actor.user,
    )
    where = _where(interview, case)
    audit_by(actor, "consent.recorded", record, scopes=ordered, **where)
    return record


def record_withdrawal(
    actor: Membership,
    *,
    current: ConsentRecord | None,
    person: Person | None,
    reason: str,
    interview: Interview | None = None,
    case: Case | None = None,
) -> ConsentRecord:
    """A withdrawal of the consent in force; it takes effect for every later document."""
    if current is None or current.withdrawn:
        raise ValidationError(_("There is no consent in force to withdraw."))
    record = ConsentRecord.objects.create(
        institution=actor.institution,
        interview=interview,
        case=case,
        person=person,
        given_by=current.given_by,
        given_at=timezone.now(),
        scopes=[],
        withdrawn=True,
        reason=reason.strip(),
        recorded_by=actor.user,
    )
    where = _where(interview, case)
    audit_by(actor, "consent.withdrawn", record, **where)
    return record


def victim_consent_in_force(case: Case, person: Person) -> ConsentRecord | None:
    """The person's latest consent, wherever it was given (the one documents obey)."""
    return (
        ConsentRecord.objects.for_institution(case.institution_id)
        .filter(person=person)
        .order_by("-recorded_at", "-pk")
        .first()
    )


def victim_consent_history(case: Case, person: Person) -> list[ConsentRecord]:
    """Every consent record of the person, newest first, wherever it was given."""
    return list(
        ConsentRecord.objects.for_institution(case.institution_id)
        .filter(person=person)
        .select_related("recorded_by", "interview")
        .order_by("-recorded_at", "-pk")
    )


def _require_victim(case: Case, person: Person) -> None:
    if not case.victims.filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose one of the case's alleged victims.")})


@transaction.atomic
def victim_consent_record(
    *,
    actor: Membership,
    case: Case,
    person: Person,
    given_by: str,
    given_at: datetime,
    scopes: list[str],
) -> ConsentRecord:
    require_case_manager(actor, case)
    _require_victim(case, person)
    return record_consent(
        actor, case=case, person=person, given_by=given_by, given_at=given_at, scopes=scopes
    )


@transaction.atomic
def victim_consent_withdraw(
    *, actor: Membership, case: Case, person: Person, reason: str = ""
) -> ConsentRecord:
    """Takes effect at once: every later document and export leaves the person's story out."""
    require_case_manager(actor, case)
    _require_victim(case, person)
    current = victim_consent_in_force(case, person)
    return record_withdrawal(actor, current=current, case=case, person=person, reason=reason)
