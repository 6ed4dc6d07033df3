"""The PDF of the protection gaps, written in the background: the job's start and its work."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from vigil.core import rendering
from vigil.core.access import actor_can
from vigil.core.jobs import JobFailed, JobProgress, document_result, job_reader, job_start
from vigil.core.languages import document_language
from vigil.core.models import Job, Membership
from vigil.core.redaction import Audience, redact
from vigil.core.roles import Capability
from vigil.core.services.documents import document_store
from vigil.risk.reports.common import filename
from vigil.risk.reports.gaps import gaps_document, render_pdf
from vigil.risk.selectors.gap_scope import DIMENSIONS, GapsFilters
from vigil.risk.selectors.gaps import gaps_build

GAPS_JOB = "risk.gaps_report"
AUDIENCES = (Audience.INTERNAL, Audience.PUBLIC)


def gaps_report_start(
    *, actor: Membership, filters: GapsFilters, audience: str, language: str = ""
) -> Job:
    """Queue the PDF for the actor, with the filters and audience chosen."""
    if audience not in AUDIENCES:
        raise ValueError(f"Unknown audience {audience!r}.")
    if not actor_can(actor, Capability.VIEW_RISK):
        raise Http404
    return job_start(
        actor=actor,
        kind=GAPS_JOB,
        params={
            **filters.as_params(),
            "audience": audience,
            "language": document_language(language),
        },
        title=_("Protection gaps by %(dimension)s (PDF)")
        % {"dimension": str(DIMENSIONS[filters.dimension]).lower()},
    )


def generate_gaps_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The job: add up the figures as the reader sees them, redact, render and store."""
    audience = job.params.get("audience", "")
    if audience not in AUDIENCES:
        raise JobFailed(_("This report cannot be written: unknown audience."))
    reader = job_reader(job, Capability.VIEW_RISK)
    filters = GapsFilters.from_params(job.params)
    with translation.override(job.params.get("language") or None):
        progress(0, 3, _("Adding up the risk factors…"))
        gaps = gaps_build(actor=reader, filters=filters)
        document = redact(
            gaps_document(gaps, institution=reader.institution, audience=audience),
            reader=reader,
            audience=audience,
        )
        progress(1, 3, _("Writing the PDF file…"))
        content = render_pdf(document, gaps.chart if not gaps.empty else None)
        progress(2, 3, _("Storing the document…"))
        stored = document_store(
            actor=reader,
            title=document.title,
            filename=filename(gaps, "pdf"),
            content_type=rendering.PDF_CONTENT_TYPE,
            content=content,
            audience=audience,
            subject=None,
            job=job,
        )
        progress(3, 3, _("The report is ready."))
    return document_result(stored)
