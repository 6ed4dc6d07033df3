"""Writes of risk: configuration versions, checklist mappings, factors, scores, visit plan lines."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability, require_same_institution
from vigil.core.audit import audit_by, audit_record
from vigil.core.models import Institution, Membership, User
from vigil.core.roles import Capability
from vigil.places.models import Place
from vigil.risk.configuration import (
    DEFAULT_THRESHOLDS,
    current_configuration,
    default_weights,
    factors_for,
    scoring_config,
    thresholds_of,
)
from vigil.risk.inputs import gather_inputs
from vigil.risk.models import (
    ChecklistMapping,
    FactorGroup,
    Measure,
    RiskConfiguration,
    RiskFactor,
    RiskScore,
    RiskState,
)
from vigil.risk.scoring import Explanation, Part, score_place
from vigil.visits.models import ChecklistTemplate, PlannedVisit, VisitPlan, VisitType

MAX_WEIGHT = Decimal(10)
# Threshold name -> (lowest, highest) accepted.
THRESHOLD_LIMITS: dict[str, tuple[Decimal, Decimal]] = {
    "window_months": (Decimal(1), Decimal(120)),
    "recent_months": (Decimal(1), Decimal(60)),
    "visit_due_months": (Decimal(0), Decimal(120)),
    "visit_overdue_months": (Decimal(1), Decimal(240)),
    "occupancy_full_ratio": (Decimal("1.01"), Decimal(5)),
    "share_full": (Decimal("0.01"), Decimal(1)),
}


@transaction.atomic
def configuration_ensure(*, institution: Institution) -> RiskConfiguration:
    """The current version; the first one (the catalogue's default weights) is made on demand."""
    current = current_configuration(institution.pk)
    if current is not None:
        return current
    configuration = RiskConfiguration.objects.create(
        institution=institution,
        version=1,
        weights=default_weights(institution.pk),
        thresholds=dict(DEFAULT_THRESHOLDS),
        note=_("Default weights of the shipped catalogue."),
    )
    # Not audited: nobody chose it, and every later change (by someone) is.
    return configuration


def _clean_weights(institution_id: int, weights: dict[str, Any]) -> dict[str, str]:
    known = {f.code for f in factors_for(institution_id)}
    cleaned: dict[str, str] = {}
    for code, raw in weights.items():
        if code not in known:
            raise ValidationError({f"weight_{code}": _("This factor does not exist.")})
        try:
            weight = Decimal(str(raw).strip() or "0")
        except InvalidOperation as exc:
            raise ValidationError({f"weight_{code}": _("Give a number.")}) from exc
        if not Decimal(0) <= weight <= MAX_WEIGHT:
            raise ValidationError({f"weight_{code}": _("Give a weight between 0 and 10.")})
        # format(…, "f"): 10 is stored as "10", never "1E+1".
        cleaned[code] = format(weight.normalize(), "f") if weight else "0"
    return cleaned


def _clean_thresholds(values: dict[str, Any], saturation: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, raw in values.items():
        if name not in THRESHOLD_LIMITS:
            raise ValidationError({name: _("Unknown threshold.")})
        low, high = THRESHOLD_LIMITS[name]
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation as exc:
            raise ValidationError({name: _("Give a number.")}) from exc
        if not low <= number <= high:
            raise ValidationError(
                {
                    name: _("Give a number between %(low)s and %(high)s.")
                    % {"low": low, "high": high}
                }
            )
        is_int = isinstance(DEFAULT_THRESHOLDS[name], int)
        cleaned[name] = int(number) if is_int else str(number)
    if int(cleaned.get("visit_overdue_months", 36)) <= int(cleaned.get("visit_due_months", 12)):
        raise ValidationError(
            {"visit_overdue_months": _("A visit is long overdue only after it is due.")}
        )
    clean_saturation: dict[str, str] = {}
    for code, raw in saturation.items():
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation as exc:
            raise ValidationError({f"saturation_{code}": _("Give a number.")}) from exc
        if not Decimal("0.25") <= number <= Decimal(1000):
            raise ValidationError({f"saturation_{code}": _("Give a number from 0.25 to 1000.")})
        clean_saturation[code] = str(number)
    cleaned["saturation"] = clean_saturation
    return cleaned


@transaction.atomic
def configuration_update(
    *,
    actor: Membership,
    weights: dict[str, Any],
    thresholds: dict[str, Any],
    saturation: dict[str, Any] | None = None,
    note: str = "",
) -> RiskConfiguration:
    """A new version with these weights and thresholds; scores are recomputed in the background."""
    require_capability(actor, Capability.CONFIGURE_RISK)
    previous = configuration_ensure(institution=actor.institution)
    new_weights = {**previous.weights, **_clean_weights(actor.institution_id, weights)}
    old_thresholds = thresholds_of(previous)
    merged = {k: v for k, v in old_thresholds.items() if k != "saturation"}
    merged.update(thresholds)
    new_saturation = {**(old_thresholds.get("saturation") or {}), **(saturation or {})}
    new_thresholds = _clean_thresholds(merged, new_saturation)
    if new_weights == previous.weights and new_thresholds == old_thresholds:
        raise ValidationError(_("Nothing changed: the configuration stays at its version."))
    configuration = RiskConfiguration.objects.create(
        institution=actor.institution,
        version=previous.version + 1,
        weights=new_weights,
        thresholds=new_thresholds,
        note=note.strip()[:300],
        created_by=actor.user,
    )
    changed = {
        code: [previous.weights.get(code), value]
        for code, value in new_weights.items()
        if previous.weights.get(code) != value
    }
    changed.update(
        {
            name: [old_thresholds.get(name), value]
            for name, value in new_thresholds.items()
            if old_thresholds.get(name) != value
        }
    )
    audit_by(
        actor,
        "risk.configuration_changed",
        configuration,
        version=configuration.version,
        changed=changed,
    )
    return configuration


@transaction.atomic
def factor_create(
    *,
    actor: Membership,
    code: str,
    name: str,
    group: str,
    measure: str,
    params: dict[str, Any] | None = None,
    description: str = "",
    default_weight: Decimal = Decimal(1),
) -> RiskFactor:
    """A factor of the institution's own, added to the catalogue it scores with."""
    require_capability(actor, Capability.CONFIGURE_RISK)
    if group not in FactorGroup.values:
        raise ValidationError({"group": _("Choose a group.")})
    if measure not in Measure.values:
        raise ValidationError({"measure": _("Choose how the factor is measured.")})
    if factors_for(actor.institution_id).filter(code=code).exists():
        raise ValidationError({"code": _("A factor with this code exists already.")})
    factor = RiskFactor(
        institution=actor.institution,
        code=code,
        name=name,
        group=group,
        measure=measure,
        params=params or {},
        description=description,
        default_weight=default_weight,
        order=1000,
    )
    factor.full_clean(exclude=["institution"])
    factor.save()
    audit_by(actor, "risk.factor_created", factor, code=code)
    return factor


def _questions_of(template: ChecklistTemplate) -> set[str]:
    version = template.versions.order_by("-imported_at", "-pk").first()
    if version is None:
        return set()
    found: set[str] = set()

    def walk(elements: list[dict[str, Any]]) -> None:
        for element in elements:
            if element.get("children"):
                walk(element["children"])
            elif element.get("path") and element.get("type") != "note":
                found.add(str(element["path"]))

    walk(version.definition.get("elements", []))
    return found


@transaction.atomic
def mapping_add(
    *,
    actor: Membership,
    factor: RiskFactor,
    template: ChecklistTemplate,
    question: str,
    risk_answers: list[str],
) -> ChecklistMapping:
    """Make a checklist answer count as evidence of a factor."""
    require_capability(actor, Capability.CONFIGURE_RISK)
    require_same_institution(actor, factor, template)
    question = question.strip()
    questions = _questions_of(template)
    if questions and question not in questions:
        raise ValidationError({"question": _("This checklist has no such question.")})
    answers = [a.strip() for a in risk_answers if a.strip()]
    if not answers:
        raise ValidationError(
            {"risk_answers": _("Give at least one answer that signals the risk.")}
        )
    if ChecklistMapping.objects.filter(
        institution=actor.institution, factor=factor, template=template, question=question
    ).exists():
        raise ValidationError({"question": _("This question is already mapped to the factor.")})
    mapping = ChecklistMapping.objects.create(
        institution=actor.institution,
        factor=factor,
        template=template,
        question=question,
        risk_answers=answers,
        created_by=actor.user,
    )
    audit_by(actor, "risk.mapping_added", mapping, factor=factor.code)
    return mapping


@transaction.atomic
def mapping_remove(*, actor: Membership, mapping: ChecklistMapping) -> None:
    require_capability(actor, Capability.CONFIGURE_RISK)
    require_same_institution(actor, mapping)
    factor_code = mapping.factor.code
    audit_by(actor, "risk.mapping_removed", mapping, factor=factor_code)
    mapping.delete()


# --- scores --------------------------------------------------------------------------------


def _digest(explanation: Explanation, version: int) -> str:
    text = repr((version, explanation))
    return hashlib.sha256(text.encode()).hexdigest()


def part_to_json(part: Part) -> dict[str, Any]:
    return {
        "factor": part.factor,
        "name": part.name,
        "weight": str(part.weight),
        "value": str(part.value),
        "points": str(part.points),
        "evidence": [
            {
                "target": link.target,
                "label": link.label,
                "on": link.on.isoformat() if link.on else "",
            }
            for link in part.evidence
        ],
    }


def scores_compute(
    *,
    institution: Institution,
    on: date | None = None,
    place_ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Score every open place on a date; write a history row where the score or config changed."""
    on = on or timezone.localdate()
    configuration = configuration_ensure(institution=institution)
    config = scoring_config(configuration)
    inputs = gather_inputs(
        institution_id=institution.pk,
        on=on,
        window_months=config.window_months,
        place_ids=place_ids,
    )
    latest = {
        place_id: (digest, computed_on)
        for place_id, digest, computed_on in RiskScore.objects.filter(
            institution=institution, is_latest=True
        ).values_list("place_id", "inputs_digest", "computed_on")
    }
    total, written = len(inputs), 0
    batch: list[RiskScore] = []
    for done, (place_id, place_inputs) in enumerate(sorted(inputs.items()), start=1):
        explanation = score_place(place_inputs, config, on)
        digest = _digest(explanation, configuration.version)
        previous = latest.get(place_id)
        if previous is None or previous[0] != digest or previous[1] > on:
            batch.append(
                RiskScore(
                    institution=institution,
                    place_id=place_id,
                    computed_on=on,
                    configuration=configuration,
                    score=explanation.score,
                    parts=[part_to_json(p) for p in explanation.parts],
                    inputs_digest=digest,
                )
            )
        if len(batch) >= 1000:
            written += _write_scores(institution, batch, on)
            batch = []
        if progress and (done % 500 == 0 or done == total):
            progress(done, total)
    written += _write_scores(institution, batch, on)
    if place_ids is None and on == timezone.localdate():
        # Every place is now scored as of today: pages need not ask for another run today.
        RiskState.objects.update_or_create(
            institution=institution, defaults={"computed_at": timezone.now()}
        )
    return {"places": total, "written": written, "version": configuration.version}


@transaction.atomic
def _write_scores(institution: Institution, rows: list[RiskScore], on: date) -> int:
    if not rows:
        return 0
    place_ids = [row.place_id for row in rows]
    # A same-day recomputation replaces that day's row; history keeps one row per day.
    RiskScore.objects.filter(place_id__in=place_ids, computed_on=on).delete()
    RiskScore.objects.filter(place_id__in=place_ids, is_latest=True, computed_on__lt=on).update(
        is_latest=False
    )
    later = set(
        RiskScore.objects.filter(place_id__in=place_ids, computed_on__gt=on).values_list(
            "place_id", flat=True
        )
    )
    for row in rows:
        # Back-filling history (the demo, a trend) must not displace a later score.
        row.is_latest = row.place_id not in later
    RiskScore.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def scores_refresh(
    *,
    institution: Institution,
    actor: User | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Recompute today's scores of an institution.

    A recomputation someone asked for is audited; the automatic one that follows every
    change is not (it derives data, and the change that caused it is already in the trail).
    """
    started = timezone.now()
    RiskState.objects.update_or_create(institution=institution, defaults={"dirty_since": None})
    try:
        result = scores_compute(institution=institution, progress=progress)
    except Exception:
        # Leave the scores marked stale, so that pages say so and the next change retries.
        RiskState.objects.filter(institution=institution, dirty_since__isnull=True).update(
            dirty_since=started
        )
        raise
    if actor is not None:
        with transaction.atomic():
            audit_record(
                action="risk.recomputed",
                actor=actor,
                institution=institution,
                target=institution,
                details=result,
            )
    return result


# --- the visit plan --------------------------------------------------------------------


def plan_covering(institution_id: int, on: date) -> VisitPlan | None:
    return (
        VisitPlan.objects.filter(institution_id=institution_id, starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on", "-pk")
        .first()
    )


def place_add_to_plan(
    *, actor: Membership, place: Place, reason: str, month: date | None = None
) -> PlannedVisit:
    """One click from the priority list: plan a visit to the place in the current visit plan."""
    from vigil.visits.services.plan import planned_visit_add

    require_capability(actor, Capability.PLAN_VISITS)
    require_same_institution(actor, place)
    today = timezone.localdate()
    plan = plan_covering(actor.institution_id, today)
    if plan is None:
        raise ValidationError(
            _("No visit plan covers today. Create one, then add the place to it.")
        )
    if PlannedVisit.objects.filter(plan=plan, place=place, visit__isnull=True).exists():
        raise ValidationError(_("This place is already in the visit plan."))
    month = month or min(today.replace(day=1), plan.ends_on.replace(day=1))
    return planned_visit_add(
        actor=actor,
        plan=plan,
        place=place,
        month=month,
        visit_type=VisitType.FULL,
        reason=reason[:300],
    )
