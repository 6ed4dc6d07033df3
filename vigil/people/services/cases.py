"""Allegation cases: intake, team, perpetrators, workflow moves, deadlines and referrals."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by, audit_record
from vigil.core.models import Membership, User
from vigil.core.roles import Capability
from vigil.core.services.records import next_code
from vigil.people.access import can_assign_team, require_case_manager
from vigil.people.models import (
    REFERRAL_OUTCOMES,
    Case,
    CaseAssignment,
    CaseMove,
    CaseStage,
    IllTreatmentType,
    IntakeSource,
    Interview,
    Perpetrator,
    Person,
    Referral,
    StageDeadline,
)
from vigil.people.services.common import (
    export_details,
    not_in_future,
    require_users_of_institution,
)
from vigil.people.services.interviews import person_create
from vigil.people.workflow import move_problem, next_stages


def _check_types(actor: Membership, types: list[IllTreatmentType]) -> None:
    for kind in types:
        if kind.institution_id not in (None, actor.institution_id):
            raise ValidationError({"ill_treatment_types": _("That choice does not exist.")})


def _check_case(actor: Membership, values: dict[str, Any]) -> None:
    not_in_future(values.get("received_on"), "received_on")
    not_in_future(values.get("incident_date"), "incident_date")
    received, incident = values.get("received_on"), values.get("incident_date")
    if received and incident and incident > received:
        raise ValidationError(
            {"incident_date": _("The incident cannot be after the allegation was received.")}
        )
    require_same_institution(actor, values.get("incident_place"), values.get("interview"))
    if values.get("source") == IntakeSource.VISIT_INTERVIEW and not values.get("interview"):
        raise ValidationError({"interview": _("Choose the interview the allegation came from.")})


@transaction.atomic
def case_open(
    *,
    actor: Membership,
    victims: list[Person],
    ill_treatment_types: list[IllTreatmentType],
    received_by: User | None = None,
    new_victim: dict[str, Any] | None = None,
    **values: Any,
) -> Case:
    """Open a case; whoever opens it leads it until a commissioner says otherwise.

    `new_victim` (identity fields and gender) records a person not yet known, in the same
    transaction, so a refused case leaves no orphan person behind.
    """
    require_capability(actor, Capability.OPEN_CASES)
    _check_case(actor, values)
    require_same_institution(actor, *victims)
    _check_types(actor, ill_treatment_types)
    received_by = received_by or actor.user
    require_users_of_institution(actor, [received_by], "received_by")
    interview: Interview | None = values.get("interview")
    victims = list(victims)
    if interview is not None and interview.person_id and not victims and not new_victim:
        victims = [interview.person]  # type: ignore[list-item]
    if new_victim:
        victims.append(person_create(actor=actor, **new_victim))
    if not victims:
        raise ValidationError({"victims": _("Name at least one alleged victim.")})
    case = Case(
        institution=actor.institution,
        reference=next_code(
            institution_id=actor.institution_id,
            model=Case,
            field="reference",
            prefix=f"C-{values['received_on']:%Y}-",
        ),
        received_by=received_by,
        stage=CaseStage.RECEIVED,
        stage_since=values["received_on"],
        created_by=actor.user,
        **values,
    )
    case.full_clean(exclude=["institution", "created_by", "received_by", "interview"])
    case.save()
    case.victims.set(victims)
    case.ill_treatment_types.set(ill_treatment_types)
    CaseAssignment.objects.create(
        institution=actor.institution,
        case=case,
        user=actor.user,
        role=CaseAssignment.Role.LEAD,
        assigned_by=actor.user,
    )
    CaseMove.objects.create(
        institution=actor.institution,
        case=case,
        to_stage=CaseStage.RECEIVED,
        moved_on=case.received_on,
        reason=_("Allegation received."),
        moved_by=actor.user,
    )
    audit_by(
        actor,
        "case.opened",
        case,
        reference=case.reference,
        source=case.source,
        victims=[v.pseudonym for v in victims],
    )
    return case


@transaction.atomic
def case_update(
    *,
    actor: Membership,
    case: Case,
    victims: list[Person],
    ill_treatment_types: list[IllTreatmentType],
    received_by: User | None = None,
    new_victim: dict[str, Any] | None = None,
    **values: Any,
) -> Case:
    require_case_manager(actor, case)
    values.setdefault("received_on", case.received_on)
    _check_case(actor, values)
    require_same_institution(actor, *victims)
    _check_types(actor, ill_treatment_types)
    if received_by is not None and received_by.pk != case.received_by_id:
        require_users_of_institution(actor, [received_by], "received_by")
        values["received_by"] = received_by
    victims = list(victims)
    if new_victim:
        victims.append(person_create(actor=actor, **new_victim))
    if not victims:
        raise ValidationError({"victims": _("Name at least one alleged victim.")})
    if case.stage == CaseStage.RECEIVED and values["received_on"] != case.received_on:
        # Still in its first stage: the deadline counts from the corrected date.
        values["stage_since"] = values["received_on"]
    for field, value in values.items():
        setattr(case, field, value)
    case.full_clean(exclude=["institution", "created_by", "received_by", "interview"])
    case.save()
    case.victims.set(victims)
    case.ill_treatment_types.set(ill_treatment_types)
    audit_by(actor, "case.updated", case, fields=sorted(values))
    return case


@transaction.atomic
def case_assign(*, actor: Membership, case: Case, user: User, role: str) -> CaseAssignment:
    if not can_assign_team(actor, case):
        raise PermissionDenied
    require_users_of_institution(actor, [user], "user")
    if role not in CaseAssignment.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if role == CaseAssignment.Role.LEAD:
        case.assignments.filter(role=CaseAssignment.Role.LEAD).exclude(user=user).update(
            role=CaseAssignment.Role.MEMBER
        )
    assignment, _created = CaseAssignment.objects.update_or_create(
        case=case,
        user=user,
        defaults={"institution": actor.institution, "role": role, "assigned_by": actor.user},
    )
    audit_by(actor, "case.assigned", case, user=user.pk, role=role)
    return assignment


@transaction.atomic
def case_unassign(*, actor: Membership, case: Case, user: User) -> None:
    if not can_assign_team(actor, case):
        raise PermissionDenied
    assignment = case.assignments.filter(user=user).first()
    if assignment is None:
        raise ValidationError({"user": _("This person is not on the case.")})
    if case.assignments.count() == 1:
        raise ValidationError({"user": _("A case keeps at least one person on its team.")})
    if assignment.role == CaseAssignment.Role.LEAD:
        raise ValidationError({"user": _("Name another lead before removing this one.")})
    assignment.delete()
    audit_by(actor, "case.unassigned", case, user=user.pk)


@transaction.atomic
def perpetrator_add(*, actor: Membership, case: Case, **values: Any) -> Perpetrator:
    require_case_manager(actor, case)
    if not any(str(values.get(f) or "").strip() for f in ("agency", "unit", "rank", "name")):
        raise ValidationError(_("Give at least the agency, unit, rank or name."))
    perpetrator = Perpetrator.objects.create(institution=actor.institution, case=case, **values)
    audit_by(actor, "case.perpetrator_added", case, perpetrator=perpetrator.pk)
    return perpetrator


@transaction.atomic
def case_move(
    *,
    actor: Membership,
    case: Case,
    to_stage: str,
    moved_on: date,
    reason: str,
    outcome: str = "",
    referral: dict[str, Any] | None = None,
) -> CaseMove:
    """Move a case one step; a referral outcome records the referral in the same step."""
    require_case_manager(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    problem = move_problem(stage=case.stage, to_stage=to_stage, outcome=outcome)
    if problem:
        # A legal step with the wrong outcome is the outcome's fault, not the stage's.
        field = "outcome" if to_stage in next_stages(case.stage) else "to_stage"
        raise ValidationError({field: problem})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this move.")})
    not_in_future(moved_on, "moved_on")
    if moved_on < case.stage_since:
        raise ValidationError(
            {"moved_on": _("The move cannot be dated before the case entered its stage.")}
        )
    if outcome in REFERRAL_OUTCOMES and not (referral and referral.get("body")):
        raise ValidationError({"body": _("Name the body the case is referred to.")})
    move = CaseMove.objects.create(
        institution=actor.institution,
        case=case,
        from_stage=case.stage,
        to_stage=to_stage,
        outcome=outcome,
        moved_on=moved_on,
        reason=reason.strip(),
        moved_by=actor.user,
    )
    case.stage, case.stage_since = to_stage, moved_on
    if outcome:
        case.outcome = outcome
    case.save(update_fields=["stage", "stage_since", "outcome"])
    audit_by(actor, "case.moved", case, to_stage=to_stage, outcome=outcome, on=str(moved_on))
    if outcome in REFERRAL_OUTCOMES and referral:
        referral_add(actor=actor, case=case, sent_on=moved_on, **referral)
    return move


@transaction.atomic
def case_set_legal_hold(*, actor: Membership, case: Case, on: bool) -> Case:
    """Put the case under legal hold, or lift it: while on, retention removes nothing of it."""
    require_case_manager(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.legal_hold != on:
        case.legal_hold = on
        case.save(update_fields=["legal_hold"])
        audit_by(actor, "case.legal_hold_set", case, on=on)
    return case


@transaction.atomic
def referral_add(
    *, actor: Membership, case: Case, body: str, sent_on: date, **values: Any
) -> Referral:
    require_case_manager(actor, case)
    not_in_future(sent_on, "sent_on")
    if not body.strip():
        raise ValidationError({"body": _("Name the body the case is referred to.")})
    follow_up = values.get("follow_up_on")
    if follow_up and follow_up < sent_on:
        raise ValidationError({"follow_up_on": _("Follow up after the referral was sent.")})
    referral = Referral.objects.create(
        institution=actor.institution,
        case=case,
        body=body.strip(),
        sent_on=sent_on,
        created_by=actor.user,
        **values,
    )
    audit_by(actor, "referral.sent", referral, case=case.reference, body=referral.body)
    return referral


@transaction.atomic
def referral_follow_up(
    *,
    actor: Membership,
    referral: Referral,
    status: str,
    outcome_notes: str = "",
    follow_up_on: date | None = None,
) -> Referral:
    require_case_manager(actor, referral.case)
    if status not in Referral.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if follow_up_on and follow_up_on < referral.sent_on:
        raise ValidationError({"follow_up_on": _("Follow up after the referral was sent.")})
    referral.status = status
    referral.outcome_notes = outcome_notes.strip() or referral.outcome_notes
    referral.follow_up_on = follow_up_on
    referral.updated_at = timezone.now()
    referral.save(update_fields=["status", "outcome_notes", "follow_up_on", "updated_at"])
    audit_by(actor, "referral.followed_up", referral, status=status)
    return referral


@transaction.atomic
def stage_deadlines_set(*, actor: Membership, days_by_stage: dict[str, int]) -> None:
    require_capability(actor, Capability.CONFIGURE_CASES)
    for stage, days in days_by_stage.items():
        if stage not in CaseStage.values:
            raise ValidationError({stage: _("That stage does not exist.")})
        if stage == CaseStage.CLOSED:
            raise ValidationError({stage: _("Closed cases have no deadline.")})
        if not str(days).strip().lstrip("-").isdigit():
            raise ValidationError({stage: _("Give a number of days between 1 and 3650.")})
        if not 1 <= int(days) <= 3650:
            raise ValidationError({stage: _("Give a number of days between 1 and 3650.")})
        StageDeadline.objects.update_or_create(
            institution=actor.institution, stage=stage, defaults={"days": int(days)}
        )
    audit_by(
        actor,
        "case.deadlines_set",
        actor.institution,
        **{stage: int(days) for stage, days in days_by_stage.items()},
    )


@transaction.atomic
def cases_exported(
    *, actor: Membership, fmt: str, rows: int, named: bool = False, reason: str = ""
) -> None:
    """An export reads many cases at once: it leaves its own event (counts, and for a named
    export the reason given)."""
    require_capability(actor, Capability.OPEN_CASES)
    audit_record(
        action="case.exported",
        actor=actor.user,
        institution=actor.institution,
        details=export_details(fmt=fmt, rows=rows, named=named, reason=reason),
    )
