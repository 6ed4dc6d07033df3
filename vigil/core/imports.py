"""All-or-nothing imports of CSV/XLSX tables, run as background jobs.

An app registers an `Importer`: its columns, a `check` that looks rows up
against the database (unknown codes, duplicates) and an `apply` that writes
them. The job parses every row, then checks them; only when no row has a
problem does it apply them, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Protocol
from urllib.parse import urlencode

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core import hooks
from vigil.core.jobs import JobFailed, JobProgress
from vigil.core.models import Job, Membership, StoredUpload
from vigil.core.roles import Capability
from vigil.core.tabular import (
    Column,
    RowProblem,
    TableError,
    parse_table,
    read_table,
    reading_conventions,
)

Rows = list[tuple[int, dict[str, Any]]]
MAX_PROBLEMS_KEPT = 2000
JOB_KIND = "core.import"


class RowsCheck(Protocol):
    """A selector that looks checked rows up against the database: what refuses them."""

    def __call__(self, *, actor: Membership, rows: Rows) -> list[RowProblem]: ...


class RowsApply(Protocol):
    """A service that writes checked rows and answers the counts of the job's report."""

    def __call__(
        self, *, actor: Membership, rows: Rows, progress: Callable[[int], None]
    ) -> dict[str, int]: ...


@dataclass(frozen=True)
class Importer:
    key: str
    title: str | Promise
    columns: Sequence[Column]
    capability: Capability
    check: RowsCheck
    apply: RowsApply
    done_url_name: str
    help: str | Promise = ""
    # The counts the job report shows (result key, label); created/updated/unchanged if empty.
    report: Sequence[tuple[str, str | Promise]] = ()
    # For rows that go into one record (a training's participants): a selector finding that
    # record through the access layer (Http404 otherwise) from the pages' `?into=`. `check`
    # and `apply` then get it as `into=`, and `done_url_name` takes its id.
    into: Callable[..., Any] | None = None

    def target(self, actor: Membership, pk: Any) -> Any:
        """The record the rows go into (None for an importer without one); Http404 when the
        id is missing, malformed or of another institution."""
        if self.into is None:
            return None
        if not str(pk or "").isdigit():
            raise Http404
        return self.into(actor=actor, pk=int(pk))

    def into_query(self, pk: Any) -> str:
        """`?into=…` to carry from page to page, or "" for an importer without a target."""
        return f"?{urlencode({'into': pk})}" if self.into is not None else ""

    def done_url(self, pk: Any = None) -> str:
        if self.into is not None:
            return reverse(self.done_url_name, args=[pk])
        return reverse(self.done_url_name)


def importer_get(key: str) -> Importer | None:
    try:
        importer: Importer = hooks.get_keyed(hooks.IMPORTER, key)
    except KeyError:
        return None
    return importer


def _problem_dicts(problems: list[RowProblem]) -> list[dict[str, Any]]:
    ordered = sorted(problems, key=lambda p: (p.row, p.column))
    return [
        {"row": p.row, "column": p.column, "problem": p.problem}
        for p in ordered[:MAX_PROBLEMS_KEPT]
    ]


def _as_seen(
    problems: list[RowProblem], mapping: dict[str, str], columns: Sequence[Column]
) -> list[RowProblem]:
    """Name a checker's column (a key) as the user knows it: the file's header, or its label."""
    labels = {c.key: mapping.get(c.key) or str(c.label) for c in columns}
    return [replace(p, column=labels.get(p.column, p.column)) for p in problems]


def _refused(problems: list[RowProblem], rows: int) -> dict[str, Any]:
    return {
        "ok": False,
        "rows": rows,
        "problem_count": len(problems),
        "problems": _problem_dicts(problems),
    }


def run_import(job: Job, progress: JobProgress) -> dict[str, Any]:
    importer: Importer = hooks.get_keyed(hooks.IMPORTER, job.params["importer"])
    uploads = StoredUpload.objects.for_institution(job.institution_id)
    upload = uploads.filter(pk=job.params["upload"]).first()
    if upload is None:
        # Uploads are purged after a while (`vigil purge_uploads`); a late retry finds none.
        raise JobFailed(_("The uploaded file is no longer kept; upload it again."))
    members = Membership.objects.for_institution(job.institution_id)
    actor = members.select_related("institution", "user").get(user_id=job.created_by_id)
    try:
        table = read_table(bytes(upload.content), upload.filename)
    except TableError as error:
        raise JobFailed(str(error)) from error
    # An importer with a target (`into`) takes it as a keyword its protocol does not name.
    check: Callable[..., list[RowProblem]] = importer.check
    apply: Callable[..., dict[str, int]] = importer.apply
    if importer.into is not None:
        try:
            into = importer.target(actor, job.params.get("into"))
        except Http404 as error:
            raise JobFailed(_("The record to import into no longer exists.")) from error
        check, apply = partial(check, into=into), partial(apply, into=into)
    total = len(table.rows)
    progress(0, total * 2, _("Reading and checking every row…"))
    with reading_conventions(actor.institution.reading_conventions):
        parsed = parse_table(
            table, job.params["mapping"], importer.columns, lambda done, _t: progress(done)
        )
    checked = _as_seen(
        check(actor=actor, rows=parsed.rows), job.params["mapping"], importer.columns
    )
    problems = parsed.problems + checked
    if problems:
        job.message = ngettext(
            "%(n)s problem found; nothing was imported.",
            "%(n)s problems found; nothing was imported.",
            len(problems),
        ) % {"n": len(problems)}
        return _refused(problems, total)
    if job.params.get("dry_run"):
        job.message = _("Every row is valid. Nothing was imported yet.")
        return {"ok": True, "dry_run": True, "rows": total}
    progress(total, message=_("Saving…"))
    with transaction.atomic():
        counts = apply(actor=actor, rows=parsed.rows, progress=lambda done: progress(total + done))
    job.message = _("Import finished.")
    return {"ok": True, "rows": total, **counts}
