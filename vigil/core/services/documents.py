"""Documents Vigil generated (reports, exports): kept encrypted, and each download audited.

Who may download one is decided by `vigil.core.selectors.document_get`.
"""

from __future__ import annotations

from django.db import models, transaction

from vigil.core import filestore
from vigil.core.audit import audit_by
from vigil.core.models import GeneratedDocument, Job, Membership


@transaction.atomic
def document_store(
    *,
    actor: Membership,
    title: str,
    filename: str,
    content_type: str,
    content: bytes,
    audience: str,
    subject: models.Model | None = None,
    job: Job | None = None,
) -> GeneratedDocument:
    """Keep a generated file, encrypted with the record's identity as associated data."""
    document = GeneratedDocument.objects.create(
        institution=actor.institution,
        title=title[:200],
        filename=filename[:200],
        content_type=content_type,
        content=b"",
        size=len(content),
        audience=audience,
        subject=f"{subject._meta.label_lower}:{subject.pk}" if subject is not None else "",
        created_by=actor.user,
        job=job,
    )
    # The identity includes the primary key, known only once the row exists.
    document.save(update_fields=filestore.file_put(document, content, folder="documents"))
    audit_by(
        actor,
        "document.generated",
        document,
        audience=audience,
        subject=document.subject,
        bytes=len(content),
    )
    return document


@transaction.atomic
def document_read(*, actor: Membership, document: GeneratedDocument) -> bytes:
    """The document's bytes; each read is an audit event."""
    content = filestore.file_read(document)
    audit_by(
        actor, "document.downloaded", document, audience=document.audience, subject=document.subject
    )
    return content
