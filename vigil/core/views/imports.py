"""Table imports (CSV or XLSX): choosing the file, then matching its columns and checking it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from vigil.core import selectors, tabular
from vigil.core.access import actor_can, membership_required
from vigil.core.forms import UploadForm, form_failed, form_saved
from vigil.core.http import StaffRequest
from vigil.core.imports import JOB_KIND, Importer, importer_get
from vigil.core.jobs import job_start
from vigil.core.models import Membership
from vigil.core.services.uploads import upload_create


def _importer_for(request: StaffRequest, key: str) -> Importer:
    importer = importer_get(key)
    if importer is None:
        raise Http404
    if not actor_can(request.membership, importer.capability):
        raise PermissionDenied
    return importer


@membership_required()
def import_upload(request: StaffRequest, importer_key: str) -> HttpResponse:
    """The first step of an import: the file, kept once it reads as a table."""
    importer = _importer_for(request, importer_key)
    into = request.GET.get("into")
    target = importer.target(request.membership, into)
    form = UploadForm(request.POST or None, request.FILES or None)
    saved = form_saved(
        request,
        form,
        lambda data: upload_create(
            actor=request.membership,
            importer=importer,
            filename=data["file"].name,
            content=data["content"],
        ),
        done=None,
        to=lambda upload: (
            reverse("core:import_map", args=[importer.key, upload.pk]) + importer.into_query(into)
        ),
    )
    status = 400 if request.method == "POST" else 200  # a refused file (ADR 0013)
    context = {"importer": importer, "form": form, "target": target}
    return saved or render(request, "core/import_upload.html", context, status=status)


def _mapping_from(request: StaffRequest, importer: Importer) -> dict[str, str]:
    return {c.key: request.POST.get(f"map_{c.key}", "") for c in importer.columns}


def _as_stored(
    table: tabular.Table, mapping: dict[str, str], importer: Importer, actor: Membership
) -> list[list[tabular.PreviewCell]]:
    with tabular.reading_conventions(actor.institution.reading_conventions):
        return tabular.preview_rows(table, mapping, importer.columns)


@membership_required()
def import_map(request: StaffRequest, importer_key: str, upload_id: int) -> HttpResponse:
    """Match the file's columns to the importer's, then check it or import it as a job."""
    importer = _importer_for(request, importer_key)
    actor = request.membership
    into = request.GET.get("into")
    target = importer.target(actor, into)
    upload = selectors.upload_get(actor=actor, pk=upload_id)
    try:
        table = tabular.read_table(bytes(upload.content), upload.filename)
    except tabular.TableError as error:
        # Kept before a limit was lowered, or by an older Vigil: refused here as on upload.
        context = {"importer": importer, "upload": upload, "refusal": str(error)}
        return render(request, "core/import_refused.html", context, status=400)
    mapping = tabular.guess_mapping(table.headers, importer.columns)
    problems: list[str] = []
    if request.method == "POST":
        mapping = _mapping_from(request, importer)
        problems = tabular.mapping_problems(mapping, importer.columns, table.headers)
        if problems:
            form_failed(request)
        if not problems and request.POST.get("action") != "preview":
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
                    **({"into": target.pk} if target is not None else {}),
                },
            )
            return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
    context = {
        "importer": importer,
        "upload": upload,
        "headers": table.headers,
        "preview": table.rows[:5],
        "row_count": len(table.rows),
        "header_row": table.header_row,
        "columns": [(c, mapping.get(c.key, "")) for c in importer.columns],
        "problems": problems,
        "stored": _as_stored(table, mapping, importer, actor),
        "target": target,
    }
    return render(request, "core/import_map.html", context)
