"""Custody registers: upload, column mapping, the checks' results and the rows behind them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigil.core import tabular
from vigil.core.access import actor_can, membership_required
from vigil.core.audit import audit_by
from vigil.core.dates import day
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.jobs import job_start
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.suppression import suppress_one, threshold_for
from vigil.registers import selectors, services
from vigil.registers.checks import CHECKS_BY_CODE
from vigil.registers.columns import IDENTIFYING
from vigil.registers.forms import RegisterLimitsForm, RegisterUploadForm
from vigil.registers.jobs import JOB_KIND, columns_for
from vigil.registers.models import CustodyRegister, RegisterMonth
from vigil.registers.reading import RegisterFileError, read_upload


def _shown(value: Any) -> str:
    """A cell as the institution reads it: times in its time zone and the language's style."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return day(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return day(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _preview(
    table: tabular.Table, mapping: dict[str, str], columns: list[Any], shown: list[Any]
) -> list[list[tabular.PreviewCell]]:
    head = tabular.Table(table.headers, table.rows[:5], table.numbers[:5])
    parsed = tabular.parse_table(head, mapping, columns)
    problems = {(p.row, p.column): p.problem for p in parsed.problems}
    labels = {c.key: mapping.get(c.key) or str(c.label) for c in columns}
    return [
        [
            tabular.PreviewCell(
                _shown(values.get(c.key)), problems.get((number, labels[c.key]), "")
            )
            for c in shown
        ]
        for number, values in parsed.rows
    ]


@membership_required(Capability.VIEW_PLACES)
def register_list(request: StaffRequest) -> HttpResponse:
    actor = request.membership
    context = {
        "registers": list(selectors.register_list(actor=actor)[:200]),
        "can_upload": actor_can(actor, Capability.UPLOAD_REGISTERS),
        "can_configure": actor_can(actor, Capability.MANAGE_INSTITUTION),
    }
    return render(request, "registers/register_list.html", context)


@membership_required(Capability.UPLOAD_REGISTERS)
def register_upload(request: StaffRequest) -> HttpResponse:
    actor = request.membership
    initial = {}
    for key in ("place", "visit"):
        value = request.GET.get(key, "")
        if value.isdigit():
            initial[key] = int(value)
    form = RegisterUploadForm(
        request.POST or None, request.FILES or None, actor=actor, initial=initial
    )
    saved = form_saved(
        request,
        form,
        lambda data: services.register_upload(
            actor=actor,
            authority=data["authority"],
            place=data["place"],
            visit=data["visit"],
            filename=data["file"].name,
            content=form.content,
        ),
        done=None,
        to=lambda register: reverse("registers:register_map", args=[register.pk]),
    )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "columns": columns_for(CustodyRegister())}
    return saved or render(request, "registers/register_upload.html", context, status=status)


@membership_required(Capability.UPLOAD_REGISTERS)
def register_map(request: StaffRequest, register_id: int) -> HttpResponse:
    """Match the extract's columns to the register fields (the authority's saved matching
    first), then read, convert and check it in the background."""
    actor = request.membership
    register = selectors.register_get_with_content(actor=actor, pk=register_id)
    if register.status != CustodyRegister.Status.UPLOADED:
        return HttpResponseRedirect(reverse("registers:register_detail", args=[register.pk]))
    try:
        table = read_upload(services.original_bytes(register), register.filename)
    except RegisterFileError as error:
        context = {"register": register, "refusal": str(error)}
        return render(request, "registers/register_refused.html", context, status=400)
    columns = columns_for(register)
    saved = selectors.saved_mapping(actor=actor, authority_id=register.authority_id)
    guessed = tabular.guess_mapping(table.headers, columns)
    mapping = {
        c.key: saved[c.key] if saved.get(c.key) in table.headers else guessed.get(c.key, "")
        for c in columns
    }
    problems: list[str] = []
    if request.method == "POST":
        mapping = {c.key: request.POST.get(f"map_{c.key}", "") for c in columns}
        problems = tabular.mapping_problems(mapping, columns, table.headers)
        if not problems and request.POST.get("action") != "preview":
            job = job_start(
                actor=actor,
                kind=JOB_KIND,
                title=_("Custody register extract %(number)s") % {"number": register.pk},
                params={"register": register.pk, "mapping": mapping},
            )
            return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
    # The preview shows pseudonymised rows only: names and numbers never reach the page.
    shown_columns = [c for c in columns if c.key not in IDENTIFYING]
    with tabular.reading_conventions(actor.institution.reading_conventions):
        stored = _preview(table, mapping, columns, shown_columns)
    context = {
        "register": register,
        "headers": table.headers,
        "row_count": len(table.rows),
        "columns": [(c, mapping.get(c.key, "")) for c in columns],
        "shown_columns": shown_columns,
        "stored": stored,
        "problems": problems,
        "saved": bool(saved),
    }
    return render(request, "registers/register_map.html", context)


