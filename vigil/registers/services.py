"""Every write of custody registers: the upload, its conversion and checks (a background
job), the saved mappings, the legal limits and the removal of an extract."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core import crypto, filestore, limits
from vigil.core.access import require_capability
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.tabular import RowProblem
from vigil.places.models import Authority, Place
from vigil.registers import checks, workcopy
from vigil.registers.models import CustodyRegister, RegisterLimits, RegisterMapping, RegisterMonth
from vigil.registers.reading import read_upload
from vigil.visits.models import Visit


def pseudonym_of(*, institution_id: int, person: str | None, id_number: str | None,
                 birth_date: date | None) -> str | None:  # fmt: skip
    """A keyed pseudonym (HMAC-SHA256 with the blind-index key), the same for the same
    person in every extract of the institution, and different in another institution.

    The identity number decides when there is one; otherwise the name and date of birth."""
    if id_number:
        basis = f"id:{id_number}"
    elif person:
        basis = f"name:{person}|{birth_date.isoformat() if birth_date else ''}"
    else:
        return None
    digest = crypto.blind_index(basis, purpose=f"registers.person:{institution_id}")
    return "P-" + digest[:12].upper()


# --- upload ---------------------------------------------------------------------------------


@transaction.atomic
def register_upload(
    *,
    actor: Membership,
    authority: Authority,
    place: Place | None,
    visit: Visit | None,
    filename: str,
    content: bytes,
) -> CustodyRegister:
    """Keep an extract, encrypted, once it reads as a table; its columns are mapped next."""
    require_capability(actor, Capability.UPLOAD_REGISTERS)
    if authority.institution_id != actor.institution_id:
        raise ValidationError({"authority": _("Choose one of the institution's authorities.")})
    if place is not None and place.institution_id != actor.institution_id:
        raise ValidationError({"place": _("Choose one of the institution's places.")})
    if visit is not None and (place is None or visit.place_id != place.pk):
        raise ValidationError({"visit": _("Choose a visit to the extract's place.")})
    try:
        read_upload(content, filename)
    except ValueError as error:
        raise ValidationError({"file": str(error)}) from error
    register = CustodyRegister.objects.create(
        institution=actor.institution,
        authority=authority,
        place=place,
        visit=visit,
        filename=limits.safe_filename(filename),
        created_by=actor.user,
    )
    register.original = crypto.encrypt_bytes(content, context=register.original_context)
    register.save(update_fields=["original"])
    audit_by(actor, "register.uploaded", register, bytes=len(content))
    return register


@transaction.atomic
def register_limits_set(*, actor: Membership, **values: int) -> RegisterLimits:
    require_capability(actor, Capability.MANAGE_INSTITUTION)
    row, _created = RegisterLimits.objects.get_or_create(institution=actor.institution)
    for key, value in values.items():
        if key not in checks.DEFAULT_LIMITS:
            raise ValidationError({key: _("Unknown limit.")})
        setattr(row, key, value)
    row.full_clean()
    row.save()
    audit_by(actor, "register.limits_set", row, **values)
    return row


def limits_of(institution_id: int) -> dict[str, int]:
    row = RegisterLimits.objects.for_institution(institution_id).first()
    if row is None:
        return dict(checks.DEFAULT_LIMITS)
    return {key: int(getattr(row, key)) for key in checks.DEFAULT_LIMITS}


def _mapping_save(actor: Membership, register: CustodyRegister, mapping: dict[str, str]) -> None:
    RegisterMapping.objects.update_or_create(
        institution=actor.institution,
        authority=register.authority,
        defaults={"mapping": mapping, "updated_at": timezone.now()},
    )


# --- conversion -----------------------------------------------------------------------------


def _place_finder(actor: Membership, register: CustodyRegister) -> Callable[[str], int | None]:
    places = Place.objects.for_institution(actor.institution_id).values_list(
        "pk", "external_ref", "name"
    )
    known: dict[str, int] = {}
    for pk, reference, name in places:
        for text in (reference, name):
            if text:
                known.setdefault(crypto.normalise_identifier(text), pk)
    return lambda text: known.get(crypto.normalise_identifier(text))


def _local(moment: datetime | None, zone: zoneinfo.ZoneInfo) -> datetime | None:
    return moment.astimezone(zone) if moment else None


def _age(values: dict[str, Any]) -> int | None:
    if values.get("age") is not None:
        return int(values["age"])
    born, arrested = values.get("birth_date"), values.get("arrested_at")
    if born and arrested:
        on = arrested.date()
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return None


def _utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment else None


def working_rows(
    actor: Membership, register: CustodyRegister, parsed: list[tuple[int, dict[str, Any]]],
    place_of: Callable[[str], int | None],
) -> tuple[list[list[Any]], list[RowProblem]]:  # fmt: skip
    """The entries as the working copy keeps them (SCHEMA's order), with pseudonyms in place
    of names and identity numbers; and the rows whose place is unknown."""
    zone = zoneinfo.ZoneInfo(actor.institution.time_zone)
    problems: list[RowProblem] = []
    rows: list[list[Any]] = []
    for number, values in parsed:
        if register.place_id:
            place_id: int | None = register.place_id
        else:
            place_id = place_of(values["place"]) if values.get("place") else None
            if place_id is None:
                problems.append(RowProblem(number, str(_("Place")), _("No such place.")))
                continue
        dated = values.get("arrested_at") or values.get("registered_at")
        local = _local(dated, zone)
        month = local.date().replace(day=1) if local else None
        released = _local(values.get("released_at"), zone)
        rows.append(
            [
                number,
                place_id,
                month,
                values.get("entry_number"),
                pseudonym_of(
                    institution_id=actor.institution_id,
                    person=values.get("person"),
                    id_number=values.get("id_number"),
                    birth_date=values.get("birth_date"),
                ),
                _age(values),
                values.get("sex"),
                _utc(values.get("arrested_at")),
                _utc(values.get("arrived_at")),
                _utc(values.get("registered_at")),
                values.get("lawyer_requested"),
                _utc(values.get("lawyer_informed_at")),
                values.get("lawyer_present"),
                _utc(values.get("family_informed_at")),
                _utc(values.get("doctor_seen_at")),
                _utc(values.get("judge_at")),
                _utc(values.get("released_at")),
                released.hour if released else None,
                values.get("release_kind"),
                values.get("destination"),
                values.get("injuries"),
                values.get("remarks"),
            ]
        )
    # An entry with no time at all counts in the extract's first month.
    months = [row[2] for row in rows if row[2] is not None]
    first = min(months) if months else timezone.localdate().replace(day=1)
    for row in rows:
        if row[2] is None:
            row[2] = first
    return rows, problems


@transaction.atomic
def register_refuse(*, actor: Membership, register: CustodyRegister, problems: int) -> None:
    """A file with problems leaves nothing behind: the extract and its upload go."""
    audit_by(actor, "register.refused", register, problems=problems)
    CustodyRegister.objects.filter(pk=register.pk).delete()


@transaction.atomic
def register_convert(
    *, actor: Membership, register: CustodyRegister, rows: list[list[Any]], mapping: dict[str, str]
) -> None:
    """Keep the working copy (encrypted) and delete the original upload."""
    require_capability(actor, Capability.UPLOAD_REGISTERS)
    with workcopy.private_dir() as folder:
        parquet = workcopy.parquet_from_rows(rows, folder)
    fields = workcopy.store(register, parquet)
    days = [r[7] or r[9] for r in rows if r[7] or r[9]]
    register.period_from = min(days).date() if days else None
    register.period_to = max(days).date() if days else None
    register.row_count = len(rows)
    register.original = b""
    register.status = CustodyRegister.Status.CONVERTING
    register.save(
        update_fields=[*fields, "original", "status", "row_count", "period_from", "period_to"]
    )
    _mapping_save(actor, register, mapping)
    audit_by(actor, "register.converted", register, rows=len(rows))


def _span(register: CustodyRegister, days: int) -> tuple[date, date] | None:
    if register.period_from is None or register.period_to is None:
        return None
    return register.period_from - timedelta(days=days + 1), register.period_to + timedelta(days=1)


def earlier_extracts(register: CustodyRegister, limits: dict[str, int]) -> list[CustodyRegister]:
    """The authority's other checked extracts that may hold a person's previous detention:
    those whose period reaches into the repeat limit before this extract's period (or
    overlaps it). The same pseudonym is the same person in every extract of the institution."""
    span = _span(register, int(limits.get("repeat_days", checks.DEFAULT_LIMITS["repeat_days"])))
    if span is None:
        return []
    start, end = span
    return list(
        CustodyRegister.objects.for_institution(register.institution_id)
        .filter(
            authority_id=register.authority_id,
            status=CustodyRegister.Status.CHECKED,
            period_to__gte=start,
            period_from__lte=end,
        )
        .exclude(pk=register.pk)
        .order_by("pk")
    )


def later_extracts(register: CustodyRegister) -> list[CustodyRegister]:
    """The authority's other checked extracts whose repeated detentions this one may change
    (a detention it holds may be the previous one of theirs), each with its own limits."""
    if register.period_from is None or register.period_to is None:
        return []
    others = (
        CustodyRegister.objects.for_institution(register.institution_id)
        .filter(authority_id=register.authority_id, status=CustodyRegister.Status.CHECKED)
        .exclude(pk=register.pk)
        .defer("content", "original")
        .order_by("pk")
    )
    found = []
    for other in others:
        limits = other.limits or checks.DEFAULT_LIMITS
        span = _span(other, int(limits.get("repeat_days", checks.DEFAULT_LIMITS["repeat_days"])))
        if span and register.period_to >= span[0] and register.period_from <= span[1]:
            found.append(other)
    return found


def run_checks(
    register: CustodyRegister, limits: dict[str, int], progress: Callable[[int], None] | None = None
) -> list[RegisterMonth]:
    """Run every check over the working copy; one unsaved row per place and month."""
    with workcopy.opened(register, earlier_extracts(register, limits)) as con:
        if progress:
            progress(1)
        result = con.execute(checks.counts_sql(limits, earlier=True)).fetchall()
    if progress:
        progress(2)
    codes = [check.code for check in checks.CHECKS]
    return [
        RegisterMonth(
            institution_id=register.institution_id,
            register=register,
            place_id=place_id,
            month=month,
            entries=entries,
            minor_hours=Decimal(str(minor_hours)) if minor_hours else None,
            **dict(zip(codes, found, strict=True)),
        )
        for place_id, month, entries, *found, minor_hours in result
    ]


@transaction.atomic
def register_checks_save(
    *, actor: Membership, register: CustodyRegister, months: list[RegisterMonth],
    limits: dict[str, int],
) -> None:  # fmt: skip
    RegisterMonth.objects.filter(register=register).delete()
    RegisterMonth.objects.bulk_create(months, batch_size=2000)
    register.status = CustodyRegister.Status.CHECKED
    register.limits = limits
    register.checked_at = timezone.now()
    register.save(update_fields=["status", "limits", "checked_at"])
    found = sum(getattr(m, c.code) for m in months for c in checks.CHECKS)
    audit_by(actor, "register.checked", register, findings=found)


@transaction.atomic
def register_delete(*, actor: Membership, register: CustodyRegister) -> None:
    require_capability(actor, Capability.UPLOAD_REGISTERS)
    audit_by(actor, "register.deleted", register)
    filestore.files_delete([register.stored_at])
    register.delete()


def registers_remove(records: Any) -> int:
    """Retention: the extracts, their counts and their stored files."""
    names = list(records.values_list("stored_at", flat=True))
    deleted = 0
    for register in list(records):
        register.delete()
        deleted += 1
    filestore.files_delete(names)
    return deleted


def read_rows(register: CustodyRegister, *, code: str, place_id: int, month: date,
              limit: int = 500) -> list[dict[str, Any]]:  # fmt: skip
    """The entries behind one count (pseudonyms only), decrypted for this query alone."""
    limits = register.limits or checks.DEFAULT_LIMITS
    sql = checks.rows_sql(limits, code, earlier=True)
    with workcopy.opened(register, earlier_extracts(register, limits)) as con:
        found = con.execute(sql, [place_id, month, limit]).fetchall()
    return [dict(zip(checks.ROW_COLUMNS, row, strict=True)) for row in found]


def original_bytes(register: CustodyRegister) -> bytes:
    return crypto.decrypt_bytes(bytes(register.original), context=register.original_context)
