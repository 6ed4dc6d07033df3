"""This app's own entries on the place timeline."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from vigil.core.models import Membership
from vigil.places.models import Place, PopulationSnapshot
from vigil.places.occupancy import occupancy_rate
from vigil.places.timeline import TimelineEntry


def population_entries(place: Place, actor: Membership) -> Iterable[TimelineEntry]:
    snapshots = PopulationSnapshot.objects.filter(
        place=place, institution_id=actor.institution_id
    ).order_by("-counted_on")[:24]
    for snapshot in snapshots:
        rate = occupancy_rate(snapshot.total, place.capacity)
        summary = (
            _("%(total)s people, %(rate)s%% of capacity") % {"total": snapshot.total, "rate": rate}
            if rate is not None
            else _("%(total)s people") % {"total": snapshot.total}
        )
        yield TimelineEntry(
            on=snapshot.counted_on,
            kind="population",
            title=_("Population count (%(source)s)") % {"source": snapshot.get_source_display()},
            summary=summary,
        )
