"""The background job of an extract: read every row, refuse the file if any row is wrong,
otherwise convert it (pseudonyms, encrypted working copy, original deleted) and run every
check with DuckDB. Progress: rows read, then the steps of the checks."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core.imports import MAX_PROBLEMS_KEPT
from vigil.core.jobs import JobFailed, JobProgress
from vigil.core.models import Job, Membership
from vigil.core.tabular import RowProblem, parse_table, reading_conventions
from vigil.registers import services
from vigil.registers.columns import COLUMNS, PLACE
from vigil.registers.models import CustodyRegister
from vigil.registers.reading import RegisterFileError, read_upload

JOB_KIND = "registers.intake"
CHECK_STEPS = 3


def columns_for(register: CustodyRegister) -> list[Any]:
    """An extract of several places must say each entry's place."""
    if register.place_id:
        return [c for c in COLUMNS if c.key != PLACE.key]
    from dataclasses import replace

    return [replace(c, required=True) if c.key == PLACE.key else c for c in COLUMNS]


def _refused(job: Job, problems: list[RowProblem], rows: int) -> dict[str, Any]:
    ordered = sorted(problems, key=lambda p: (p.row, p.column))[:MAX_PROBLEMS_KEPT]
    job.message = ngettext(
        "%(n)s problem found; nothing was kept.",
        "%(n)s problems found; nothing was kept.",
        len(problems),
    ) % {"n": len(problems)}
    return {
        "ok": False,
        "rows": rows,
        "problem_count": len(problems),
        "problems": [{"row": p.row, "column": p.column, "problem": p.problem} for p in ordered],
        "upload_url": reverse("registers:register_upload"),
    }


def run_intake(job: Job, progress: JobProgress) -> dict[str, Any]:
    register = (
        CustodyRegister.objects.for_institution(job.institution_id)
        .filter(pk=job.params["register"], status=CustodyRegister.Status.UPLOADED)
        .select_related("authority")
        .first()
    )
    if register is None:
        raise JobFailed(_("The extract is no longer waiting to be read; upload it again."))
    actor = (
        Membership.objects.for_institution(job.institution_id)
        .select_related("institution", "user")
        .get(user_id=job.created_by_id)
    )
    mapping: dict[str, str] = job.params["mapping"]
    try:
        table = read_upload(services.original_bytes(register), register.filename)
    except RegisterFileError as error:
        raise JobFailed(str(error)) from error
    total = len(table.rows)
    progress(0, total + CHECK_STEPS, _("Reading every row…"))
    with reading_conventions(actor.institution.reading_conventions):
        parsed = parse_table(table, mapping, columns_for(register), lambda done, _t: progress(done))
    rows, unknown = services.working_rows(
        actor, register, parsed.rows, services._place_finder(actor, register)
    )
    problems = parsed.problems + unknown
    if problems:
        services.register_refuse(actor=actor, register=register, problems=len(problems))
        return _refused(job, problems, total)
    progress(total, message=_("Checking the register…"))
    services.register_convert(actor=actor, register=register, rows=rows, mapping=mapping)
    del table, parsed, rows
    limits = services.limits_of(job.institution_id)
    months = services.run_checks(register, limits, lambda step: progress(total + step))
    services.register_checks_save(actor=actor, register=register, months=months, limits=limits)
    # Its detentions may be the previous ones of people in the authority's other extracts.
    for other in services.later_extracts(register):
        other_limits = other.limits or limits
        services.register_checks_save(
            actor=actor,
            register=other,
            months=services.run_checks(other, other_limits),
            limits=other_limits,
        )
    progress(total + CHECK_STEPS)
    job.message = _("The register was checked.")
    return {
        "ok": True,
        "rows": total,
        "register": register.pk,
        "result_url": reverse("registers:register_detail", args=[register.pk]),
    }
