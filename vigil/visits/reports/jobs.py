"""The visit report is written in the background: a page starts the job, the worker builds,
renders and stores the document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from vigil.core.jobs import JobFailed, JobProgress, document_result, job_reader, job_start
from vigil.core.languages import document_language
from vigil.core.models import Job, Membership
from vigil.core.redaction import Audience, DocumentData
from vigil.core.services.documents import document_store
from vigil.visits.access import visit_get
from vigil.visits.models import Visit
from vigil.visits.reports.common import FORMATS
from vigil.visits.reports.files import render, report_filename
from vigil.visits.reports.visit_report import build_visit_report

JOB_KIND = "visits.report"


def report_job_start(
    *, actor: Membership, visit: Visit, fmt: str, audience: str, language: str = ""
) -> Job:
    """Queue the writing of the report, in `language` (else the interface's); the job's result
    links to the stored document."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown report format {fmt!r}.")
    if audience not in Audience.values:
        raise ValueError(f"Unknown audience {audience!r}.")
    return job_start(
        actor=actor,
        kind=JOB_KIND,
        params={
            "visit": visit.pk,
            "format": fmt,
            "audience": audience,
            "language": document_language(language),
        },
        title=_("Report on the visit to %(place)s (%(format)s)")
        % {"place": visit.place.name, "format": fmt.upper()},
    )


def generate_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The job: build the report as its starter may read it, write the file, keep it encrypted."""
    fmt, audience = job.params.get("format", ""), job.params.get("audience", "")
    if fmt not in FORMATS or audience not in Audience.values:
        raise JobFailed(_("This report cannot be written: unknown format or audience."))
    reader = job_reader(job)
    with translation.override(job.params.get("language") or None):
        try:
            visit = visit_get(actor=reader, pk=job.params.get("visit"))
        except Http404:
            raise JobFailed(_("The visit no longer exists.")) from None
        return written_and_stored(
            job,
            progress,
            reader=reader,
            gathering=_("Gathering the visit's facts…"),
            build=lambda: build_visit_report(visit, reader=reader, audience=audience),
            filename=report_filename(visit, fmt),
            subject=visit,
        )


def written_and_stored(
    job: Job,
    progress: JobProgress,
    *,
    reader: Membership,
    gathering: str,
    build: Callable[[], DocumentData],
    filename: str,
    subject: Model,
) -> dict[str, Any]:
    """The rest of a report job once its record is found: build the document (showing
    `gathering` meanwhile), render it in the job's format, keep it encrypted, and give the job
    its result. The visit report and the annual report share it."""
    fmt, audience = job.params["format"], job.params["audience"]
    progress(0, 3, gathering)
    document = build()
    progress(1, 3, _("Writing the %(format)s file…") % {"format": fmt.upper()})
    content = render(document, fmt)
    progress(2, 3, _("Storing the document…"))
    stored = document_store(
        actor=reader,
        title=document.title,
        filename=filename,
        content_type=FORMATS[fmt],
        content=content,
        audience=audience,
        subject=subject,
        job=job,
    )
    progress(3, 3, _("The report is ready."))
    return document_result(stored)
