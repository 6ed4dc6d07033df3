"""Occupancy = population / official capacity, and the bands lists filter on."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import (
    BigIntegerField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual
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


def _rate_reaches(percent: Decimal) -> GreaterThanOrEqual:
    """`occupancy_rate(...) >= percent`, in whole numbers, so every database agrees with Python.

    The rate is rounded half up to 0.1, so it reaches `percent` once population * 100 /
    capacity reaches percent - 0.05, that is once population * 2000 >= (percent * 20 - 1) *
    capacity. Big integers, as 2000 * population overflows a PostgreSQL integer.
    """
    factor = int(percent * 20 - 1)
    return GreaterThanOrEqual(
        Cast("population", BigIntegerField()) * 2000,
        Cast("capacity", BigIntegerField()) * factor,
    )


def band_filter(band: str) -> Q:
    """The places whose `band_of(occupancy_rate(...))` is `band`."""
    known = Q(capacity__gt=0, population__isnull=False)
    reaches_near, reaches_over, reaches_critical = (
        _rate_reaches(Decimal("80")),
        _rate_reaches(OVERCROWDED_ABOVE + Decimal("0.1")),
        _rate_reaches(Decimal("150.1")),
    )
    return {
        Band.UNKNOWN: ~known,
        Band.UNDER: known & ~Q(reaches_near),
        Band.NEAR: known & Q(reaches_near) & ~Q(reaches_over),
        Band.OVER: known & Q(reaches_over) & ~Q(reaches_critical),
        Band.CRITICAL: known & Q(reaches_critical),
    }[Band(band)]
