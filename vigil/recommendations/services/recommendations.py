"""Writes of recommendations and their follow-up, each with its audit event."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by
from vigil.core.models import Membership, User
from vigil.core.roles import Capability
from vigil.core.services.records import model_update, next_code
from vigil.recommendations.models import (
    AuthorityResponse,
    Measure,
    Recommendation,
    Source,
    Status,
    StatusUpdate,
)
from vigil.visits.models import Visit

E = TypeVar("E", AuthorityResponse, StatusUpdate)
_RELATIONS = ("places", "themes", "standards", "findings")


# References Vigil gives: R-<year of issue>-<number in that year> ("R-2026-0042").
REFERENCE_PREFIX = "R-{year}-"


def next_reference(actor: Membership, issued_on: date) -> str:
    return next_code(
        institution_id=actor.institution_id,
        model=Recommendation,
        field="reference",
        prefix=REFERENCE_PREFIX.format(year=issued_on.year),
    )


def _check(values: dict[str, Any]) -> None:
    if values.get("source") == Source.UN_MECHANISM and not values.get("mechanism"):
        raise ValidationError({"mechanism": _("Name the UN mechanism.")})
    if values.get("source") != Source.UN_MECHANISM and values.get("mechanism"):
        raise ValidationError({"mechanism": _("Only recommendations of UN mechanisms name one.")})
    due, issued = values.get("due_on"), values.get("issued_on")
    if due and issued and due < issued:
        raise ValidationError(
            {"due_on": _("The due date is before the date of the recommendation.")}
        )


def _relations(actor: Membership, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Take the many-to-many choices out of `values`; each must be the actor's own."""
    relations = {name: list(values.pop(name)) for name in _RELATIONS if name in values}
    for records in relations.values():
        require_same_institution(actor, *records)
    return relations


@transaction.atomic
def recommendation_create(
    *, actor: Membership, reference: str = "", **values: Any
) -> Recommendation:
    require_capability(actor, Capability.MANAGE_RECOMMENDATIONS)
    relations = _relations(actor, values)
    require_same_institution(actor, values.get("authority"), values.get("visit"))
    _check(values)
    reference = reference.strip() or next_reference(actor, values["issued_on"])
    if Recommendation.objects.for_actor(actor).filter(reference=reference).exists():
        raise ValidationError({"reference": _("Another recommendation has this reference.")})
    recommendation = Recommendation.objects.create(
        institution=actor.institution,
        reference=reference,
        created_by=actor.user,
        status_on=values["issued_on"],
        **values,
    )
    for name, records in relations.items():
        getattr(recommendation, name).set(records)
    audit_by(actor, "recommendation.created", recommendation, source=recommendation.source)
    return recommendation


_EDITABLE = {
    "text", "source", "mechanism", "source_document", "paragraph", "issued_on", "addressee",
    "authority", "law_or_policy", "priority", "due_on", "visit",
}  # fmt: skip


@transaction.atomic
def recommendation_update(
    *, actor: Membership, recommendation: Recommendation, **values: Any
) -> Recommendation:
    require_capability(actor, Capability.MANAGE_RECOMMENDATIONS)
    require_same_institution(actor, recommendation, values.get("authority"), values.get("visit"))
    relations = _relations(actor, values)
    unknown = set(values) - _EDITABLE
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    merged = {
        f: values.get(f, getattr(recommendation, f))
        for f in ("source", "mechanism", "due_on", "issued_on")
    }
    _check(merged)
    changed = model_update(recommendation, {**values, **relations})
    if "issued_on" in changed:
        _refresh_current(recommendation)  # "status since" is the date until follow-up starts
    if changed:
        audit_by(actor, "recommendation.updated", recommendation, fields=changed)
    return recommendation


def current_state(
    *, responses: list[str], statuses: list[tuple[str, date]], issued_on: date
) -> dict[str, Any]:
    """The current response, status, status date and implementation date, from histories
    ordered by date then creation (oldest first): the latest entries are current, and a
    recommendation is implemented since the first entry of its latest run of "implemented"."""
    status, status_on = statuses[-1] if statuses else (Status.NOT_STARTED, issued_on)
    implemented_on = None
    for entry_status, on in reversed(statuses):
        if entry_status != Status.IMPLEMENTED:
            break
        implemented_on = on
    return {
        "response": responses[-1] if responses else "",
        "status": status,
        "status_on": status_on,
        "implemented_on": implemented_on,
    }