def _place_tables(
    actor: Membership, months: list[RegisterMonth], below: int | None
) -> list[dict[str, Any]]:
    by_place: dict[int, list[RegisterMonth]] = {}
    for month in months:
        by_place.setdefault(month.place_id, []).append(month)
    places = selectors.places_by_id(actor=actor, ids=by_place)
    tables = []
    for place_id, found in sorted(by_place.items(), key=lambda item: places[item[0]].name):
        rows = [r for r in selectors.check_table(found, below) if r.count]
        tables.append(
            {
                "place": places[place_id],
                "rows": rows,
                # Per check, the months it found something in, each linking to its rows.
                "checks": [
                    (
                        row,
                        [
                            (m, suppress_one(row.label, getattr(m, row.code), below))
                            for m in sorted(found, key=lambda m: m.month)
                            if getattr(m, row.code)
                        ],
                    )
                    for row in rows
                ],
            }
        )
    return tables


@membership_required(Capability.VIEW_PLACES)
def register_detail(request: StaffRequest, register_id: int) -> HttpResponse:
    actor = request.membership
    register = selectors.register_get(actor=actor, pk=register_id)
    months = list(selectors.register_months(actor=actor, register=register))
    below = threshold_for(actor)
    context = {
        "register": register,
        "total": [r for r in selectors.check_table(months, below) if r.count],
        "places": _place_tables(actor, months, below),
        "can_read_rows": selectors.may_read_rows(actor),
        "can_delete": actor_can(actor, Capability.UPLOAD_REGISTERS),
    }
    return render(request, "registers/register_detail.html", context)


@membership_required(Capability.READ_REGISTER_ROWS)
def register_rows(request: StaffRequest, register_id: int) -> HttpResponse:
    """The entries behind one count, under their pseudonyms; reading them is audited."""
    actor = request.membership
    register = selectors.register_get_with_content(actor=actor, pk=register_id)
    code = request.GET.get("check", "")
    place, month = request.GET.get("place", ""), request.GET.get("month", "")
    try:
        month_day = date.fromisoformat(month)
    except ValueError:
        month_day = None
    if month_day is None or not place.isdigit() or code not in CHECKS_BY_CODE:
        context = {"register": register, "refusal": _("Choose a check, a place and a month.")}
        return render(request, "registers/register_refused.html", context, status=400)
    found = selectors.month_get(
        actor=actor, register=register, code=code, place_id=int(place), month=month_day
    )
    rows = services.read_rows(register, code=code, place_id=found.place_id, month=found.month)
    audit_by(actor, "register.rows_read", register, check=code, place=found.place_id,
             month=month)  # fmt: skip
    context = {
        "register": register,
        "found": found,
        "count": getattr(found, code),
        "check": CHECKS_BY_CODE[code],
        "rows": rows,
    }
    return render(request, "registers/register_rows.html", context)


@require_POST
@membership_required(Capability.UPLOAD_REGISTERS)
def register_delete(request: StaffRequest, register_id: int) -> HttpResponse:
    register = selectors.register_get(actor=request.membership, pk=register_id)
    services.register_delete(actor=request.membership, register=register)
    return HttpResponseRedirect(reverse("registers:register_list"))


@membership_required(Capability.MANAGE_INSTITUTION)
def register_limits(request: StaffRequest) -> HttpResponse:
    actor = request.membership
    current = selectors.limits_row(actor=actor)
    form = RegisterLimitsForm(request.POST or None, instance=current)
    saved = form_saved(
        request,
        form,
        lambda data: services.register_limits_set(actor=actor, **data),
        done=_("The legal limits were saved; they apply to the next extracts checked."),
        to=reverse("registers:register_list"),
    )
    status = 400 if request.method == "POST" else 200
    return saved or render(request, "registers/register_limits.html", {"form": form}, status=status)


@membership_required(Capability.VIEW_RISK)
def safeguards(request: StaffRequest) -> HttpResponse:
    """The protection gaps the registers show: safeguards most often missing, overall, by
    authority or by kind of place."""
    actor = request.membership
    group_by = request.GET.get("by", "")
    if group_by not in ("", "authority", "kind"):
        group_by = ""
    rows = selectors.missing_safeguards(actor=actor, group_by=group_by)
    if group_by == "kind":
        kinds = selectors.kind_labels(ids={r["group"] for r in rows})
        for row in rows:
            row["group"] = kinds.get(row["group"], "")
    if not actor_can(actor, Capability.VIEW_RISK):
        raise PermissionDenied
    return render(request, "registers/safeguards.html", {"rows": rows[:100], "group_by": group_by})
