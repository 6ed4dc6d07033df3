"""Every read of custody registers, scoped to the reader's institution (404 otherwise)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404

from vigil.core.access import actor_can, require_capability
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.registers.checks import CHECKS, CHECKS_BY_CODE
from vigil.registers.models import CustodyRegister, RegisterCount, RegisterMapping


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

    @property
    def rate(self) -> float:
        return self.count / self.entries if self.entries else 0.0


def check_table(counts: QuerySet[RegisterCount]) -> list[CheckRow]:
    """Each check's total, rate and months over the given counts (of one place or extract)."""
    entries_by_month: dict[tuple[int, int, date], int] = {}
    by_code: dict[str, list[RegisterCount]] = defaultdict(list)
    for count in counts:
        if count.check_code == "entries":
            entries_by_month[(count.register_id, count.place_id, count.month)] = count.count
        else:
            by_code[count.check_code].append(count)
    total_entries = sum(entries_by_month.values())
    rows = []
    for check in CHECKS:
        found = by_code.get(check.code, [])
        row = CheckRow(check.code, str(check.label), entries=total_entries)
        months: dict[date, list[int]] = defaultdict(lambda: [0, 0])
        for (_register, _place, month), n in entries_by_month.items():
            months[month][1] += n
        for count in found:
            row.count += count.count
            months[count.month][0] += count.count
            if count.hours is not None:
                row.hours = (row.hours or 0) + count.hours
        row.months = sorted((m, c, e) for m, (c, e) in months.items())
        rows.append(row)
    return rows


def place_counts(*, actor: Membership, place_id: int) -> QuerySet[RegisterCount]:
    require_capability(actor, Capability.VIEW_PLACES)
    return RegisterCount.objects.for_institution(actor.institution_id).filter(
        place_id=place_id, register__status=CustodyRegister.Status.CHECKED
    )


def register_counts(*, actor: Membership, register: CustodyRegister) -> QuerySet[RegisterCount]:
    require_capability(actor, Capability.VIEW_PLACES)
    return RegisterCount.objects.for_institution(actor.institution_id).filter(register=register)


def count_get(*, actor: Membership, register: CustodyRegister, code: str, place_id: int,
              month: date) -> RegisterCount:  # fmt: skip
    """One count whose rows a reader asks for; 404 when there is none (or no such check)."""
    if code not in CHECKS_BY_CODE:
        raise Http404
    count = (
        register_counts(actor=actor, register=register)
        .filter(check_code=code, place_id=place_id, month=month)
        .select_related("place")
        .first()
    )
    if count is None:
        raise Http404
    return count


def may_read_rows(actor: Membership) -> bool:
    return actor_can(actor, Capability.READ_REGISTER_ROWS)


def missing_safeguards(*, actor: Membership, group_by: str = "") -> list[dict[str, Any]]:
    """The safeguards most often missing across checked extracts: entries and rate per check,
    by authority or kind of place when asked, most often missing first."""
    require_capability(actor, Capability.VIEW_RISK)
    counts = RegisterCount.objects.for_institution(actor.institution_id).filter(
        register__status=CustodyRegister.Status.CHECKED
    )
    key = {"authority": "place__authority__name", "kind": "place__kind_id"}.get(group_by)
    fields = ["check_code", *([key] if key else [])]
    totals = counts.values(*fields).annotate(n=Sum("count")).order_by()
    entries: dict[Any, int] = defaultdict(int)
    found: list[dict[str, Any]] = []
    for row in totals:
        group = row.get(key) if key else ""
        if row["check_code"] == "entries":
            entries[group] += row["n"]
        else:
            found.append({"code": row["check_code"], "group": group, "count": row["n"]})
    result = []
    for item in found:
        check = CHECKS_BY_CODE.get(item["code"])
        if check is None:
            continue
        base = entries.get(item["group"], 0)
        result.append(
            {
                **item,
                "label": str(check.label),
                "safeguard": str(check.safeguard),
                "entries": base,
                "rate": item["count"] / base if base else 0.0,
            }
        )
    return sorted(result, key=lambda r: (-r["rate"], -r["count"], r["code"]))
