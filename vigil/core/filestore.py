"""Where the encrypted bytes of a file record are kept: in its row, or in a file storage.

Evidence files and generated documents are encrypted with the record's identity as
associated data (`encryption_context`) before they go anywhere. Where they then go is the
installation's choice (`VIGIL_FILE_STORAGE`, ADR 0019):

- `database` (the default): in the row's `content` column, as always;
- `s3`: in an S3-compatible bucket through django-storages (the `vigil_files` storage), under
  a name chosen here; the row keeps that name in `stored_at` and an empty `content`.

A row whose `stored_at` is empty holds its bytes itself, so an installation that moves to
S3 keeps reading the files it already had. Every reader and writer of such bytes goes
through `file_put` / `file_token` / `files_delete`, so no code path assumes either place.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction

from vigil.core import crypto

STORAGE_ALIAS = "vigil_files"


class FileRecord(Protocol):
    pk: Any
    institution_id: int
    content: Any
    stored_at: str
    key_id: str

    @property
    def encryption_context(self) -> str: ...


def outside_database() -> bool:
    return str(getattr(settings, "VIGIL_FILE_STORAGE", "database")) != "database"


def file_storage() -> Storage:
    return storages[STORAGE_ALIAS]


def token_put(record: FileRecord, token: bytes, *, folder: str) -> list[str]:
    """Keep already encrypted bytes for `record`; returns the fields to save.

    In a storage, the name is new every time (never an overwrite), so a transaction that
    rolls back leaves at worst an unreferenced, encrypted object, never a changed file.
    """
    if not outside_database():
        record.content, record.stored_at = token, ""
        return ["content", "stored_at"]
    name = f"{folder}/{record.institution_id}/{record.pk}-{uuid.uuid4().hex}.bin"
    record.stored_at = file_storage().save(name, ContentFile(token))
    record.content = b""
    return ["content", "stored_at"]


def file_put(record: FileRecord, plain: bytes, *, folder: str) -> list[str]:
    """Encrypt `plain` for `record` with the active key and keep it; returns the fields to
    save (the caller saves them in its transaction)."""
    token = crypto.encrypt_bytes(plain, context=record.encryption_context)
    record.key_id = crypto.key_ring().active_id
    return [*token_put(record, token, folder=folder), "key_id"]


class FileMissing(crypto.DecryptionError):
    """The row names a stored file that is not there (a bucket restored to another time)."""


def file_token(content: Any, stored_at: str) -> bytes:
    """The encrypted bytes of a row, from wherever they are kept.

    A file missing from the storage cannot be read, like one that fails authentication: the
    same damage for the key check, and the same refusal for a download.
    """
    if not stored_at:
        return bytes(content)
    storage = file_storage()
    if not storage.exists(stored_at):
        raise FileMissing(f"Stored file {stored_at} is missing.")
    with storage.open(stored_at, "rb") as stored:
        return bytes(stored.read())


def file_read(record: FileRecord) -> bytes:
    """The record's bytes, decrypted (crypto.DecryptionError when they do not open)."""
    token = file_token(record.content, record.stored_at)
    return crypto.decrypt_bytes(token, context=record.encryption_context)


def files_delete(names: Iterable[str]) -> None:
    """Delete stored files once the transaction that dropped their rows has committed."""
    doomed = [name for name in names if name]
    if not doomed:
        return

    def delete() -> None:
        storage = file_storage()
        for name in doomed:
            storage.delete(name)

    transaction.on_commit(delete)
