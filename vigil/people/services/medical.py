"""Istanbul Protocol examinations: findings, marks on the body chart, consistency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from vigil.core.access import require_same_institution
from vigil.core.audit import audit_by, target_of
from vigil.core.models import AuditEvent, Membership
from vigil.people.access import require_case_manager
from vigil.people.models import (
    BodyMark,
    Case,
    Consistency,
    Examination,
    Person,
    PsychologicalFinding,
)
from vigil.people.services.common import not_in_future, require_users_of_institution


def require_examination_editor(actor: Membership, examination: Examination) -> None:
    """The examiner, and whoever manages the case, may write the examination."""
    if examination.institution_id != actor.institution_id:
        raise PermissionDenied
    if examination.examiner_id != actor.user_id:
        require_case_manager(actor, examination.case)


def _check(values: dict[str, Any]) -> None:
    not_in_future(values.get("examined_on"), "examined_on")
    if "examiner_qualifications" in values and not values["examiner_qualifications"].strip():
        raise ValidationError({"examiner_qualifications": _("Give the examiner's qualifications.")})


@transaction.atomic
def examination_create(
    *, actor: Membership, case: Case, person: Person, **values: Any
) -> Examination:
    require_case_manager(actor, case)
    require_same_institution(actor, person)
    if not case.victims.filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose one of the case's alleged victims.")})
    examiner = values.setdefault("examiner", actor.user)
    require_users_of_institution(actor, [examiner], "examiner")
    _check(values)
    examination = Examination(
        institution=actor.institution, case=case, person=person, created_by=actor.user, **values
    )
    examination.full_clean(exclude=["institution", "created_by", "case", "person", "examiner"])
    examination.save()
    audit_by(actor, "examination.created", examination, case=case.reference)
    return examination


@transaction.atomic
def examination_update(
    *, actor: Membership, examination: Examination, **values: Any
) -> Examination:
    require_examination_editor(actor, examination)
    _check(values)
    if "person" in values and not examination.case.victims.filter(pk=values["person"].pk).exists():
        raise ValidationError({"person": _("Choose one of the case's alleged victims.")})
    if "examiner" in values:
        require_users_of_institution(actor, [values["examiner"]], "examiner")
    for field, value in values.items():
        setattr(examination, field, value)
    examination.full_clean(exclude=["institution", "created_by", "case", "person", "examiner"])
    examination.save()
    audit_by(actor, "examination.updated", examination, fields=sorted(values))
    return examination


def _position(value: Any, field: str) -> Decimal:
    message = _("Give a position between 0 and 100 per cent.")
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError as exc:
        raise ValidationError({field: message}) from exc
    # NaN and infinities are numbers to Decimal, but no place on a chart.
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValidationError({field: message})
    return number.quantize(Decimal("0.01"))


def _last_number(examination: Examination) -> int:
    """The highest number ever given on this chart, removed marks included.

    A removed number is never given again: a report printed earlier may cite it.
    The removals are in the audit trail, which is append-only.
    """
    current = examination.marks.aggregate(last=Max("number"))["last"] or 0
    target_type, target_id = target_of(examination)
    removed = AuditEvent.objects.filter(
        action="examination.mark_removed", target_type=target_type, target_id=target_id
    ).values_list("details", flat=True)
    numbers = [d.get("mark") for d in removed if isinstance(d, dict)]
    return max([current, *(n for n in numbers if isinstance(n, int))])


@transaction.atomic
def body_mark_add(
    *,
    actor: Membership,
    examination: Examination,
    side: str,
    x: Any,
    y: Any,
    description: str,
    consistency: str,
) -> BodyMark:
    """Place a numbered mark; numbers follow on, and stay stable when others are removed."""
    require_examination_editor(actor, examination)
    errors: dict[str, str] = {}
    if side not in BodyMark.Side.values:
        errors["side"] = _("Choose the front or the back of the body.")
    positions: dict[str, Decimal] = {}
    for field, value in (("x", x), ("y", y)):
        try:
            positions[field] = _position(value, field)
        except ValidationError as error:
            errors[field] = error.message_dict[field][0]
    if not (description or "").strip():
        errors["description"] = _("Describe the finding.")
    if consistency not in Consistency.values:
        errors["consistency"] = _("Choose the degree of consistency.")
    if errors:
        raise ValidationError(errors)
    # Lock the examination so that two marks added at once cannot take the same number.
    list(Examination.objects.select_for_update().filter(pk=examination.pk).values("pk"))
    mark = BodyMark.objects.create(
        institution=actor.institution,
        examination=examination,
        number=_last_number(examination) + 1,
        side=side,
        x=positions["x"],
        y=positions["y"],
        description=description.strip(),
        consistency=consistency,
    )
    audit_by(actor, "examination.mark_added", examination, mark=mark.number, side=side)
    return mark


@transaction.atomic
def body_mark_remove(*, actor: Membership, mark: BodyMark) -> None:
    require_examination_editor(actor, mark.examination)
    number, examination = mark.number, mark.examination
    mark.delete()
    audit_by(actor, "examination.mark_removed", examination, mark=number)


@transaction.atomic
def psychological_finding_add(
    *, actor: Membership, examination: Examination, description: str, consistency: str
) -> PsychologicalFinding:
    require_examination_editor(actor, examination)
    if consistency not in Consistency.values:
        raise ValidationError({"consistency": _("Choose the degree of consistency.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe the finding.")})
    finding = PsychologicalFinding.objects.create(
        institution=actor.institution,
        examination=examination,
        description=description.strip(),
        consistency=consistency,
    )
    audit_by(actor, "examination.psychological_finding_added", examination, finding=finding.pk)
    return finding
