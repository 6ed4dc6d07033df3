"""Writes of prevention programmes, their logframe, indicators, activities and outcomes; each
runs in one transaction with its audit event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import institution_members, require_capability, require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership, User
from vigil.core.roles import Capability
from vigil.core.services.records import model_update
from vigil.programmes.models import (
    Activity,
    Indicator,
    IndicatorValue,
    LogframeItem,
    Outcome,
    Programme,
)
from vigil.programmes.selectors.programmes import logframe_branch
from vigil.programmes.services.common import check_period, known_fields, may_manage, pop_relations

# --- programmes -----------------------------------------------------------------------

PROGRAMME_RELATIONS = ("themes", "place_kinds", "places", "risk_factors", "partner_authorities")
PROGRAMME_FIELDS = (
    "title", "summary", "protection_gap", "champion", "mentors", "partners", "starts_on",
    "ends_on", "budget", "currency", "funding", "status",
)  # fmt: skip


def _check_programme(actor: Membership, values: dict[str, Any]) -> None:
    champion: User | None = values.get("champion")
    if champion is not None and not institution_members(actor).filter(pk=champion.pk).exists():
        raise ValidationError({"champion": _("The champion must be a member of the institution.")})
    check_period(values.get("starts_on"), values.get("ends_on"))
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
    known_fields(values, PROGRAMME_FIELDS + PROGRAMME_RELATIONS, "programme")
    relations = pop_relations(actor, values, PROGRAMME_RELATIONS)
    _check_programme(actor, values)
    programme = Programme.objects.create(
        institution=actor.institution, created_by=actor.user, **values
    )
    model_update(programme, relations)
    audit_by(actor, "programme.created", programme, status=programme.status)
    return programme


@transaction.atomic
def programme_update(*, actor: Membership, programme: Programme, **values: Any) -> Programme:
    may_manage(actor, programme)
    known_fields(values, PROGRAMME_FIELDS + PROGRAMME_RELATIONS, "programme")
    merged = {
        f: values.get(f, getattr(programme, f))
        for f in ("champion", "starts_on", "ends_on", "budget", "currency")
    }
    if "champion" not in values:
        merged.pop("champion")  # a former member may stay champion of a past programme
    _check_programme(actor, merged)
    if "currency" in values:
        values["currency"] = merged["currency"]
    relations = pop_relations(actor, values, PROGRAMME_RELATIONS)
    changed = model_update(programme, {**values, **relations})
    if changed:
        audit_by(actor, "programme.updated", programme, fields=changed)
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
    may_manage(actor, programme, parent)
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
    may_manage(actor, item)
    if not text.strip():
        raise ValidationError({"text": _("Write the statement.")})
    if model_update(item, {"text": text.strip()}):
        audit_by(actor, "logframe.item_updated", item, programme=item.programme_id)
    return item


def logframe_delete_refusal(item: LogframeItem) -> str:
    """Why a line cannot be deleted (its measured indicators), or "" when it can."""
    branch = [line.pk for line in logframe_branch(item)]
    measured = Indicator.objects.filter(item_id__in=branch, values__isnull=False).distinct()
    names = sorted(measured.values_list("name", flat=True))
    if not names:
        return ""
    return _(
        "This line cannot be deleted: actual values are recorded for its indicators "
        "(%(names)s). Those values are the programme's evidence; delete them first if "
        "they were entered by mistake, or edit the statement instead."
    ) % {"names": ", ".join(names)}


@transaction.atomic
def logframe_item_delete(*, actor: Membership, item: LogframeItem) -> int:
    """Delete a line with the lines below it and their indicators (none measured); the
    activities that served them are kept, no longer linked. Answers the lines deleted."""
    may_manage(actor, item)
    item = LogframeItem.objects.select_for_update().get(pk=item.pk)
    refusal = logframe_delete_refusal(item)
    if refusal:
        raise ValidationError(refusal)
    branch = logframe_branch(item)
    ids = [line.pk for line in branch]
    indicators = Indicator.objects.filter(item_id__in=ids).count()
    audit_by(
        actor,
        "logframe.item_deleted",
        item,
        programme=item.programme_id,
        level=item.level,
        lines=len(ids),
        indicators=indicators,
    )
    LogframeItem.objects.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def logframe_item_move(*, actor: Membership, item: LogframeItem, up: bool) -> bool:
    """Move a line one place up or down among the lines of the same parent (the lines below
    it go with it). Answers False when it is already first (or last)."""
    may_manage(actor, item)
    siblings = list(
        LogframeItem.objects.select_for_update()
        .filter(programme_id=item.programme_id, parent_id=item.parent_id)
        .order_by("order", "pk")
    )
    at = next(i for i, line in enumerate(siblings) if line.pk == item.pk)
    to = at - 1 if up else at + 1
    if not 0 <= to < len(siblings):
        return False
    siblings[at], siblings[to] = siblings[to], siblings[at]
    for number, line in enumerate(siblings, start=1):
        if line.order != number:
            line.order = number
            line.save(update_fields=["order"])
    item.order = to + 1
    audit_by(
        actor,
        "logframe.item_moved",
        item,
        programme=item.programme_id,
        direction="up" if up else "down",
        position=to + 1,
    )
    return True


INDICATOR_FIELDS = ("name", "unit", "baseline", "target", "means_of_verification")


@transaction.atomic
def indicator_add(*, actor: Membership, item: LogframeItem, **values: Any) -> Indicator:
    may_manage(actor, item)
    known_fields(values, INDICATOR_FIELDS, "indicator")
    indicator = Indicator.objects.create(institution=actor.institution, item=item, **values)
    audit_by(actor, "indicator.added", indicator, programme=item.programme_id)
    return indicator


@transaction.atomic
def indicator_update(*, actor: Membership, indicator: Indicator, **values: Any) -> Indicator:
    may_manage(actor, indicator)
    known_fields(values, INDICATOR_FIELDS, "indicator")
    changed = model_update(indicator, values)
    if changed:
        audit_by(actor, "indicator.updated", indicator, fields=changed)
    return indicator


@transaction.atomic
def indicator_value_record(
    *, actor: Membership, indicator: Indicator, measured_on: date, value: Decimal, note: str = ""
) -> IndicatorValue:
    may_manage(actor, indicator)
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

ACTIVITY_FIELDS = (
    "kind", "title", "starts_on", "ends_on", "location", "place", "participants", "outputs",
    "documents", "logframe_item",
)  # fmt: skip


def _check_activity(actor: Membership, programme: Programme, values: dict[str, Any]) -> None:
    require_same_institution(actor, values.get("place"), values.get("logframe_item"))
    line = values.get("logframe_item")
    if line is not None and line.programme_id != programme.pk:
        raise ValidationError({"logframe_item": _("That line belongs to another programme.")})
    if "kind" in values and values["kind"] not in Activity.Kind.values:
        raise ValidationError({"kind": _("Choose a type of activity.")})
    check_period(values.get("starts_on"), values.get("ends_on"))


@transaction.atomic
def activity_create(*, actor: Membership, programme: Programme, **values: Any) -> Activity:
    may_manage(actor, programme)
    known_fields(values, ACTIVITY_FIELDS, "activity")
    _check_activity(actor, programme, values)
    activity = Activity.objects.create(
        institution=actor.institution, programme=programme, created_by=actor.user, **values
    )
    audit_by(actor, "activity.created", activity, programme=programme.pk, kind=activity.kind)
    return activity


@transaction.atomic
def activity_update(*, actor: Membership, activity: Activity, **values: Any) -> Activity:
    may_manage(actor, activity)
    known_fields(values, ACTIVITY_FIELDS, "activity")
    merged = {f: values.get(f, getattr(activity, f)) for f in ("starts_on", "ends_on")}
    _check_activity(actor, activity.programme, {**values, **merged})
    changed = model_update(activity, values)
    if changed:
        audit_by(actor, "activity.updated", activity, fields=changed)
    return activity


# --- outcomes ---------------------------------------------------------------------------

OUTCOME_FIELDS = ("achieved_on", "kind", "statement", "evidence", "contribution")


def _check_outcome(values: dict[str, Any]) -> None:
    if "kind" in values and values["kind"] not in Outcome.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of outcome.")})
    if "contribution" in values and values["contribution"] not in Outcome.Contribution.values:
        raise ValidationError({"contribution": _("Choose the contribution claimed.")})
    if "evidence" in values and not str(values["evidence"]).strip():
        raise ValidationError({"evidence": _("Say what shows the outcome happened.")})


@transaction.atomic
def outcome_create(*, actor: Membership, programme: Programme, **values: Any) -> Outcome:
    may_manage(actor, programme)
    known_fields(values, (*OUTCOME_FIELDS, "recommendations"), "outcome")
    relations = pop_relations(actor, values, ("recommendations",))
    _check_outcome(values)
    outcome = Outcome.objects.create(
        institution=actor.institution, programme=programme, created_by=actor.user, **values
    )
    model_update(outcome, relations)
    audit_by(actor, "outcome.created", outcome, programme=programme.pk, kind=outcome.kind,
           recommendations=sorted(r.pk for r in relations.get("recommendations", [])))  # fmt: skip
    return outcome


@transaction.atomic
def outcome_update(*, actor: Membership, outcome: Outcome, **values: Any) -> Outcome:
    may_manage(actor, outcome)
    known_fields(values, (*OUTCOME_FIELDS, "recommendations"), "outcome")
    _check_outcome(values)
    relations = pop_relations(actor, values, ("recommendations",))
    changed = model_update(outcome, {**values, **relations})
    if changed:
        audit_by(actor, "outcome.updated", outcome, fields=changed)
    return outcome
