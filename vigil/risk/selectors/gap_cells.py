"""Drilling into a cell of the protection gaps: the places of one column where a factor
contributes, with its points and the evidence behind them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from vigil.core.models import Membership
from vigil.places.models import Place
from vigil.recommendations.charts import percent, percent_text
from vigil.risk.models import RiskScore
from vigil.risk.selectors.common import decimal_or_zero
from vigil.risk.selectors.gap_scope import (
    DIMENSIONS,
    GapsFilters,
    catalogue,
    column_of,
    group_labels,
    place_q,
)


@dataclass(frozen=True)
class CellPlace:
    place_id: int
    name: str
    kind: str
    authority: str
    area: str
    score: Decimal
    computed_on: date
    value: Decimal
    points: Decimal
    weight: Decimal
    # As stored ({"target", "label", "on"}); the template tags of vigil.risk make them links.
    evidence: list[dict[str, Any]]


@dataclass
class CellDrill:
    factor: str
    factor_name: str
    factor_description: str
    group_label: str
    dimension: str
    dimension_label: str
    column_label: str
    places: int  # scored places in the column
    rows: list[CellPlace]
    filters: GapsFilters

    @property
    def contributing(self) -> int:
        return len(self.rows)

    @property
    def share_text(self) -> str:
        return percent_text(percent(self.contributing, self.places))


def gaps_cell(
    *, actor: Membership, filters: GapsFilters, factor: str, dimension: str = "", value: str = ""
) -> CellDrill:
    """The places of one heat-map cell where the factor contributes, with points and evidence.

    Without a dimension: every place of the filters (the "all places" column).
    """
    known = {f.code: f for f in catalogue(actor)}
    if factor not in known:
        raise ValidationError({"factor": _("This risk factor does not exist.")})
    if dimension and dimension not in DIMENSIONS:
        raise ValidationError({"dimension": _("Choose kind of place, authority or area.")})
    column_q, column_label = Q(), _("All places")
    if dimension:
        column_q, column_label = column_of(actor, dimension, value)
    scores = (
        RiskScore.objects.for_actor(actor)
        .filter(place_q(actor, filters), column_q, is_latest=True)
        .exclude(place__status=Place.Status.CLOSED)
        .order_by()
        .values_list(
            "place_id",
            "place__name",
            "place__kind__name",
            "place__authority__name",
            "place__area__name",
            "score",
            "computed_on",
            "parts",
        )
    )
    rows, places = [], 0
    for place_id, name, kind, authority, area, score, computed_on, parts in scores.iterator(
        chunk_size=2000
    ):
        places += 1
        for part in parts if isinstance(parts, list) else ():
            if not isinstance(part, dict) or part.get("factor") != factor:
                continue
            part_value = decimal_or_zero(part.get("value"))
            if part_value > 0:
                rows.append(
                    CellPlace(
                        place_id=place_id,
                        name=name,
                        kind=kind,
                        authority=authority,
                        area=area or "",
                        score=decimal_or_zero(score),
                        computed_on=computed_on,
                        value=part_value,
                        points=decimal_or_zero(part.get("points")),
                        weight=decimal_or_zero(part.get("weight")),
                        evidence=[
                            item for item in part.get("evidence") or [] if isinstance(item, dict)
                        ],
                    )
                )
            break
    rows.sort(key=lambda r: (-r.points, -r.value, r.name.casefold(), r.place_id))
    chosen = known[factor]
    return CellDrill(
        factor=factor,
        factor_name=chosen.name,
        factor_description=chosen.description,
        group_label=group_labels().get(chosen.group, chosen.group),
        dimension=dimension,
        dimension_label=str(DIMENSIONS[dimension]) if dimension else "",
        column_label=column_label,
        places=places,
        rows=rows,
        filters=filters,
    )
