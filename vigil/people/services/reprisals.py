"""Reprisals against people who spoke to the mechanism, and the check-backs that watch for them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigil.core.access import (
    institution_members,
    require_capability,
    require_same_institution,
)
from vigil.core.audit import audit_by
from vigil.core.dates import day
from vigil.core.models import Membership, User
from vigil.core.roles import CAPABILITIES, Capability
from vigil.core.services.records import model_update
from vigil.people.models import CheckBack, Reprisal, ReprisalType
from vigil.people.services.common import not_in_future, require_users_of_institution


def _check_links(actor: Membership, values: dict[str, Any]) -> None:
    person, interview, case = values.get("person"), values.get("interview"), values.get("case")
    require_same_institution(actor, person, interview, case)
    if person is None:
        raise ValidationError({"person": _("Choose the person.")})
    if interview is not None and interview.person_id != person.pk:
        raise ValidationError({"interview": _("That interview is not with this person.")})
    if case is not None and not case.victims.filter(pk=person.pk).exists():
        raise ValidationError({"case": _("This person is not an alleged victim in that case.")})


def _not_before_interview(occurred_on: date | None, interview: Any) -> None:
    """A reprisal linked to an interview is a consequence of it: it cannot come first."""
    if occurred_on is not None and interview is not None and occurred_on < interview.held_on:
        raise ValidationError(
            {
                "occurred_on": _(
                    "The reprisal cannot be dated before the interview it follows (%(date)s)."
                )
                % {"date": day(interview.held_on)}
            }
        )


@transaction.atomic
def reprisal_record(*, actor: Membership, **values: Any) -> Reprisal:
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    _check_links(actor, values)
    if values.get("occurred_on") is None:
        raise ValidationError({"occurred_on": _("Give the date.")})
    not_in_future(values.get("occurred_on"), "occurred_on")
    _not_before_interview(values.get("occurred_on"), values.get("interview"))
    if values.get("type") not in ReprisalType.values:
        raise ValidationError({"type": _("Choose the type of reprisal.")})
    reprisal = Reprisal.objects.create(
        institution=actor.institution, recorded_by=actor.user, **values
    )
    audit_by(
        actor,
        "reprisal.recorded",
        reprisal,
        person=reprisal.person.pseudonym,
        type=reprisal.type,
    )
    return reprisal


# What an edit may change; the institution and who recorded it stay as they were.
REPRISAL_FIELDS = frozenset(
    {"person", "interview", "case", "occurred_on", "type", "unit_responsible", "description",
     "action_taken"}
)  # fmt: skip


@transaction.atomic
def reprisal_update(*, actor: Membership, reprisal: Reprisal, **values: Any) -> Reprisal:
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    if reprisal.institution_id != actor.institution_id:
        raise PermissionDenied
    unknown = set(values) - REPRISAL_FIELDS
    if unknown:
        raise ValueError(f"reprisal_update cannot change {sorted(unknown)}")
    links = {
        name: values.get(name, getattr(reprisal, name)) for name in ("person", "interview", "case")
    }
    _check_links(actor, links)
    not_in_future(values.get("occurred_on"), "occurred_on")
    _not_before_interview(values.get("occurred_on", reprisal.occurred_on), links["interview"])
    if "type" in values and values["type"] not in ReprisalType.values:
        raise ValidationError({"type": _("Choose the type of reprisal.")})
    if changed := model_update(reprisal, values, REPRISAL_FIELDS):
        audit_by(actor, "reprisal.updated", reprisal, fields=changed)
    return reprisal


def _require_works_with_people(actor: Membership, user: User) -> None:
    """Only someone who may see the person can be sent to check on them."""
    roles = CAPABILITIES[Capability.RECORD_INTERVIEWS]
    if not institution_members(actor, roles=roles).filter(pk=user.pk).exists():
        raise ValidationError(
            {"assigned_to": _("Choose a member who works with interviewees (not an analyst).")}
        )


@transaction.atomic
def check_back_schedule(
    *, actor: Membership, assigned_to: User, due_on: date, method: str, **links: Any
) -> CheckBack:
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    _check_links(actor, links)
    require_users_of_institution(actor, [assigned_to], "assigned_to")
    _require_works_with_people(actor, assigned_to)
    if method not in CheckBack.Method.values:
        raise ValidationError({"method": _("Choose a visit or a call.")})
    check_back = CheckBack.objects.create(
        institution=actor.institution,
        assigned_to=assigned_to,
        due_on=due_on,
        method=method,
        created_by=actor.user,
        **links,
    )
    audit_by(actor, "check_back.scheduled", check_back, due_on=str(due_on))
    return check_back


@transaction.atomic
def check_back_complete(
    *,
    actor: Membership,
    check_back: CheckBack,
    done_on: date,
    result: str,
    notes: str = "",
    next_due_on: date | None = None,
) -> CheckBack:
    """Record what a check-back found; a next date schedules the following one."""
    require_capability(actor, Capability.RECORD_INTERVIEWS)
    if check_back.institution_id != actor.institution_id:
        raise PermissionDenied
    if check_back.done_on is not None:
        raise ValidationError(_("This check-back is already recorded."))
    not_in_future(done_on, "done_on")
    if result not in CheckBack.Result.values or not result:
        raise ValidationError({"result": _("Choose what the check-back found.")})
    if next_due_on is not None and next_due_on <= done_on:
        raise ValidationError({"next_due_on": _("The next check-back comes after this one.")})
    check_back.done_on, check_back.result, check_back.notes = done_on, result, notes.strip()
    check_back.save(update_fields=["done_on", "result", "notes"])
    audit_by(actor, "check_back.done", check_back, result=result)
    if next_due_on is not None:
        check_back_schedule(
            actor=actor,
            assigned_to=check_back.assigned_to,
            due_on=next_due_on,
            method=check_back.method,
            person=check_back.person,
            interview=check_back.interview,
            case=check_back.case,
        )
    return check_back
