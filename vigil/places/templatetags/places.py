"""Occupancy in words and colours, for the register's pages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from vigil.places.models import Band, Place, PopulationSnapshot, band_of, occupancy_rate

register = template.Library()


@register.simple_tag
def occupancy_badge(rate: float | Decimal | None) -> str:
    """The occupancy rate, with overcrowding shown in words, not only in colour."""
    if rate is None:
        return format_html('<span class="muted">{}</span>', "—")
    # Lists pass the database's unrounded rate: round it as `occupancy_rate` does, and show
    # the tenth when there is one, so that 100.04% reads full and 100.1% overcrowded.
    value = Decimal(str(rate)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    band = band_of(value)
    if value == value.to_integral_value():
        value = value.quantize(Decimal("1"))
    label = {Band.OVER: _("overcrowded"), Band.CRITICAL: _("critical")}.get(band, "")
    return format_html(
        '<span class="occupancy occupancy--{}">{}%{}</span>',
        band.value,
        value,
        format_html(' <span class="occupancy__word">{}</span>', label) if label else "",
    )


@register.simple_tag
def snapshot_occupancy(snapshot: PopulationSnapshot, place: Place) -> str:
    """The occupancy badge of one count, against the place's capacity."""
    return occupancy_badge(occupancy_rate(snapshot.total, place.capacity))


@register.simple_tag
def occupancy_bands() -> list[tuple[str, str]]:
    """The occupancy bands with their names, most urgent first (for legends)."""
    order = [Band.CRITICAL, Band.OVER, Band.NEAR, Band.UNDER, Band.UNKNOWN]
    return [(band.value, str(band.label)) for band in order]
