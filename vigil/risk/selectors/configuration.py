"""The institution's scoring configuration: the current version as the scorer reads it, and
the configuration pages (the catalogue by group, the versions and what each changed)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vigil.core.access import audit_events_for
from vigil.core.models import Membership
from vigil.risk.models import ChecklistMapping, FactorGroup, RiskConfiguration, RiskFactor
from vigil.risk.scoring import FactorSpec, ScoringConfig
from vigil.risk.selectors.common import ZERO, decimal_or_zero
from vigil.visits.models import Theme

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# Thresholds every configuration has, with their defaults.
DEFAULT_THRESHOLDS: dict[str, Any] = {
    "window_months": 36,
    "recent_months": 12,
    "visit_due_months": 12,
    "visit_overdue_months": 36,
    "occupancy_full_ratio": "1.5",
    "share_full": "0.5",
    "half_score_evidence": "3",
    "saturation": {},  # factor code -> how much evidence makes the factor's value 1
}
DEFAULT_SATURATION = Decimal(3)

# The thresholds of a configuration, as people read them (form labels and change history).
THRESHOLD_LABELS: dict[str, _StrPromise] = {
    "window_months": _("Evidence window (months)"),
    "recent_months": _("Recent allegations (months)"),
    "visit_due_months": _("A visit is due after (months)"),
    "visit_overdue_months": _("A visit is long overdue after (months)"),
    "occupancy_full_ratio": _("Occupancy that counts in full (ratio to capacity)"),
    "share_full": _("Share of a group that counts in full"),
    "half_score_evidence": _("Weighted evidence that makes a score of 50"),
}


def factors_for(institution_id: int) -> QuerySet[RiskFactor]:
    """The shipped catalogue and the institution's own factors (scoring runs for no person)."""
    return RiskFactor.objects.for_institution(institution_id).order_by("order", "name")


def factors_of(actor: Membership) -> QuerySet[RiskFactor]:
    """The catalogue the actor's institution scores with, in its order."""
    return RiskFactor.objects.visible_to(actor).order_by("order", "name")


def current_configuration(institution_id: int) -> RiskConfiguration | None:
    return RiskConfiguration.objects.for_institution(institution_id).order_by("-version").first()


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
                name=factor.label,
                measure=factor.measure,
                weight=_decimal(configuration.weights.get(factor.code, "0"), "0"),
                saturation=_decimal(saturation.get(factor.code, DEFAULT_SATURATION), "3"),
                themes=tuple(params.get("themes", ())),
                registers=tuple(params.get("registers", ())),
                population_field=str(params.get("field", "")),
                standards=tuple(params.get("standards", ())),
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
        half_score_evidence=_decimal(thresholds["half_score_evidence"], "3"),
    )


# --- the configuration pages ---------------------------------------------------------------


def factor_list(*, actor: Membership) -> list[RiskFactor]:
    return list(factors_of(actor))


@dataclass
class FactorRow:
    factor: RiskFactor
    weight: Decimal
    saturation: Decimal
    mappings: int


def factors_by_group(*, actor: Membership) -> list[tuple[str, str | Promise, list[FactorRow]]]:
    """The catalogue by group, with each factor's weight in the current configuration."""
    configuration = current_configuration(actor.institution_id)
    weights = configuration.weights if configuration else {}
    saturation = (thresholds_of(configuration).get("saturation") or {}) if configuration else {}
    mapped = dict(
        ChecklistMapping.objects.for_actor(actor)
        .values("factor_id")
        .annotate(n=Count("pk"))
        .values_list("factor_id", "n")
    )
    rows: dict[str, list[FactorRow]] = defaultdict(list)
    for factor in factors_of(actor):
        default = factor.default_weight if configuration is None else ZERO
        rows[factor.group].append(
            FactorRow(
                factor=factor,
                weight=decimal_or_zero(weights.get(factor.code, default)),
                saturation=decimal_or_zero(saturation.get(factor.code, DEFAULT_SATURATION)),
                mappings=mapped.get(factor.pk, 0),
            )
        )
    return [(key, label, rows[key]) for key, label in FactorGroup.choices if rows.get(key)]


def configuration_versions(*, actor: Membership) -> QuerySet[RiskConfiguration]:
    return RiskConfiguration.objects.for_actor(actor).select_related("created_by")


@dataclass(frozen=True)
class Change:
    label: str | Promise
    old: Any
    new: Any


def _changes_of(details: Mapping[str, Any], names: Mapping[str, str]) -> list[Change]:
    changes = []
    for key, values in (details.get("changed") or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, None)
        if key == "saturation":
            old, new = old or {}, new or {}
            for code in sorted(set(old) | set(new)):
                if old.get(code) != new.get(code):
                    label = _("Evidence for the full value: %(factor)s") % {
                        "factor": names.get(code, code)
                    }
                    changes.append(Change(label, old.get(code), new.get(code)))
        elif _same_number(old, new):
            continue  # written differently ("2.00" and "2"), the same value
        elif key in THRESHOLD_LABELS:
            changes.append(Change(THRESHOLD_LABELS[key], old, new))
        else:
            label = _("Weight: %(factor)s") % {"factor": names.get(key, key)}
            changes.append(Change(label, old, new))
    return changes


def _same_number(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return False
    try:
        return Decimal(str(old)) == Decimal(str(new))
    except ArithmeticError:
        return False


def configuration_changes(
    *, actor: Membership, configurations: Iterable[RiskConfiguration]
) -> dict[int, list[Change]]:
    """What each version changed, as its audit event recorded it."""
    ids = {str(c.pk): c.pk for c in configurations}
    if not ids:
        return {}
    names = {f.code: f.name for f in factors_of(actor)}
    events = (
        audit_events_for(actor)
        .filter(
            action="risk.configuration_changed",
            target_type="risk.riskconfiguration",
            target_id__in=list(ids),
        )
        .values_list("target_id", "details")
    )
    return {ids[target]: _changes_of(details or {}, names) for target, details in events}


def themes_offered(actor: Membership) -> QuerySet[Theme]:
    """The themes whose findings a factor of one's own may count."""
    return Theme.objects.visible_to(actor).order_by("order", "name")
