"""`backup_restore` puts a backup back after checking it; `backup_verify` proves that a
backup restores, into a temporary database, without touching the running one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from vigil.core import crypto
from vigil.core.audit import audit_verify

from . import archive, database
from .census import census_differences
from .manifest import BackupRefused, Manifest, manifest_check, sha256_file
from .write import CHECKPOINTS, MEDIA


@dataclass
class RestoreReport:
    manifest: Manifest
    events: int
    head_hash: str
    kept_aside: list[Path] = field(default_factory=list)


def _checked_members(staging: Path, names: list[str]) -> Manifest:
    try:
        manifest_bytes = (staging / archive.MANIFEST).read_bytes()
        signature = (staging / archive.SIGNATURE).read_bytes()
    except OSError as error:
        raise BackupRefused(
            "The file holds no signed manifest: it is not a Vigil backup."
        ) from error
    manifest = manifest_check(manifest_bytes, signature)
    held = set(names) - {archive.MANIFEST, archive.SIGNATURE}
    if held != set(manifest.members):
        raise BackupRefused("The backup's files are not the ones its manifest lists.")
    for name, expected in sorted(manifest.members.items()):
        digest, size = sha256_file(staging / name)
        if (digest, size) != (expected["sha256"], expected["bytes"]):
            raise BackupRefused(f"{name} in the backup does not match its checksum.")
    return manifest


def backup_open(path: Path, work: Path, identity: Path | None) -> tuple[Path, Manifest]:
    """Decrypt and unpack into `work`, then check the signature and every checksum."""
    if not path.is_file():
        raise BackupRefused(f"{path} is not a file.")
    plain = path
    if archive.is_encrypted(path):
        plain = work / "backup.tar.gz"
        archive.decrypt(path, plain, identity)
    staging = work / "staging"
    staging.mkdir()
    names = archive.unpack(plain, staging)
    return staging, _checked_members(staging, names)


def _check_keys(manifest: Manifest) -> None:
    probe = manifest.key_probe
    if probe is None:
        return
    try:
        crypto.decrypt(probe.token, context=probe.context)
    except crypto.DecryptionError as error:
        raise BackupRefused(
            f"The data keys in VIGIL_DATA_KEYS cannot read this backup (its values use key "
            f"{crypto.key_id_of(probe.token)!r}): set the keys it was made with (docs/keys.md)."
        ) from error


def _put_files(staging: Path, stamp: str, aside: list[Path]) -> None:
    """The backup's media and checkpoints replace the server's; those are kept aside."""
    for held, target in (
        (staging / MEDIA, Path(settings.MEDIA_ROOT)),
        (staging / CHECKPOINTS, Path(settings.VIGIL_AUDIT_CHECKPOINT_FILE)),
    ):
        moved = database.keep_aside(target, stamp)
        if moved is not None:
            aside.append(moved)
        if held.is_dir():
            shutil.copytree(held, target)
        elif held.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(held, target)


def _keep_database_aside(stamp: str, aside: list[Path]) -> None:
    current = database.sqlite_file()
    if current is not None and current.is_file() and current.stat().st_size:
        copy = current.with_name(f"{current.name}.before-restore-{stamp}")
        database.sqlite_copy(current, copy)
        aside.append(copy)


def backup_restore(
    path: Path, *, identity: Path | None = None, replace: bool = False
) -> RestoreReport:
    """Restore `path` into the configured database and folders, then migrate and verify."""
    with tempfile.TemporaryDirectory(prefix="vigil-restore-") as work:
        staging, manifest = backup_open(path, Path(work), identity)
        _check_keys(manifest)
        if database.holds_data() and not replace:
            raise BackupRefused(
                f"The {database.describe()} already holds a Vigil. Restore into an empty "
                "database, or give --replace to replace it."
            )
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
        aside: list[Path] = []
        _keep_database_aside(stamp, aside)
        database.load(staging / database.DATABASE_MEMBER[manifest.vendor], manifest.vendor)
        problems = census_differences(manifest, database.census_of_configured_database())
        if problems:
            raise BackupRefused(
                "The database was loaded, but it differs from the backup: " + "; ".join(problems)
            )
        _put_files(staging, stamp, aside)
    call_command("migrate", interactive=False, verbosity=0)
    head = manifest.audit_head.get("hash", "")
    chain = audit_verify(anchor=head)
    if not chain.ok:
        raise BackupRefused(f"Restored, but the audit chain does not verify: {chain.problem}.")
    return RestoreReport(manifest, chain.events, chain.head_hash, aside)


def _database_url(name: str) -> str:
    if database.vendor() == database.SQLITE:
        return f"sqlite:///{name}"
    s = connection.settings_dict
    user = quote(str(s.get("USER") or ""), safe="")
    password = quote(str(s.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{s.get('HOST') or ''}:{s.get('PORT') or 5432}/{name}"


def backup_verify(path: Path, *, identity: Path | None = None) -> str:
    """Restore `path` into a temporary database and folders, in a separate process, and
    report what it printed; raises BackupRefused when the restore fails."""
    engine = database.vendor()
    with tempfile.TemporaryDirectory(prefix="vigil-verify-") as work:
        name = str(Path(work) / "verify.sqlite3")
        if engine == database.POSTGRESQL:
            name = f"vigil_verify_{uuid.uuid4().hex[:12]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{name}"')
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vigil.settings",
            "VIGIL_DATABASE_URL": _database_url(name),
            "VIGIL_MEDIA_ROOT": str(Path(work) / "media"),
            "VIGIL_AUDIT_CHECKPOINT_FILE": str(Path(work) / CHECKPOINTS),
        }
        command = [sys.executable, "-m", "vigil.cli", "restore", str(path)]
        if identity is not None:
            command += ["--identity", str(identity)]
        try:
            done = subprocess.run(  # noqa: S603 - this program, arguments built here
                command, env=env, capture_output=True, text=True, check=False
            )
        finally:
            if engine == database.POSTGRESQL:
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if done.returncode != 0:
        raise BackupRefused((done.stderr or done.stdout).strip().splitlines()[-1])
    return done.stdout
