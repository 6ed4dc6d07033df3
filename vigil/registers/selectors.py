"""Every read of custody registers, scoped to the reader's institution (404 otherwise)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404

from vigil.core.access import actor_can, require_capability
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.suppression import Figure, suppress_one, threshold_for
from vigil.registers.checks import CHECKS, CHECKS_BY_CODE
from vigil.registers.models import CustodyRegister, RegisterLimits, RegisterMapping, RegisterMonth


def register_list(*, actor: Membership) -> QuerySet[CustodyRegister]:
    require_capability(actor, Capability.VIEW_PLACES)
    return (
        CustodyRegister.objects.for_institution(actor.institution_id)
        .select_related("authority", "place", "visit", "created_by")
        .defer("content", "original")
    )


def register_get(*, actor: Membership, pk: int) -> CustodyRegister:
    register = register_list(actor=actor).filter(pk=pk).first()
    if register is None:
        raise Http404
    return register


def register_get_with_content(*, actor: Membership, pk: int) -> CustodyRegister:
    register = (
        CustodyRegister.objects.for_institution(actor.institution_id)
        .select_related("authority", "place", "visit")
        .filter(pk=pk)
        .first()
    )
    if register is None:
        raise Http404
    return register


def saved_mapping(*, actor: Membership, authority_id: int) -> dict[str, str]:
    row = (
        RegisterMapping.objects.for_institution(actor.institution_id)
        .filter(authority_id=authority_id)
        .first()
    )
    return dict(row.mapping) if row else {}


@dataclass
class CheckRow:
    code: str
    label: str
    count: int = 0
    entries: int = 0
    hours: Any = None
    months: list[tuple[date, int, int]] = field(default_factory=list)  # month, count, entries
    # The reader's small-count threshold (vigil/core/suppression.py); None: exact counts.
    below: int | None = None

    @property
    def rate(self) -> float:
        return self.count / self.entries if self.entries else 0.0

    @property
    def figure(self) -> Figure:
        """The count as the reader may see it; when it is withheld, so is its rate (the
        entries it is a share of are shown)."""
        return suppress_one(self.label, self.count, self.below)

    @property
    def month_figures(self) -> list[tuple[date, Figure, int]]:
        return [(m, suppress_one(m, n, self.below), e) for m, n, e in self.months]


def check_table(months: Iterable[RegisterMonth], below: int | None = None) -> list[CheckRow]:
    """Each check's total, rate and months over the given rows (of one place or extract);
    `below`: the reader's threshold for small counts (`suppression.threshold_for`)."""
    months = list(months)
    entries_by_month: dict[date, int] = defaultdict(int)
    for place_month in months:
        entries_by_month[place_month.month] += place_month.entries
    total_entries = sum(entries_by_month.values())
    rows = []
    for check in CHECKS:
        row = CheckRow(check.code, str(check.label), entries=total_entries, below=below)
        found: dict[date, int] = defaultdict(int)
        for month in months:
            n = getattr(month, check.code)
            row.count += n
            found[month.month] += n
            if check.code == "minor" and month.minor_hours is not None:
                row.hours = (row.hours or 0) + month.minor_hours
        row.months = sorted((m, found[m], e) for m, e in entries_by_month.items())
        rows.append(row)
    return rows


def place_months(*, actor: Membership, place_id: int) -> QuerySet[RegisterMonth]:
    require_capability(actor, Capability.VIEW_PLACES)
    return RegisterMonth.objects.for_institution(actor.institution_id).filter(
        place_id=place_id, register__status=CustodyRegister.Status.CHECKED
    )


def register_months(*, actor: Membership, register: CustodyRegister) -> QuerySet[RegisterMonth]:
    require_capability(actor, Capability.VIEW_PLACES)
    return RegisterMonth.objects.for_institution(actor.institution_id).filter(register=register)


def month_get(*, actor: Membership, register: CustodyRegister, code: str, place_id: int,
              month: date) -> RegisterMonth:  # fmt: skip
    """The place-month whose rows of one check a reader asks for; 404 when the check found
    nothing there (or there is no such check)."""
    if code not in CHECKS_BY_CODE:
        raise Http404
    found = (
        register_months(actor=actor, register=register)
        .filter(place_id=place_id, month=month, **{f"{code}__gt": 0})
        .select_related("place")
        .first()
    )
    if found is None:
        raise Http404
    return found


def may_read_rows(actor: Membership) -> bool:
    return actor_can(actor, Capability.READ_REGISTER_ROWS)


def missing_safeguards(*, actor: Membership, group_by: str = "") -> list[dict[str, Any]]:
    """The safeguards most often missing across checked extracts: entries and rate per check,
    by authority or kind of place when asked, most often missing first."""
    require_capability(actor, Capability.VIEW_RISK)
    below = threshold_for(actor)
    months = RegisterMonth.objects.for_institution(actor.institution_id).filter(
        register__status=CustodyRegister.Status.CHECKED
    )
    key = {"authority": "place__authority__name", "kind": "place__kind_id"}.get(group_by)
    grouped = months.values(*([key] if key else [])).order_by()
    sums = {check.code: Sum(check.code) for check in CHECKS}
    result = []
    for row in grouped.annotate(all_entries=Sum("entries"), **sums):
        base = row["all_entries"] or 0
        for check in CHECKS:
            count = row[check.code] or 0
            if not count:
                continue
            result.append(
                {
                    "code": check.code,
                    "group": row.get(key) if key else "",
                    "count": count,
                    "figure": suppress_one(check.label, count, below),
                    "label": str(check.label),
                    "safeguard": str(check.safeguard),
                    "entries": base,
                    "rate": count / base if base else 0.0,
                }
            )
    return sorted(result, key=lambda r: (-r["rate"], -r["count"], r["code"]))


def places_by_id(*, actor: Membership, ids: Iterable[int]) -> dict[int, Any]:
    from vigil.places.models import Place

    return {
        p.pk: p for p in Place.objects.for_institution(actor.institution_id).filter(pk__in=set(ids))
    }


def limits_row(*, actor: Membership) -> RegisterLimits | None:
    return RegisterLimits.objects.for_institution(actor.institution_id).first()


def kind_labels(*, ids: Iterable[Any]) -> dict[Any, str]:
    from vigil.places.models import PlaceKind

    return {k.pk: k.label for k in PlaceKind.objects.filter(pk__in=set(ids))}
