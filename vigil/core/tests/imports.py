"""What the import tests share: a table through the real pages and background job, and the
audit events it leaves."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vigil.core.models import AuditEvent, Job
from vigil.core.tests.factories import run_background_jobs


def import_table(
    client: Client,
    importer: str,
    content: bytes | str,
    filename: str = "register.csv",
    *,
    action: str = "import",
    mapping: dict[str, str] | None = None,
    query: str = "",
) -> tuple[Job, str]:
    """Upload, keep the guessed column mapping (with `mapping`'s changes), run the job, read
    its report. `query` is the pages' `?into=` of an importer whose rows go into a record."""
    if isinstance(content, str):
        content = content.encode()
    upload = client.post(
        reverse("core:import_upload", args=[importer]) + query,
        {"file": SimpleUploadedFile(filename, content)},
    )
    assert upload.status_code == 302, upload.context["form"].errors
    mapping_page = client.get(upload["Location"])
    chosen = {f"map_{column.key}": header for column, header in mapping_page.context["columns"]}
    chosen.update({f"map_{key}": header for key, header in (mapping or {}).items()})
    started = client.post(upload["Location"], {**chosen, "action": action})
    assert started.status_code == 302, started.context["problems"]
    run_background_jobs()
    report = client.get(started["Location"])
    assert report.status_code == 200
    return report.context["job"], report.content.decode()


def last_event() -> int:
    last = AuditEvent.objects.order_by("-sequence").first()
    return last.sequence if last else 0


def events_since(sequence: int) -> list[str]:
    return sorted(AuditEvent.objects.filter(sequence__gt=sequence).values_list("action", flat=True))
