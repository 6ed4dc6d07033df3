"""Interviewees, interviews and consent."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigil.core import crypto
from vigil.core.access import require_capability
from vigil.core.audit import audit_by, audit_record
from vigil.core.models import Membership, User
from vigil.core.roles import Capability
from vigil.core.services.records import next_code
from vigil.people.models import CheckBack, ConsentRecord, Interview, Person
from vigil.people.services.common import (
    export_details,
    not_in_future,
    require_users_of_institution,
)
from vigil.people.services.consent import record_consent, record_withdrawal
from vigil.visits.models import Visit

IDENTITY_FIELDS = ("full_name", "identity_number", "date_of_birth", "nationality", "language")
# How soon after an interview someone who fears reprisal is checked on.
FIRST_CHECK_BACK_DAYS = 14

NAME_INDEX = "person.name"
IDENTITY_NUMBER_INDEX = "person.identity_number"


def _index(value: str, purpose: str) -> str:
    return crypto.blind_index(value, purpose=purpose) if value.strip() else ""


def _set_identity(person: Person, identity: dict[str, Any]) -> None:
    for field in IDENTITY_FIELDS:
        if field in identity:
            setattr(person, field, str(identity[field] or "").strip())
    person.name_index = _index(person.full_name, NAME_INDEX)
    person.identity_number_index = _index(person.identity_number, IDENTITY_NUMBER_INDEX)


@transaction.atomic
def person_create(*, actor: Membership, gender: str = "", **identity: Any) -> Person:
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    person = Person(
        institution=actor.institution,
        pseudonym=next_code(
            institution_id=actor.institution_id, model=Person, field="pseudonym", prefix="P-"
        ),
        gender=gender,
        created_by=actor.user,
    )
    _set_identity(person, identity)
    person.full_clean(exclude=["institution", "created_by"])
    person.save()
    audit_by(actor, "person.created", person, pseudonym=person.pseudonym)
    return person


@transaction.atomic
def person_update(
    *, actor: Membership, person: Person, gender: str = "", **identity: Any
) -> Person:
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    if person.institution_id != actor.institution_id:
        raise PermissionDenied
    _set_identity(person, identity)
    person.gender = gender
    person.save()
    audit_by(actor, "person.updated", person, fields=[*sorted(identity), "gender"])
    return person


def _check_interview(values: dict[str, Any], visit: Visit) -> None:
    kind = values.get("kind")
    if kind == Interview.Kind.GROUP and not values.get("group_size"):
        raise ValidationError({"group_size": _("Say how many people took part.")})
    if kind == Interview.Kind.GROUP and values.get("group_size", 0) < 2:
        raise ValidationError({"group_size": _("A group interview has at least two people.")})
    held_on: date | None = values.get("held_on")
    not_in_future(held_on, "held_on")
    if held_on and visit.starts_on and held_on < visit.starts_on:
        raise ValidationError({"held_on": _("The interview cannot be before the visit began.")})
    unknown = set(values.get("vulnerabilities") or []) - set(_vulnerability_codes())
    if unknown:
        raise ValidationError({"vulnerabilities": _("Choose vulnerabilities from the list.")})


def _vulnerability_codes() -> list[str]:
    from vigil.people.models import Vulnerability

    return list(Vulnerability.values)


@transaction.atomic
def interview_create(
    *,
    actor: Membership,
    visit: Visit,
    interviewers: list[User],
    person: Person | None = None,
    identity: dict[str, Any] | None = None,
    gender: str = "",
    consent: dict[str, Any] | None = None,
    **values: Any,
) -> Interview:
    """Record an interview; an individual one creates its interviewee from `identity`.

    `consent` (given_by, given_at, scopes), when the team recorded it at the same time, is
    written in the same transaction: a refused consent leaves no interview behind.
    """
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    if visit.institution_id != actor.institution_id:
        raise PermissionDenied
    _check_interview(values, visit)
    if not interviewers:
        raise ValidationError({"interviewers": _("Name at least one interviewer.")})
    require_users_of_institution(actor, interviewers, "interviewers")
    if values.get("kind") == Interview.Kind.INDIVIDUAL:
        if person is None:
            person = person_create(actor=actor, gender=gender, **(identity or {}))
        elif person.institution_id != actor.institution_id:
            raise PermissionDenied
        values["group_size"] = None
    else:
        person = None
    interview = Interview(
        institution=actor.institution, visit=visit, person=person, created_by=actor.user, **values
    )
    interview.full_clean(exclude=["institution", "created_by", "visit", "person"])
    interview.save()
    interview.interviewers.set(interviewers)
    audit_by(
        actor,
        "interview.created",
        interview,
        kind=interview.kind,
        person=person.pseudonym if person else "",
        fears_reprisal=interview.fears_reprisal,
    )
    if interview.fears_reprisal:
        _schedule_first_check_back(actor, interview)
    if consent:
        consent_record(actor=actor, interview=interview, **consent)
    return interview


@transaction.atomic
def interview_update(
    *, actor: Membership, interview: Interview, interviewers: list[User], **values: Any
) -> Interview:
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    if interview.institution_id != actor.institution_id:
        raise PermissionDenied
    values.setdefault("kind", interview.kind)
    _check_interview(values, interview.visit)
    if not interviewers:
        raise ValidationError({"interviewers": _("Name at least one interviewer.")})
    require_users_of_institution(actor, interviewers, "interviewers")
    values.pop("kind")  # an interview does not change from individual to group
    started_fearing = values.get("fears_reprisal") and not interview.fears_reprisal
    for field, value in values.items():
        setattr(interview, field, value)
    interview.full_clean(exclude=["institution", "created_by", "visit", "person"])
    interview.save()
    interview.interviewers.set(interviewers)
    audit_by(actor, "interview.updated", interview, fields=sorted(values))
    if started_fearing:
        _schedule_first_check_back(actor, interview)
    return interview


def _schedule_first_check_back(actor: Membership, interview: Interview) -> None:
    """A fear of reprisal starts the follow-up: a first check-back for an interviewer."""
    if interview.person is None:
        return
    if interview.check_backs.filter(done_on__isnull=True).exists():
        return
    check_back = CheckBack.objects.create(
        institution=actor.institution,
        person=interview.person,
        interview=interview,
        due_on=interview.held_on + timedelta(days=FIRST_CHECK_BACK_DAYS),
        method=CheckBack.Method.VISIT,
        assigned_to=interview.interviewers.first() or actor.user,
        created_by=actor.user,
    )
    audit_by(actor, "check_back.scheduled", check_back, due_on=str(check_back.due_on))


# --- consent -------------------------------------------------------------------------------


def consent_in_force(interview: Interview) -> ConsentRecord | None:
    return interview.consents.order_by("-recorded_at", "-pk").first()


@transaction.atomic
def consent_record(
    *,
    actor: Membership,
    interview: Interview,
    given_by: str,
    given_at: datetime,
    scopes: list[str],
) -> ConsentRecord:
    """Record what the person agreed to; it replaces the consent in force from now on."""
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    if interview.institution_id != actor.institution_id:
        raise PermissionDenied
    return record_consent(
        actor,
        interview=interview,
        person=interview.person,
        given_by=given_by,
        given_at=given_at,
        scopes=scopes,
    )


@transaction.atomic
def consent_withdraw(*, actor: Membership, interview: Interview, reason: str = "") -> ConsentRecord:
    """Withdrawal takes effect at once: every later document and export leaves the person out."""
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    if interview.institution_id != actor.institution_id:
        raise PermissionDenied
    return record_withdrawal(
        actor,
        current=consent_in_force(interview),
        interview=interview,
        person=interview.person,
        reason=reason,
    )


@transaction.atomic
def interviews_exported(
    *, actor: Membership, fmt: str, rows: int, named: bool = False, reason: str = ""
) -> None:
    """An export of interviews is a read of many records at once: it leaves its own event."""
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    audit_record(
        action="interview.exported",
        actor=actor.user,
        institution=actor.institution,
        details=export_details(fmt=fmt, rows=rows, named=named, reason=reason),
    )
