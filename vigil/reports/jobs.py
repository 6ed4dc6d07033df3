"""The annual report is written in the background, with a progress bar (vigil.core.jobs)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from vigil.core.jobs import JobFailed, JobProgress, document_result, job_reader, job_start
from vigil.core.languages import document_language
from vigil.core.models import Job, Membership
from vigil.core.roles import Capability
from vigil.core.services.documents import document_store
from vigil.reports.document import AUDIENCES, build_annual_report
from vigil.reports.models import AnnualReport, Submission
from vigil.reports.selectors import annual_report_get, submission_get
from vigil.reports.submissions import submission_document
from vigil.visits.reports.common import FORMATS
from vigil.visits.reports.files import render
from vigil.visits.reports.jobs import written_and_stored

JOB_KIND = "reports.annual"


def annual_report_job_start(
    *, actor: Membership, report: AnnualReport, fmt: str, audience: str, language: str = ""
) -> Job:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown report format {fmt!r}.")
    if audience not in AUDIENCES:
        raise ValueError(f"Unknown audience {audience!r}.")
    return job_start(
        actor=actor,
        kind=JOB_KIND,
        params={
            "report": report.pk,
            "format": fmt,
            "audience": audience,
            "language": document_language(language),
        },
        title=_("%(title)s (%(format)s)") % {"title": report.title, "format": fmt.upper()},
    )


def annual_report_filename(report: AnnualReport, fmt: str) -> str:
    return f"annual-report-{report.year}-{report.get_status_display().lower()}.{fmt}".replace(
        " ", "-"
    )


def generate_annual_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    fmt, audience = job.params.get("format", ""), job.params.get("audience", "")
    if fmt not in FORMATS or audience not in AUDIENCES:
        raise JobFailed(_("This report cannot be written: unknown format or audience."))
    reader = job_reader(job, Capability.VIEW_VISITS)
    with translation.override(job.params.get("language") or None):
        try:
            report = annual_report_get(actor=reader, pk=job.params.get("report"))
        except Http404:
            raise JobFailed(_("The annual report no longer exists.")) from None
        return written_and_stored(
            job,
            progress,
            reader=reader,
            gathering=_("Counting the year's figures…"),
            build=lambda: build_annual_report(report, reader=reader, audience=audience),
            filename=annual_report_filename(report, fmt),
            subject=report,
        )


SUBMISSION_JOB_KIND = "reports.submission"


def submission_job_start(*, actor: Membership, submission: Submission) -> Job:
    return job_start(
        actor=actor,
        kind=SUBMISSION_JOB_KIND,
        params={"submission": submission.pk},
        title=_("%(title)s (%(format)s)") % {"title": submission.title, "format": "DOCX"},
    )


def generate_submission(job: Job, progress: JobProgress) -> dict[str, Any]:
    reader = job_reader(job, Capability.VIEW_VISITS)
    try:
        submission = submission_get(actor=reader, pk=job.params.get("submission"))
    except Http404:
        raise JobFailed(_("The submission no longer exists.")) from None
    progress(0, 2, _("Numbering the paragraphs…"))
    document = submission_document(submission, reader=reader)
    content = render(document, "docx")
    progress(1, 2, _("Storing the document…"))
    stored = document_store(
        actor=reader,
        title=document.title,
        filename=f"submission-{submission.body}-{submission.pk}.docx",
        content_type=FORMATS["docx"],
        content=content,
        audience=document.redacted_for,
        subject=submission,
        job=job,
    )
    progress(2, 2, _("The submission is ready."))
    return document_result(stored)
