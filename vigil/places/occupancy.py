"""Occupancy = population / official capacity, and the bands lists filter on."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Case, ExpressionWrapper, F, FloatField, Q, Value, When
from django.utils.translation import gettext_lazy as _

OVERCROWDED_ABOVE = 100  # percent of official capacity


class Band(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown (no capacity or count)")
    UNDER = "under", _("Below 80%")
    NEAR = "near", _("80–100%")
    OVER = "over", _("Overcrowded: 101–150%")
    CRITICAL = "critical", _("Critically overcrowded: over 150%")


def occupancy_rate(population: int | None, capacity: int | None) -> Decimal | None:
    """Percent of capacity, to one decimal; None when it cannot be known (no or zero capacity)."""
    if population is None or not capacity:
        return None
    return (Decimal(population) * 100 / Decimal(capacity)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def band_of(rate: Decimal | None) -> Band:
    if rate is None:
        return Band.UNKNOWN
    if rate > 150:
        return Band.CRITICAL
    if rate > OVERCROWDED_ABOVE:
        return Band.OVER
    if rate >= 80:
        return Band.NEAR
    return Band.UNDER


def rate_expression() -> Case:
    """The same rate, computed by the database (NULL when unknown)."""
    return Case(
        When(
            Q(capacity__gt=0) & Q(population__isnull=False),
            then=ExpressionWrapper(
                F("population") * 100.0 / F("capacity"), output_field=FloatField()
            ),
        ),
        default=Value(None, output_field=FloatField()),
        output_field=FloatField(),
    )


def band_filter(band: str) -> Q:
    """A filter on the `occupancy` annotation made by `rate_expression`."""
    return {
        Band.UNKNOWN: Q(occupancy__isnull=True),
        Band.UNDER: Q(occupancy__lt=80),
        Band.NEAR: Q(occupancy__gte=80, occupancy__lte=100),
        Band.OVER: Q(occupancy__gt=100, occupancy__lte=150),
        Band.CRITICAL: Q(occupancy__gt=150),
    }[Band(band)]
