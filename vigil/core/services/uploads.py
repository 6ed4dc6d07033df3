"""Files uploaded for an import: storing one, and purging those no job needs any more."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vigil.core import limits, tabular
from vigil.core.access import require_capability
from vigil.core.audit import audit_by, audit_record
from vigil.core.imports import Importer
from vigil.core.models import Institution, Job, Membership, StoredUpload

UPLOAD_PURGE_BATCH_SIZE = 500


@transaction.atomic
def upload_create(
    *, actor: Membership, importer: Importer, filename: str, content: bytes
) -> StoredUpload:
    """Keep a file for `importer`, once it reads as a table; its columns are matched next."""
    require_capability(actor, importer.capability)
    try:
        tabular.read_table(content, filename)
    except tabular.TableError as error:
        raise ValidationError({"file": str(error)}) from error
    upload = StoredUpload.objects.create(
        institution=actor.institution,
        filename=limits.safe_filename(filename),
        content=content,
        uploaded_by=actor.user,
    )
    audit_by(actor, "upload.created", upload, importer=importer.key, bytes=len(content))
    return upload


def uploads_in_use() -> set[int]:
    """Uploads that a queued or running job will still read (its `params["upload"]`)."""
    # Any kind of job, not only imports: keeping an upload a little longer does no harm.
    needed: set[int] = set()
    active = Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    for params in active.values_list("params", flat=True):
        upload = params.get("upload") if isinstance(params, dict) else None
        if isinstance(upload, int) and not isinstance(upload, bool):
            needed.add(upload)
        elif isinstance(upload, str) and upload.isdigit():
            needed.add(int(upload))
    return needed


def _uploads_purge_batch(*, institution: Institution, cutoff: datetime, batch_size: int) -> int:
    with transaction.atomic():
        # Read inside the batch's transaction, so that a job queued meanwhile is seen.
        needed = uploads_in_use()
        ids = list(
            StoredUpload.objects.for_institution(institution.pk)
            .select_for_update()
            .filter(created_at__lt=cutoff)
            .exclude(pk__in=needed)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return 0
        deleted, _by_model = StoredUpload.objects.filter(pk__in=ids).delete()
        if deleted:
            # The count only: a file's name may name a person or a place.
            audit_record(
                action="upload.purged",
                actor=None,
                institution=institution,
                details={"count": deleted},
            )
    return deleted


def uploads_purge(
    *,
    older_than_days: int = 30,
    dry_run: bool = False,
    batch_size: int = UPLOAD_PURGE_BATCH_SIZE,
) -> int:
    """Delete import uploads older than `older_than_days` that no queued or running job needs.

    Batches hold one institution's uploads; each is deleted in its own transaction with one
    audit event. Returns how many were deleted, or with `dry_run` how many would be.
    """
    if older_than_days < 0 or batch_size < 1:
        raise ValueError("older_than_days must be 0 or more, and batch_size 1 or more.")
    cutoff = timezone.now() - timedelta(days=older_than_days)
    stale = StoredUpload.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return stale.exclude(pk__in=uploads_in_use()).count()
    institution_ids = stale.order_by().values_list("institution_id", flat=True).distinct()
    purged = 0
    for institution in Institution.objects.filter(pk__in=list(institution_ids)).order_by("pk"):
        while True:
            deleted = _uploads_purge_batch(
                institution=institution, cutoff=cutoff, batch_size=batch_size
            )
            purged += deleted
            if deleted < batch_size:
                break
    return purged
