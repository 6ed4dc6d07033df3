"""Writes of prevention programmes, their logframe, indicators, activities, outcomes and good
practice; each runs in one transaction with its audit event. (Trainings: `training.py`.)"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership, User
from vigil.core.roles import Capability
from vigil.programmes.models import (
    Activity,
    GoodPractice,
    GoodPracticeTheme,
    Indicator,
    IndicatorValue,
    LogframeItem,
    Outcome,
    Programme,
)


def _may_manage(actor: Membership, *records: Model | None) -> None:
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    require_same_institution(actor, *records)


def _relations(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, list[Any]]:
    return {name: list(values.pop(name)) for name in names if name in values}


def _set_relations(actor: Membership, record: Model, relations: dict[str, list[Any]]) -> list[str]:
    """Set many-to-many relations; the names of those that changed."""
    changed = []
    for name, records in relations.items():
        require_same_institution(actor, *records)
        manager = getattr(record, name)
        if {r.pk for r in manager.all()} != {r.pk for r in records}:
            manager.set(records)
            changed.append(name)
    return changed


def _update(record: Model, values: dict[str, Any], editable: set[str]) -> list[str]:
    unknown = set(values) - editable
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    changed = [f for f, v in values.items() if getattr(record, f) != v]
    for name in changed:
        setattr(record, name, values[name])
    if changed:
        record.save(update_fields=changed)
    return changed


def _period(starts_on: date | None, ends_on: date | None, field: str = "ends_on") -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({field: _("The end date is before the start date.")})


# --- programmes -----------------------------------------------------------------------

_PROGRAMME_RELATIONS = ("themes", "place_kinds", "places", "risk_factors", "partner_authorities")
_PROGRAMME_FIELDS = {
    "title", "summary", "protection_gap", "champion", "mentors", "partners", "starts_on",
    "ends_on", "budget", "currency", "funding", "status",
}  # fmt: skip


def _check_programme(actor: Membership, values: dict[str, Any]) -> None:
    champion: User | None = values.get("champion")
    if (
        champion is not None
        and not Membership.objects.filter(
            user=champion, institution_id=actor.institution_id, is_active=True
        ).exists()
    ):
        raise ValidationError({"champion": _("The champion must be a member of the institution.")})
    _period(values.get("starts_on"), values.get("ends_on"))
    if values.get("budget") is not None and not values.get("currency"):
        raise ValidationError({"currency": _("Give the currency of the budget.")})
    if values.get("budget") is not None and values["budget"] < 0:
        raise ValidationError({"budget": _("The budget cannot be negative.")})
    if values.get("currency"):
        values["currency"] = values["currency"].strip().upper()
    if "title" in values and not str(values["title"]).strip():
        raise ValidationError({"title": _("Give the programme a title.")})


@transaction.atomic
def programme_create(*, actor: Membership, **values: Any) -> Programme:
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    relations = _relations(values, _PROGRAMME_RELATIONS)
    unknown = set(values) - _PROGRAMME_FIELDS
    if unknown:
        raise ValueError(f"Not a programme field: {sorted(unknown)}")
    _check_programme(actor, values)
    programme = Programme.objects.create(
        institution=actor.institution, created_by=actor.user, **values
    )
    _set_relations(actor, programme, relations)
    audit_by(actor, "programme.created", programme, status=programme.status)
    return programme


@transaction.atomic
def programme_update(*, actor: Membership, programme: Programme, **values: Any) -> Programme:
    _may_manage(actor, programme)
    relations = _relations(values, _PROGRAMME_RELATIONS)
    merged = {
        f: values.get(f, getattr(programme, f))
        for f in ("champion", "starts_on", "ends_on", "budget", "currency")
    }
    if "champion" not in values:
        merged.pop("champion")  # a former member may stay champion of a past programme
    _check_programme(actor, merged)
    if "currency" in values:
        values["currency"] = merged["currency"]
    changed = _update(programme, values, _PROGRAMME_FIELDS)
    changed += _set_relations(actor, programme, relations)
    if changed:
        audit_by(actor, "programme.updated", programme, fields=sorted(changed))
    return programme


# --- logframe and indicators -------------------------------------------------------------


def _check_parent(programme: Programme, level: int, parent: LogframeItem | None) -> None:
    if level not in LogframeItem.Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    if level == LogframeItem.Level.OBJECTIVE:
        if parent is not None:
            raise ValidationError({"parent": _("An objective has no parent line.")})
        return
    if parent is None:
        raise ValidationError({"parent": _("Choose the line this one belongs to.")})
    if parent.programme_id != programme.pk:
        raise ValidationError({"parent": _("That line belongs to another programme.")})
    if parent.level != level - 1:
        raise ValidationError(
            {
                "parent": _("The parent line must be one level up: %(level)s.")
                % {"level": LogframeItem.Level(level - 1).label}
            }
        )


@transaction.atomic
def logframe_item_add(
    *,
    actor: Membership,
    programme: Programme,
    level: int,
    text: str,
    parent: LogframeItem | None = None,
) -> LogframeItem:
    _may_manage(actor, programme, parent)
    level = int(level)
    _check_parent(programme, level, parent)
    if not text.strip():
        raise ValidationError({"text": _("Write the statement.")})
    siblings = LogframeItem.objects.filter(programme=programme, parent=parent)
    item = LogframeItem.objects.create(
        institution=actor.institution,
        programme=programme,
        parent=parent,
        level=level,
        text=text.strip(),
        order=siblings.count() + 1,
    )
    audit_by(actor, "logframe.item_added", item, programme=programme.pk, level=level)
    return item


@transaction.atomic
def logframe_item_update(*, actor: Membership, item: LogframeItem, text: str) -> LogframeItem:
    _may_manage(actor, item)
    if not text.strip():
        raise ValidationError({"text": _("Write the statement.")})
    if _update(item, {"text": text.strip()}, {"text"}):
        audit_by(actor, "logframe.item_updated", item, programme=item.programme_id)
    return item


_INDICATOR_FIELDS = {"name", "unit", "baseline", "target", "means_of_verification"}


@transaction.atomic
def indicator_add(*, actor: Membership, item: LogframeItem, **values: Any) -> Indicator:
    _may_manage(actor, item)
    unknown = set(values) - _INDICATOR_FIELDS
    if unknown:
        raise ValueError(f"Not an indicator field: {sorted(unknown)}")
    indicator = Indicator.objects.create(institution=actor.institution, item=item, **values)
    audit_by(actor, "indicator.added", indicator, programme=item.programme_id)
    return indicator


@transaction.atomic
def indicator_update(*, actor: Membership, indicator: Indicator, **values: Any) -> Indicator:
    _may_manage(actor, indicator)
    changed = _update(indicator, values, _INDICATOR_FIELDS)
    if changed:
        audit_by(actor, "indicator.updated", indicator, fields=sorted(changed))
    return indicator


@transaction.atomic
def indicator_value_record(
    *, actor: Membership, indicator: Indicator, measured_on: date, value: Decimal, note: str = ""
) -> IndicatorValue:
    _may_manage(actor, indicator)
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("The date is in the future.")})
    entry = IndicatorValue.objects.create(
        institution=actor.institution,
        indicator=indicator,
        measured_on=measured_on,
        value=value,
        note=note,
    )
    audit_by(actor, "indicator.value_recorded", indicator, measured_on=measured_on, value=value)
    return entry


# --- activities -------------------------------------------------------------------------

_ACTIVITY_FIELDS = {
    "kind", "title", "starts_on", "ends_on", "location", "place", "participants", "outputs",
    "documents", "logframe_item",
}  # fmt: skip


def _check_activity(actor: Membership, programme: Programme, values: dict[str, Any]) -> None:
    require_same_institution(actor, values.get("place"), values.get("logframe_item"))
    line = values.get("logframe_item")
    if line is not None and line.programme_id != programme.pk:
        raise ValidationError({"logframe_item": _("That line belongs to another programme.")})
    if "kind" in values and values["kind"] not in Activity.Kind.values:
        raise ValidationError({"kind": _("Choose a type of activity.")})
    _period(values.get("starts_on"), values.get("ends_on"))


@transaction.atomic
def activity_create(*, actor: Membership, programme: Programme, **values: Any) -> Activity:
    _may_manage(actor, programme)
    unknown = set(values) - _ACTIVITY_FIELDS
    if unknown:
        raise ValueError(f"Not an activity field: {sorted(unknown)}")
    _check_activity(actor, programme, values)
    activity = Activity.objects.create(
        institution=actor.institution, programme=programme, created_by=actor.user, **values
    )
    audit_by(actor, "activity.created", activity, programme=programme.pk, kind=activity.kind)
    return activity


@transaction.atomic
def activity_update(*, actor: Membership, activity: Activity, **values: Any) -> Activity:
    _may_manage(actor, activity)
    merged = {f: values.get(f, getattr(activity, f)) for f in ("starts_on", "ends_on")}
    _check_activity(actor, activity.programme, {**values, **merged})
    changed = _update(activity, values, _ACTIVITY_FIELDS)
    if changed:
        audit_by(actor, "activity.updated", activity, fields=sorted(changed))
    return activity


# --- outcomes ---------------------------------------------------------------------------

_OUTCOME_FIELDS = {"achieved_on", "kind", "statement", "evidence", "contribution"}


def _check_outcome(values: dict[str, Any]) -> None:
    if "kind" in values and values["kind"] not in Outcome.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of outcome.")})
    if "contribution" in values and values["contribution"] not in Outcome.Contribution.values:
        raise ValidationError({"contribution": _("Choose the contribution claimed.")})
    if "evidence" in values and not str(values["evidence"]).strip():
        raise ValidationError({"evidence": _("Say what shows the outcome happened.")})


@transaction.atomic
def outcome_create(*, actor: Membership, programme: Programme, **values: Any) -> Outcome:
    _may_manage(actor, programme)
    relations = _relations(values, ("recommendations",))
    unknown = set(values) - _OUTCOME_FIELDS
    if unknown:
        raise ValueError(f"Not an outcome field: {sorted(unknown)}")
    _check_outcome(values)
    outcome = Outcome.objects.create(
        institution=actor.institution, programme=programme, created_by=actor.user, **values
    )
    _set_relations(actor, outcome, relations)
    audit_by(actor, "outcome.created", outcome, programme=programme.pk, kind=outcome.kind,
           recommendations=sorted(r.pk for r in relations.get("recommendations", [])))  # fmt: skip
    return outcome


@transaction.atomic
def outcome_update(*, actor: Membership, outcome: Outcome, **values: Any) -> Outcome:
    _may_manage(actor, outcome)
    relations = _relations(values, ("recommendations",))
    _check_outcome(values)
    changed = _update(outcome, values, _OUTCOME_FIELDS)
    changed += _set_relations(actor, outcome, relations)
    if changed:
        audit_by(actor, "outcome.updated", outcome, fields=sorted(changed))
    return outcome


# --- good practice ----------------------------------------------------------------------

_GOOD_PRACTICE_FIELDS = {
    "programme", "title", "what_worked", "context", "lessons", "practice_themes",
    "protection_gap", "ready_to_share",
}  # fmt: skip


def _check_good_practice(actor: Membership, values: dict[str, Any]) -> None:
    require_same_institution(actor, values.get("programme"))
    if "practice_themes" in values:
        themes = list(dict.fromkeys(values["practice_themes"] or []))
        if set(themes) - set(GoodPracticeTheme.values):
            raise ValidationError({"practice_themes": _("Choose among the good-practice themes.")})
        values["practice_themes"] = themes
    for name in ("title", "what_worked", "context", "lessons"):
        if name in values and not str(values[name]).strip():
            raise ValidationError({name: _("This field is required.")})


@transaction.atomic
def good_practice_create(*, actor: Membership, **values: Any) -> GoodPractice:
    require_capability(actor, Capability.MANAGE_PROGRAMMES)
    relations = _relations(values, ("themes",))
    unknown = set(values) - _GOOD_PRACTICE_FIELDS
    if unknown:
        raise ValueError(f"Not a good-practice field: {sorted(unknown)}")
    _check_good_practice(actor, values)
    entry = GoodPractice.objects.create(
        institution=actor.institution, created_by=actor.user, **values
    )
    _set_relations(actor, entry, relations)
    programme = values.get("programme")
    audit_by(actor, "good_practice.created", entry, programme=programme.pk if programme else None,
           ready_to_share=entry.ready_to_share)  # fmt: skip
    return entry


@transaction.atomic
def good_practice_update(*, actor: Membership, entry: GoodPractice, **values: Any) -> GoodPractice:
    _may_manage(actor, entry)
    relations = _relations(values, ("themes",))
    _check_good_practice(actor, values)
    changed = _update(entry, values, _GOOD_PRACTICE_FIELDS)
    changed += _set_relations(actor, entry, relations)
    if changed:
        audit_by(actor, "good_practice.updated", entry, fields=sorted(changed),
               ready_to_share=entry.ready_to_share)  # fmt: skip
    return entry
