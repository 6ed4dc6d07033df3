"""The programme report and the Good Practice Report are written in the background: a page
starts the job (`*_start`), the worker builds, renders and stores the document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from vigil.core.access import actor_can
from vigil.core.jobs import JobFailed, JobProgress, document_result, job_reader, job_start
from vigil.core.languages import document_language
from vigil.core.models import Job, Membership
from vigil.core.redaction import Audience, DocumentData
from vigil.core.roles import Capability
from vigil.core.services.documents import document_store
from vigil.programmes.models import Programme
from vigil.programmes.reports.files import FORMATS, render
from vigil.programmes.reports.good_practice import (
    build_good_practice_report,
    good_practice_filename,
)
from vigil.programmes.reports.programme import (
    PROGRAMME_AUDIENCES,
    ProgrammeReport,
    build_programme_report,
    programme_report_filename,
)
from vigil.programmes.selectors.programmes import programme_get
from vigil.programmes.selectors.reports import programmes_chosen

PROGRAMME_JOB = "programmes.report"
GOOD_PRACTICE_JOB = "programmes.good_practice_report"


def programme_report_start(
    *, actor: Membership, programme: Programme, fmt: str, audience: str, language: str = ""
) -> Job:
    """Queue the report on `programme` for `audience`, as a DOCX or PDF file."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown report format {fmt!r}.")
    if audience not in PROGRAMME_AUDIENCES:
        raise ValueError(f"Unknown audience {audience!r}.")
    if programme.institution_id != actor.institution_id or not actor_can(
        actor, Capability.VIEW_PROGRAMMES
    ):
        raise Http404
    return job_start(
        actor=actor,
        kind=PROGRAMME_JOB,
        params={
            "programme": programme.pk,
            "format": fmt,
            "audience": audience,
            "language": document_language(language),
        },
        title=_("Programme report: %(title)s (%(format)s)")
        % {"title": programme.title, "format": fmt.upper()},
    )


def good_practice_report_start(
    *, actor: Membership, programmes: Sequence[Programme], fmt: str, language: str = ""
) -> Job:
    """Queue the Good Practice Report of `programmes`, as a DOCX or PDF file."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown report format {fmt!r}.")
    if not programmes:
        raise ValueError("Choose at least one programme.")
    if any(p.institution_id != actor.institution_id for p in programmes) or not actor_can(
        actor, Capability.VIEW_PROGRAMMES
    ):
        raise Http404
    return job_start(
        actor=actor,
        kind=GOOD_PRACTICE_JOB,
        params={
            "programmes": sorted(p.pk for p in programmes),
            "format": fmt,
            "language": document_language(language),
        },
        title=_("Good Practice Report (%(format)s)") % {"format": fmt.upper()},
    )


def _write(
    job: Job,
    progress: JobProgress,
    *,
    reader: Membership,
    fmt: str,
    build: Callable[[], ProgrammeReport | DocumentData],
    filename: str,
    audience: str,
    subject: Programme | None,
) -> dict[str, Any]:
    """Build, render and store a report, telling the job's progress on the way."""
    report = build()
    document = report.document if isinstance(report, ProgrammeReport) else report
    progress(1, 3, _("Writing the %(format)s file…") % {"format": fmt.upper()})
    content = render(report, fmt)
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


def generate_programme_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The job: the programme report for its starter, if still allowed, stored encrypted."""
    fmt, audience = job.params.get("format", ""), job.params.get("audience", "")
    if fmt not in FORMATS or audience not in PROGRAMME_AUDIENCES:
        raise JobFailed(_("This report cannot be written: unknown format or audience."))
    reader = job_reader(job, Capability.VIEW_PROGRAMMES)
    with translation.override(job.params.get("language") or None):
        try:
            programme = programme_get(actor=reader, pk=job.params.get("programme"))
        except Http404:
            raise JobFailed(_("The programme no longer exists.")) from None
        progress(0, 3, _("Gathering the programme's facts…"))
        return _write(
            job,
            progress,
            reader=reader,
            fmt=fmt,
            build=lambda: build_programme_report(programme, reader=reader, audience=audience),
            filename=programme_report_filename(programme, fmt),
            audience=audience,
            subject=programme,
        )


def generate_good_practice_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The job: the Good Practice Report of the programmes still there, stored encrypted."""
    fmt = job.params.get("format", "")
    if fmt not in FORMATS:
        raise JobFailed(_("This report cannot be written: unknown format."))
    reader = job_reader(job, Capability.VIEW_PROGRAMMES)
    wanted = [pk for pk in job.params.get("programmes") or [] if isinstance(pk, int)]
    with translation.override(job.params.get("language") or None):
        programmes = programmes_chosen(actor=reader, pks=wanted)
        if not programmes:
            raise JobFailed(_("None of the chosen programmes exists any more."))
        progress(0, 3, _("Gathering the entries ready to share…"))
        return _write(
            job,
            progress,
            reader=reader,
            fmt=fmt,
            build=lambda: build_good_practice_report(programmes, reader=reader),
            filename=good_practice_filename(fmt),
            audience=Audience.PUBLIC,
            subject=None,
        )
