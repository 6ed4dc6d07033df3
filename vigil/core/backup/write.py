"""`backup_write`: one file that holds the database, the files beside it and the audit
checkpoints, with a signed manifest. Never the keys."""

from __future__ import annotations

import shutil
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import archive, database
from .manifest import Manifest, manifest_signature, sha256_file

CHECKPOINTS = "audit-checkpoints.jsonl"
MEDIA = "media"


def _vigil_version() -> str:
    try:
        return version("vigil")
    except PackageNotFoundError:
        return "unknown"


def _stage_files(staging: Path) -> None:
    # The checkpoints are copied before the snapshot: each then names an event the
    # snapshot holds, since a checkpoint is written only after its event commits.
    checkpoints = Path(settings.VIGIL_AUDIT_CHECKPOINT_FILE)
    if checkpoints.is_file():
        shutil.copy2(checkpoints, staging / CHECKPOINTS)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        shutil.copytree(media, staging / MEDIA)


def _checksums(staging: Path) -> dict[str, dict[str, object]]:
    members: dict[str, dict[str, object]] = {}
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        digest, size = sha256_file(path)
        members[path.relative_to(staging).as_posix()] = {"sha256": digest, "bytes": size}
    return members


def backup_write(out: Path, *, recipients: list[str] | None = None) -> Manifest:
    """Write a backup of this Vigil to `out` (replaced only once the new one is complete)."""
    for recipient in recipients or []:
        archive.recipient_parse(recipient)  # refuse a bad key before any work
    out = out.resolve()
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".vigil-backup-") as work:
        staging = Path(work) / "staging"
        staging.mkdir()
        _stage_files(staging)
        engine = database.vendor()
        census = database.snapshot(staging / database.DATABASE_MEMBER[engine])
        manifest = Manifest(
            vigil_version=_vigil_version(),
            created_at=timezone.now().replace(microsecond=0).isoformat(),
            vendor=engine,
            migrations=census.migrations,
            audit_head=census.audit_head,
            tables=census.tables,
            binary_digests=census.binary_digests,
            members=_checksums(staging),
            key_probe=census.key_probe,
        )
        manifest_bytes = manifest.to_json()
        (staging / archive.MANIFEST).write_bytes(manifest_bytes)
        (staging / archive.SIGNATURE).write_bytes(manifest_signature(manifest_bytes))
        packed = Path(work) / "backup.tar.gz"
        archive.pack(packed, {p.name: p for p in sorted(staging.iterdir())})
        partial = out.with_name(out.name + ".partial")
        if recipients:
            archive.encrypt(packed, partial, recipients)
            partial.chmod(0o600)
        else:
            packed.rename(partial)
        partial.replace(out)
    return manifest
