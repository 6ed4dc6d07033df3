from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from vigil.places.occupancy import Band, band_of

register = template.Library()


@register.simple_tag
def occupancy_badge(rate: float | Decimal | None) -> str:
    """The occupancy rate, with overcrowding shown in words, not only in colour."""
    if rate is None:
        return format_html('<span class="muted">{}</span>', "—")
    value = Decimal(str(rate)).quantize(Decimal("1"))
    band = band_of(Decimal(str(rate)))
    label = {Band.OVER: _("overcrowded"), Band.CRITICAL: _("critical")}.get(band, "")
    return format_html(
        '<span class="occupancy occupancy--{}">{}%{}</span>',
        band.value,
        value,
        format_html(' <span class="occupancy__word">{}</span>', label) if label else "",
    )


@register.simple_tag
def snapshot_occupancy(snapshot: object, place: object) -> str:
    from vigil.places.occupancy import occupancy_rate

    return occupancy_badge(occupancy_rate(snapshot.total, place.capacity))  # type: ignore[attr-defined]
