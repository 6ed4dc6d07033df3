"""The place and visit pages' register panels, and the register evidence risk reads."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Any

from vigil.core.access import actor_can
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.suppression import Figure, suppress_one, threshold_for
from vigil.registers import charts, selectors
from vigil.registers.models import CustodyRegister, RegisterMonth

Panel = tuple[str, dict[str, Any]]

# Which risk factor each check is evidence for (the shipped catalogue's codes).
RISK_FACTORS = {
    "late_registration": "register_irregularities",
    "numbering": "register_irregularities",
    "blank": "register_irregularities",
    "no_judge": "judge_appearance",
    "lawyer_late": "lawyer_access",
    "family_late": "custody_notification",
    "no_doctor": "doctor_access",
}


def place_panel(place: Any, actor: Membership) -> Panel | None:
    if not actor_can(actor, Capability.VIEW_PLACES):
        return None
    months = list(selectors.place_months(actor=actor, place_id=place.pk))
    if not months and not actor_can(actor, Capability.UPLOAD_REGISTERS):
        return None
    below = threshold_for(actor)
    rows = [r for r in selectors.check_table(months, below) if r.count]
    # Each check's latest month with findings, to follow it to the extract (and its rows).
    latest: list[tuple[str, str, RegisterMonth, Figure]] = []
    for row in rows:
        found = [m for m in months if getattr(m, row.code)]
        last = max(found, key=lambda m: (m.month, m.register_id))
        latest.append(
            (row.code, row.label, last, suppress_one(row.label, getattr(last, row.code), below))
        )
    return (
        "registers/_place_panel.html",
        {
            "place": place,
            "rows": rows,
            "charts": [charts.rate_chart(row) for row in rows],
            "checked": bool(months),
            "latest": latest,
            "can_upload": actor_can(actor, Capability.UPLOAD_REGISTERS),
        },
    )


def visit_panel(visit: Any, actor: Membership) -> Panel | None:
    if not actor_can(actor, Capability.VIEW_PLACES):
        return None
    registers = list(selectors.register_list(actor=actor).filter(visit=visit))
    can_upload = actor_can(actor, Capability.UPLOAD_REGISTERS)
    if not registers and not can_upload:
        return None
    below = threshold_for(actor)
    tables = []
    for register in registers:
        months = selectors.register_months(actor=actor, register=register)
        tables.append((register, [r for r in selectors.check_table(months, below) if r.count]))
    return (
        "registers/_visit_panel.html",
        {"visit": visit, "tables": tables, "can_upload": can_upload},
    )


def _month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def risk_evidence(
    *, institution_id: int, since: date, place_ids: set[int] | None
) -> Iterable[tuple[int, str, int, date, str]]:
    """(place, factor code, violations, date, evidence target) per place, month and check of
    every checked extract: dated at the month's end, never later than the extract's end."""
    months = RegisterMonth.objects.for_institution(institution_id).filter(
        register__status=CustodyRegister.Status.CHECKED, month__gte=since.replace(day=1)
    )
    if place_ids is not None:
        months = months.filter(place_id__in=place_ids)
    codes = list(RISK_FACTORS)
    fields = ("register_id", "place_id", "month", "register__period_to", *codes)
    for register_id, place_id, month, period_to, *found in months.values_list(*fields).iterator(
        chunk_size=5000
    ):
        on = min(_month_end(month), period_to or _month_end(month))
        for code, count in zip(codes, found, strict=True):
            if count:
                target = f"custody_register:{register_id}#place-{place_id}-{code}"
                yield place_id, RISK_FACTORS[code], count, on, target
