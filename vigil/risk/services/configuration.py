"""Writes of the scoring configuration: its versions (never edited, only superseded) and the
institution's own risk factors."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vigil.core.access import require_capability
from vigil.core.audit import audit_by
from vigil.core.models import Institution, Membership
from vigil.core.roles import Capability
from vigil.core.services.records import institution_lock
from vigil.risk.models import FactorGroup, Measure, RiskConfiguration, RiskFactor
from vigil.risk.selectors.configuration import (
    DEFAULT_THRESHOLDS,
    current_configuration,
    default_weights,
    factors_for,
    factors_of,
    thresholds_of,
)

MAX_WEIGHT = Decimal(10)
# Threshold name -> (lowest, highest) accepted.
THRESHOLD_LIMITS: dict[str, tuple[Decimal, Decimal]] = {
    "window_months": (Decimal(1), Decimal(120)),
    "recent_months": (Decimal(1), Decimal(60)),
    "visit_due_months": (Decimal(0), Decimal(120)),
    "visit_overdue_months": (Decimal(1), Decimal(240)),
    "occupancy_full_ratio": (Decimal("1.01"), Decimal(5)),
    "share_full": (Decimal("0.01"), Decimal(1)),
    "half_score_evidence": (Decimal("0.5"), Decimal(100)),
}


class StaleConfiguration(Exception):
    """Another version was saved since the user's page was shown."""

    def __init__(self, current: RiskConfiguration) -> None:
        super().__init__(current.version)
        self.current = current


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
    based_on: int | None = None,
) -> RiskConfiguration:
    """A new version with these weights and thresholds; scores are recomputed in the background.

    `based_on` is the version the user's page showed: if another version was saved since,
    nothing is saved (StaleConfiguration), so a stale page cannot undo a colleague's change.
    """
    require_capability(actor, Capability.CONFIGURE_RISK)
    institution_lock(actor.institution_id)  # two saves cannot both take the next version
    previous = configuration_ensure(institution=actor.institution)
    if based_on is not None and based_on != previous.version:
        raise StaleConfiguration(previous)
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
    if factors_of(actor).filter(code=code).exists():
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
