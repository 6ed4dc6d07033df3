"""What a reading of the protection gaps covers: its columns (kind of place, authority or
area), its filters, the factor catalogue, and the figures read from stored explanations.

Shared by the heat map (`selectors/gaps.py`) and a cell's places (`selectors/gap_cells.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.models import Membership
from vigil.places.selectors.register import area_and_descendants
from vigil.risk.models import FactorGroup
from vigil.risk.selectors.common import (
    areas_by_name,
    decimal_or_zero,
    place_authorities,
    place_kinds,
)
from vigil.risk.selectors.configuration import factors_of

KIND, AUTHORITY, AREA = "kind", "authority", "area"
DIMENSIONS: dict[str, Promise] = {
    KIND: gettext_lazy("Kind of place"),
    AUTHORITY: gettext_lazy("Operating authority"),
    AREA: gettext_lazy("Administrative area"),
}
NO_AREA = "none"  # the column of places with no administrative area
DEFAULT_YEARS, MAX_YEARS = 3, 10
_CENT = Decimal("0.01")


def round_cents(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class GapsFilters:
    dimension: str = KIND
    kind: int | None = None
    authority: int | None = None
    area: int | None = None
    years: int = DEFAULT_YEARS

    def as_params(self) -> dict[str, Any]:
        """For query strings and job parameters: what differs from "everything"."""
        params: dict[str, Any] = {"dimension": self.dimension, "years": self.years}
        for name in ("kind", "authority", "area"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        return params

    def place_params(self) -> dict[str, Any]:
        return {k: v for k, v in self.as_params().items() if k in ("kind", "authority", "area")}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> GapsFilters:
        """Tolerant reading of stored parameters (a job's): anything odd becomes the default."""

        def number(name: str) -> int | None:
            value = params.get(name)
            return value if isinstance(value, int) and value > 0 else None

        dimension = params.get("dimension")
        years = params.get("years")
        return cls(
            dimension=dimension if dimension in DIMENSIONS else KIND,
            kind=number("kind"),
            authority=number("authority"),
            area=number("area"),
            years=years if isinstance(years, int) and 1 <= years <= MAX_YEARS else DEFAULT_YEARS,
        )


def place_q(actor: Membership, filters: GapsFilters, prefix: str = "place__") -> Q:
    """The places the filters choose, as a condition on a score's place (or, with no prefix,
    on a place)."""
    q = Q()
    if filters.kind:
        q &= Q(**{f"{prefix}kind_id": filters.kind})
    if filters.authority:
        q &= Q(**{f"{prefix}authority_id": filters.authority})
    if filters.area:
        q &= Q(**{f"{prefix}area_id__in": area_and_descendants(actor, filters.area)})
    return q


def _named(actor: Membership, dimension: str, ids: Iterable[int]) -> list[tuple[int, str]]:
    """(pk, label) of the actor's kinds, authorities or areas (an area with its parent), in the
    order people expect: the catalogue's for kinds, by name for the others."""
    if dimension == KIND:
        kinds = place_kinds(actor).filter(pk__in=list(ids))
        return list(kinds.values_list("pk", "name"))
    if dimension == AUTHORITY:
        authorities = place_authorities(actor).filter(pk__in=list(ids)).order_by("name", "pk")
        return list(authorities.values_list("pk", "name"))
    areas = areas_by_name(actor).filter(pk__in=list(ids)).order_by("name", "pk")
    names = areas.values_list("pk", "name", "parent__name")
    return [(pk, f"{name} ({parent})" if parent else name) for pk, name, parent in names]


def filter_summary(actor: Membership, filters: GapsFilters) -> list[str]:
    """The chosen filters in words ("Kind of place: Police station"), for pages and files."""
    summary = []
    wording = {
        KIND: _("Kind of place: %(name)s"),
        AUTHORITY: _("Operating authority: %(name)s"),
        AREA: _("Administrative area: %(name)s"),
    }
    for dimension, text in wording.items():
        chosen = getattr(filters, dimension)
        if chosen:
            if dimension == AREA:  # the area alone, without its parent
                found = areas_by_name(actor).filter(pk=chosen).values_list("name", flat=True)
                name = found.first()
            else:
                name = dict(_named(actor, dimension, [chosen])).get(chosen)
            summary.append(text % {"name": name or "—"})
    return summary


def column_key(value: int | None) -> str:
    return NO_AREA if value is None else str(value)


def column_labels(actor: Membership, dimension: str, keys: Iterable[str]) -> list[tuple[str, str]]:
    """(key, label) of the columns, in the order people expect (the catalogue's, or by name)."""
    keys = list(keys)
    labels = [(str(pk), label) for pk, label in _named(actor, dimension, _ids(keys))]
    if NO_AREA in keys:
        labels.append((NO_AREA, _("No area")))
    return labels


def _ids(keys: Iterable[str]) -> list[int]:
    return [int(k) for k in keys if k != NO_AREA]


def column_of(actor: Membership, dimension: str, value: str) -> tuple[Q, str]:
    """The filter and the label of one column of the heat map; a foreign value is an error."""
    if dimension == AREA and value == NO_AREA:
        return Q(place__area__isnull=True), _("No area")
    error = ValidationError({"value": _("This column does not exist; choose one in the table.")})
    if not value.isdigit():
        raise error
    pk = int(value)
    label = dict(_named(actor, dimension, [pk])).get(pk)
    if label is None:
        raise error
    return Q(**{f"place__{dimension}_id": pk}), label


VALUE_DIGITS = 4  # a factor's value is kept to the ten-thousandth, its points to the cent


def part_figures(parts: Any) -> dict[str, tuple[Decimal, Decimal]]:
    """{factor code: (value, points)} of a stored explanation; odd entries are skipped."""
    figures: dict[str, tuple[Decimal, Decimal]] = {}
    for part in parts if isinstance(parts, list) else ():
        if isinstance(part, dict) and part.get("factor"):
            figures[str(part["factor"])] = (
                decimal_or_zero(part.get("value")),
                decimal_or_zero(part.get("points")),
            )
    return figures


def score_figures(figures: Any) -> dict[str, tuple[int, int]]:
    """{factor code: (value in ten-thousandths, points in cents)} of a score's stored figures
    (`RiskScore.figures`, written by `figures_of`): what the protection gaps add up, without
    decoding the evidence. Anything malformed reads as no figures."""
    try:
        return {str(code): (int(value), int(points)) for code, (value, points) in figures.items()}
    except (AttributeError, TypeError, ValueError):
        return {}


def from_values(total: int) -> Decimal:
    """A sum of values kept in ten-thousandths, as a number."""
    return Decimal(total).scaleb(-VALUE_DIGITS)


def from_cents(total: int) -> Decimal:
    return Decimal(total).scaleb(-2)


@dataclass(frozen=True)
class CatalogueFactor:
    code: str
    name: str
    group: str
    description: str


def catalogue(actor: Membership) -> list[CatalogueFactor]:
    rows = factors_of(actor).values_list("code", "name", "group", "description")
    return [CatalogueFactor(*row) for row in rows]


def group_labels() -> dict[str, str]:
    return {key: str(label) for key, label in FactorGroup.choices}
