"""Background jobs: their page, the progress it polls, and an import's problems as CSV."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core import selectors
from vigil.core.access import membership_required
from vigil.core.downloads import table_download
from vigil.core.http import StaffRequest
from vigil.core.imports import JOB_KIND, importer_get
from vigil.core.jobs import job_may_retry, job_retry, jobs_recover
from vigil.core.models import Job


def _job_context(request: StaffRequest, job: Job) -> dict[str, Any]:
    importer = importer_get(job.params.get("importer", "")) if job.kind == JOB_KIND else None
    counts = [(label, job.result.get(key, 0)) for key, label in importer.report] if importer else []
    into = job.params.get("into")
    return {
        "job": job,
        "importer": importer,
        "import_done_url": importer.done_url(into) if importer else "",
        "import_again_url": (
            reverse("core:import_map", args=[importer.key, job.params["upload"]])
            + importer.into_query(into)
            if importer
            else ""
        ),
        "result": job.result,
        "counts": counts,
        "retry": selectors.job_latest_retry(job),
        "may_retry": job_may_retry(request.membership, job),
    }


def _job_as_it_is(request: StaffRequest, job_id: int) -> Job:
    """The job; if its worker stopped, marked so now rather than at the next recovery."""
    job = selectors.job_get(actor=request.membership, pk=job_id)
    if job.status == Job.Status.RUNNING and jobs_recover(job_id=job.pk):
        job.refresh_from_db()
    return job


@require_GET
@membership_required()
def job_detail(request: StaffRequest, job_id: int) -> HttpResponse:
    """A job: how far it got, and once over, its report."""
    job = _job_as_it_is(request, job_id)
    return render(request, "core/job_detail.html", _job_context(request, job))


@require_POST
@membership_required()
def job_start_again(request: StaffRequest, job_id: int) -> HttpResponse:
    """Start a failed job again (its owner only), and watch the new one."""
    job = selectors.job_get(actor=request.membership, pk=job_id)
    again = job_retry(actor=request.membership, job=job)
    return HttpResponseRedirect(reverse("core:job_detail", args=[again.pk]))


@require_GET
@membership_required()
def job_progress(request: StaffRequest, job_id: int) -> HttpResponse:
    """The progress bar, polled by htmx until the job is over."""
    job = _job_as_it_is(request, job_id)
    response = render(request, "core/_job_progress.html", _job_context(request, job))
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
