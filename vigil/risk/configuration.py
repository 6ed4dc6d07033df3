"""The institution's scoring configuration: the current version, as the scorer reads it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from vigil.risk.models import RiskConfiguration, RiskFactor
from vigil.risk.scoring import FactorSpec, ScoringConfig

# Thresholds every configuration has, with their defaults.
DEFAULT_THRESHOLDS: dict[str, Any] = {
    "window_months": 36,
    "recent_months": 12,
    "visit_due_months": 12,
    "visit_overdue_months": 36,
    "occupancy_full_ratio": "1.5",
    "share_full": "0.5",
    "saturation": {},  # factor code -> how much evidence makes the factor's value 1
}
DEFAULT_SATURATION = Decimal(3)


def factors_for(institution_id: int) -> models.QuerySet[RiskFactor]:
    """The shipped catalogue and the institution's own factors."""
    return RiskFactor.objects.filter(
        models.Q(institution__isnull=True) | models.Q(institution_id=institution_id)
    ).order_by("order", "name")


def current_configuration(institution_id: int) -> RiskConfiguration | None:
    return (
        RiskConfiguration.objects.filter(institution_id=institution_id).order_by("-version").first()
    )


def default_weights(institution_id: int) -> dict[str, str]:
    # "2", not "2.00": as `configuration_update` writes weights, so versions compare alike.
    return {f.code: format(f.default_weight.normalize(), "f") for f in factors_for(institution_id)}


def _decimal(value: Any, default: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(default)


def thresholds_of(configuration: RiskConfiguration) -> dict[str, Any]:
    return {**DEFAULT_THRESHOLDS, **(configuration.thresholds or {})}


def scoring_config(configuration: RiskConfiguration) -> ScoringConfig:
    """What `score_place` needs, from a stored version and the factor catalogue."""
    thresholds = thresholds_of(configuration)
    saturation = thresholds.get("saturation") or {}
    specs = []
    for factor in factors_for(configuration.institution_id):
        params = factor.params or {}
        specs.append(
            FactorSpec(
                code=factor.code,
                name=factor.name,
                measure=factor.measure,
                weight=_decimal(configuration.weights.get(factor.code, "0"), "0"),
                saturation=_decimal(saturation.get(factor.code, DEFAULT_SATURATION), "3"),
                themes=tuple(params.get("themes", ())),
                registers=tuple(params.get("registers", ())),
                population_field=str(params.get("field", "")),
            )
        )
    return ScoringConfig(
        version=configuration.version,
        factors=tuple(specs),
        window_months=int(thresholds["window_months"]),
        recent_months=int(thresholds["recent_months"]),
        visit_due_months=int(thresholds["visit_due_months"]),
        visit_overdue_months=int(thresholds["visit_overdue_months"]),
        occupancy_full_ratio=_decimal(thresholds["occupancy_full_ratio"], "1.5"),
        share_full=_decimal(thresholds["share_full"], "0.5"),
    )