def _refresh_current(recommendation: Recommendation) -> None:
    """The current response and status are the latest entries of their histories."""
    state = current_state(
        responses=list(
            recommendation.responses.order_by("received_on", "created_at", "pk").values_list(
                "response", flat=True
            )
        ),
        statuses=list(
            recommendation.status_updates.order_by("on", "created_at", "pk").values_list(
                "status", "on"
            )
        ),
        issued_on=recommendation.issued_on,
    )
    model_update(recommendation, state)


def _history_entry(
    actor: Membership,
    recommendation: Recommendation,
    model: type[E],
    checked: tuple[str, str, str],
    **values: Any,
) -> E:
    """A dated entry of the recommendation's history; its current state follows from it.
    `checked` names the entry's date and its choice, and the message for a missing choice."""
    day, choice, missing = checked
    field: Any = model._meta.get_field(choice)
    if values[day] > timezone.localdate():
        raise ValidationError({day: _("The date is in the future.")})
    if values[choice] not in {value for value, _label in field.flatchoices}:
        raise ValidationError({choice: missing})
    entry = model._default_manager.create(
        institution=actor.institution,
        recommendation=recommendation,
        recorded_by=actor.user,
        **values,
    )
    _refresh_current(recommendation)
    return entry


@transaction.atomic
def response_record(
    *,
    actor: Membership,
    recommendation: Recommendation,
    response: str,
    received_on: date,
    text: str = "",
    document: str = "",
    via_matrix: bool = False,
) -> AuthorityResponse:
    require_capability(actor, Capability.MANAGE_RECOMMENDATIONS)
    require_same_institution(actor, recommendation)
    checked = ("received_on", "response", _("Choose a response."))
    entry = _history_entry(actor, recommendation, AuthorityResponse, checked, response=response,
                           received_on=received_on, text=text, document=document,
                           via_matrix=via_matrix)  # fmt: skip
    audit_by(actor, "recommendation.response_recorded", recommendation, response=response,
           via_matrix=via_matrix)  # fmt: skip
    return entry


@transaction.atomic
def status_record(
    *,
    actor: Membership,
    recommendation: Recommendation,
    status: str,
    on: date,
    note: str = "",
    evidence: str = "",
    verified_by: User | None = None,
    verified_at_visit: Visit | None = None,
    via_matrix: bool = False,
) -> StatusUpdate:
    require_capability(actor, Capability.MANAGE_RECOMMENDATIONS)
    require_same_institution(actor, recommendation, verified_at_visit)
    if verified_at_visit is not None and verified_by is None:
        verified_by = actor.user
    checked = ("on", "status", _("Choose a status."))
    update = _history_entry(actor, recommendation, StatusUpdate, checked, status=status, on=on,
                            note=note, evidence=evidence, verified_by=verified_by,
                            verified_at_visit=verified_at_visit, via_matrix=via_matrix)  # fmt: skip
    visit_id = verified_at_visit.pk if verified_at_visit else None
    audit_by(actor, "recommendation.status_recorded", recommendation, status=status,
           visit=visit_id, via_matrix=via_matrix)  # fmt: skip
    return update


@transaction.atomic
def measure_add(*, actor: Membership, recommendation: Recommendation, **values: Any) -> Measure:
    require_capability(actor, Capability.MANAGE_RECOMMENDATIONS)
    require_same_institution(actor, recommendation)
    measure = Measure.objects.create(
        institution=actor.institution, recommendation=recommendation, **values
    )
    audit_by(actor, "recommendation.measure_added", recommendation, measure=measure.pk)
    return measure


_MEASURE_FIELDS = ("title", "indicator", "baseline", "target", "current", "due_on", "done")


@transaction.atomic
def measure_update(*, actor: Membership, measure: Measure, **values: Any) -> Measure:
    require_capability(actor, Capability.MANAGE_RECOMMENDATIONS)
    require_same_institution(actor, measure)
    changed = model_update(measure, values, _MEASURE_FIELDS)
    if changed:
        audit_by(actor, "recommendation.measure_updated", measure.recommendation,
                 measure=measure.pk, fields=changed)  # fmt: skip
    return measure
