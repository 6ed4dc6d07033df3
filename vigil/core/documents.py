"""Documents Vigil generated (reports, exports): stored encrypted, downloaded by few.

A document is the redacted output of one reader's request, so it is that reader's:
only the person who had it made, the institution's commissioners and its
administrators may download it. Everyone else, and every other institution, gets 404.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import Http404

from vigil.core import crypto
from vigil.core.access import actor_can, get_for_actor, may_see_work_of
from vigil.core.audit import audit_record
from vigil.core.models import GeneratedDocument, Job, Membership
from vigil.core.roles import Capability


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
    document.content = crypto.encrypt_bytes(content, context=document.encryption_context)
    document.key_id = crypto.key_ring().active_id
    document.save(update_fields=["content", "key_id"])
    audit_record(
        action="document.generated",
        actor=actor.user,
        institution=actor.institution,
        target=document,
        details={"audience": audience, "subject": document.subject, "bytes": len(content)},
    )
    return document


# Documents about people (medico-legal reports) hold testimony: administrators, who run
# the system, may not read them; only their author and commissioners may.
TESTIMONY_SUBJECTS = ("people.",)


def document_get_for_download(*, actor: Membership, pk: Any) -> GeneratedDocument:
    document = get_for_actor(GeneratedDocument.objects.all(), actor=actor, pk=pk)
    if not may_see_work_of(actor, document.created_by_id):
        raise Http404
    is_testimony = document.subject.startswith(TESTIMONY_SUBJECTS)
    oversees = actor_can(actor, Capability.OVERSEE_CASES)
    if is_testimony and actor.user_id != document.created_by_id and not oversees:
        raise Http404
    return document


@transaction.atomic
def document_read(*, actor: Membership, document: GeneratedDocument) -> bytes:
    """The document's bytes; each read is an audit event."""
    content = crypto.decrypt_bytes(bytes(document.content), context=document.encryption_context)
    audit_record(
        action="document.downloaded",
        actor=actor.user,
        institution=actor.institution,
        target=document,
        details={"audience": document.audience, "subject": document.subject},
    )
    return content
