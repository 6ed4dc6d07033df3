"""The evidence vault: files in, encrypted and hashed; files out, checked and audited."""

from __future__ import annotations

import hashlib
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import transaction

from vigil.core import crypto, filestore
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.services.records import next_code
from vigil.people.models import Case, Evidence, Examination, Interview
from vigil.people.vault import accept_evidence

Holder = Interview | Case | Examination
CODE_PREFIX = "E-"


def _holder_field(holder: Holder) -> str:
    if isinstance(holder, Interview):
        return "interview"
    if isinstance(holder, Case):
        return "case"
    if isinstance(holder, Examination):
        return "examination"
    raise TypeError("Evidence belongs to an interview, a case or an examination.")


def _next_code(actor: Membership) -> str:
    """The next free "E-00007" of the institution; stored names carry an extension after it."""
    return next_code(
        institution_id=actor.institution_id,
        model=Evidence,
        field="stored_name",
        prefix=CODE_PREFIX,
        width=5,
    )


@transaction.atomic
def evidence_add(
    *,
    actor: Membership,
    holder: Holder,
    data: bytes,
    original_name: str = "",
    description: str = "",
) -> Evidence:
    """Keep a file as evidence; the caller has checked the actor may write to the holder.

    A refused file raises ValidationError before anything is written.
    """
    if holder.institution_id != actor.institution_id:
        raise PermissionDenied
    # Checked before anything is written: a refused file leaves no row and no event.
    accepted = accept_evidence(data)
    code = _next_code(actor)
    evidence = Evidence.objects.create(
        institution=actor.institution,
        **{_holder_field(holder): holder},
        kind=accepted.kind,
        content_type=accepted.content_type,
        stored_name=f"{code}.{accepted.extension}",
        original_name=original_name[:255],
        description=description.strip(),
        sha256_original=accepted.sha256_original,
        sha256_stored=accepted.sha256_stored,
        metadata_stripped=accepted.metadata_stripped,
        size=len(accepted.content),
        content=b"",
        uploaded_by=actor.user,
    )
    # The identity (with the primary key) is the associated data: copied bytes fail to open.
    evidence.save(update_fields=filestore.file_put(evidence, accepted.content, folder="evidence"))
    audit_by(
        actor,
        "evidence.received",
        evidence,
        holder=f"{_holder_field(holder)}:{holder.pk}",
        kind=evidence.kind,
        sha256_original=evidence.sha256_original,
        sha256_stored=evidence.sha256_stored,
        bytes=evidence.size,
        metadata_stripped=evidence.metadata_stripped,
    )
    return evidence


class ReadPurpose(StrEnum):
    """Why the bytes left the vault; the audit action says it (the chain of custody)."""

    DOWNLOADED = "downloaded"
    VIEWED = "viewed"


@transaction.atomic
def evidence_read(
    *, actor: Membership, evidence: Evidence, purpose: str = ReadPurpose.DOWNLOADED
) -> bytes:
    """The file's bytes, for an actor the access layer let through; each read is audited.

    The bytes are checked against the hash taken when they were kept, so a file that changed
    in the vault is never handed out as evidence.
    """
    if evidence.institution_id != actor.institution_id:
        raise PermissionDenied
    purpose = ReadPurpose(purpose)
    content_in_row, stored_at = (
        Evidence.objects.filter(pk=evidence.pk).values_list("content", "stored_at").get()
    )
    token = filestore.file_token(content_in_row, stored_at)
    content = crypto.decrypt_bytes(token, context=evidence.encryption_context)
    if hashlib.sha256(content).hexdigest() != evidence.sha256_stored:
        raise crypto.DecryptionError(f"Evidence {evidence.stored_name} does not match its hash.")
    audit_by(actor, f"evidence.{purpose.value}", evidence, sha256_stored=evidence.sha256_stored)
    return content
