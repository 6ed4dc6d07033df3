"""Background jobs: their page, the progress it polls, and an import's problems as CSV."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vigil.core import selectors
from vigil.core.access import membership_required
from vigil.core.downloads import table_download
from vigil.core.http import StaffRequest
from vigil.core.imports import JOB_KIND, importer_get
from vigil.core.models import Job


def _job_context(job: Job) -> dict[str, Any]:
    importer = importer_get(job.params.get("importer", "")) if job.kind == JOB_KIND else None
    counts = [(label, job.result.get(key, 0)) for key, label in importer.report] if importer else []
    return {"job": job, "importer": importer, "result": job.result, "counts": counts}


@require_GET
@membership_required()
def job_detail(request: StaffRequest, job_id: int) -> HttpResponse:
    """A job: how far it got, and once over, its report."""
    job = selectors.job_get(actor=request.membership, pk=job_id)
    return render(request, "core/job_detail.html", _job_context(job))


@require_GET
@membership_required()
def job_progress(request: StaffRequest, job_id: int) -> HttpResponse:
    """The progress bar, polled by htmx until the job is over."""
    job = selectors.job_get(actor=request.membership, pk=job_id)
    response = render(request, "core/_job_progress.html", _job_context(job))
    if job.is_over:
        # htmx reloads the whole page once, to show the report.
        response["HX-Refresh"] = "true"
    return response


@require_GET
@membership_required()
def job_problems_csv(request: StaffRequest, job_id: int) -> HttpResponseBase:
    """The problems an import found, row by row, as CSV."""
    job = selectors.job_get(actor=request.membership, pk=job_id)
    problems = job.result.get("problems", [])
    return table_download(
        fmt="csv",
        filename=f"problems-{job.pk}",
        headers=[_("Row"), _("Column"), _("Problem")],
        rows=([p["row"], p["column"], p["problem"]] for p in problems),
        # A problem may quote a cell of the file, and a cell may name a person.
        private=True,
    )
