"""Pages of every import (upload, column mapping, checking) and of background jobs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from vigil.core import downloads, tabular
from vigil.core.access import (
    actor_can,
    actor_of,
    get_for_actor,
    may_see_work_of,
    membership_required,
)
from vigil.core.audit import audit_record
from vigil.core.imports import JOB_KIND, Importer, importer_get
from vigil.core.jobs import job_start
from vigil.core.models import Job, StoredUpload


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > tabular.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        return upload


def _importer_for(request: HttpRequest, key: str) -> Importer:
    importer = importer_get(key)
    if importer is None:
        raise Http404
    if not actor_can(actor_of(request), importer.capability):
        raise PermissionDenied
    return importer


@membership_required()
def import_upload(request: HttpRequest, importer_key: str) -> HttpResponse:
    importer = _importer_for(request, importer_key)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            tabular.read_table(content, form.cleaned_data["file"].name)
        except tabular.TableError as error:
            form.add_error("file", str(error))
        else:
            actor = actor_of(request)
            with transaction.atomic():
                upload = StoredUpload.objects.create(
                    institution=actor.institution,
                    filename=form.cleaned_data["file"].name[:255],
                    content=content,
                    uploaded_by=actor.user,
                )
                audit_record(
                    action="upload.created",
                    actor=actor.user,
                    institution=actor.institution,
                    target=upload,
                    details={"importer": importer.key, "bytes": len(content)},
                )
            return HttpResponseRedirect(reverse("core:import_map", args=[importer.key, upload.pk]))
    return render(request, "core/import_upload.html", {"importer": importer, "form": form})


def _mapping_from(request: HttpRequest, importer: Importer) -> dict[str, str]:
    return {c.key: request.POST.get(f"map_{c.key}", "") for c in importer.columns}


@membership_required()
def import_map(request: HttpRequest, importer_key: str, upload_id: int) -> HttpResponse:
    importer = _importer_for(request, importer_key)
    actor = actor_of(request)
    upload = get_for_actor(StoredUpload.objects.all(), actor=actor, pk=upload_id)
    table = tabular.read_table(bytes(upload.content), upload.filename)
    mapping = tabular.guess_mapping(table.headers, importer.columns)
    problems: list[str] = []
    if request.method == "POST":
        mapping = _mapping_from(request, importer)
        problems = tabular.mapping_problems(mapping, importer.columns, table.headers)
        if not problems:
            job = job_start(
                actor=actor,
                kind=JOB_KIND,
                title=_("%(what)s from %(file)s")
                % {"what": importer.title, "file": upload.filename},
                params={
                    "importer": importer.key,
                    "upload": upload.pk,
                    "mapping": mapping,
                    "dry_run": request.POST.get("action") == "check",
                },
            )
            return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
    context = {
        "importer": importer,
        "upload": upload,
        "headers": table.headers,
        "preview": table.rows[:5],
        "row_count": len(table.rows),
        "columns": [(c, mapping.get(c.key, "")) for c in importer.columns],
        "problems": problems,
    }
    return render(request, "core/import_map.html", context)


def _job_for(request: HttpRequest, job_id: int) -> Job:
    actor = actor_of(request)
    job = get_for_actor(Job.objects.select_related("created_by"), actor=actor, pk=job_id)
    if not may_see_work_of(actor, job.created_by_id):
        raise Http404
    return job


def _job_context(job: Job) -> dict[str, Any]:
    importer = importer_get(job.params.get("importer", "")) if job.kind == JOB_KIND else None
    counts = [(label, job.result.get(key, 0)) for key, label in importer.report] if importer else []
    return {"job": job, "importer": importer, "result": job.result, "counts": counts}


@require_GET
@membership_required()
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    return render(request, "core/job_detail.html", _job_context(job))


@require_GET
@membership_required()
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    response = render(request, "core/_job_progress.html", _job_context(job))
    if job.is_over:
        # htmx reloads the whole page once, to show the report.
        response["HX-Refresh"] = "true"
    return response


@require_GET
@membership_required()
def job_problems_csv(request: HttpRequest, job_id: int) -> StreamingHttpResponse:
    job = _job_for(request, job_id)
    problems = job.result.get("problems", [])
    rows = ([p["row"], p["column"], p["problem"]] for p in problems)
    response = StreamingHttpResponse(
        downloads.csv_lines([_("Row"), _("Column"), _("Problem")], rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="problems-{job.pk}.csv"'
    return response
