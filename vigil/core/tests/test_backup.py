"""`vigil backup` and `vigil restore`, as an operator runs them: backup, wipe, restore.

Each test drives the real commands in a separate process against a database of its own (a
SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), filled by
`vigil demo`, so that the round trip covers every table, encrypted values and files.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest

from vigil.core.tests.sites import DECRYPT_ALL, Site, new_database


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A Vigil with the demo's data, a file in its media folder, and signed checkpoints."""
    root = tmp_path_factory.mktemp("source")
    for url in new_database(root, "source"):
        site = Site(root, url)
        site.ok("migrate", "--no-input", "-v", "0")
        site.ok("demo")
        site.ok("audit", "checkpoint")
        (site.media / "evidence").mkdir(parents=True)
        (site.media / "evidence" / "photo.jpg").write_bytes(os.urandom(4096))
        yield site


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Site]:
    """An empty installation on another machine: no database content, no files."""
    for url in new_database(tmp_path, "target"):
        yield Site(tmp_path, url)


def _backup(source: Site, tmp_path: Path, *extra: str) -> Path:
    file = tmp_path / "vigil.backup"
    out = source.ok("backup", str(file), *extra)
    assert "Backup written" in out
    return file


@pytest.fixture(scope="module")
def backup_of_source(source: Site, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _backup(source, tmp_path_factory.mktemp("backup"))


@pytest.fixture
def backup(backup_of_source: Path, tmp_path: Path) -> Path:
    """A copy of the source's backup, for a test to alter or restore."""
    return Path(shutil.copy(backup_of_source, tmp_path / "vigil.backup"))


def test_backup_then_restore_on_an_empty_server_gives_back_every_table_value_and_file(
    source, target, tmp_path, backup
):
    file = backup
    out = target.ok("restore", str(file))
    assert "audit chain intact" in out
    assert target.fingerprint() == source.fingerprint()
    assert target.files() == source.files()
    decrypted = int(target.python(DECRYPT_ALL))
    assert decrypted > 0 and decrypted == int(source.python(DECRYPT_ALL))
    assert "Audit chain intact" in target.ok("audit", "verify")
    assert target.checkpoints.read_text() == source.checkpoints.read_text()


def test_a_backup_holds_no_key(source, tmp_path, backup):
    file = backup
    with tarfile.open(file) as tar:
        blob = b"".join(
            tar.extractfile(m).read()
            for m in tar.getmembers()
            if m.isfile()  # type: ignore[union-attr]
        )
    for name in ("VIGIL_DATA_KEYS", "VIGIL_AUDIT_KEYS", "VIGIL_BLIND_INDEX_KEY"):
        for key in source.env[name].split(","):
            assert key.split(":")[-1].encode() not in blob


def _repack(file: Path, change: Any) -> None:
    """Rewrite the backup with `change(name, bytes) -> bytes` applied to each member."""
    with tarfile.open(file) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers() if m.isfile()]  # type: ignore[union-attr]
    with tarfile.open(file, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_a_tampered_backup_is_refused_and_changes_nothing(source, target, tmp_path, backup):
    file = backup
    _repack(file, lambda name, data: data + b"x" if name.startswith("database") else data)
    done = target.run("restore", str(file))
    assert done.returncode != 0
    assert "does not match its checksum" in done.stderr
    assert "Traceback" not in done.stderr
    assert "django_migrations" not in target.fingerprint()


def test_a_manifest_rewritten_to_match_is_refused_by_its_signature(
    source, target, tmp_path, backup
):
    file = backup
    _repack(
        file,
        lambda name, data: (
            data.replace(b'"vendor"', b'"vendor" ', 1) if name == "manifest.json" else data
        ),
    )
    done = target.run("restore", str(file))
    assert done.returncode != 0 and "signature does not hold" in done.stderr


def test_restore_refuses_when_the_data_keys_are_not_those_of_the_backup(
    source, target, tmp_path, backup
):
    file = backup
    other = "o1:" + __import__("base64").b64encode(b"o" * 32).decode()
    done = target.run("restore", str(file), env={"VIGIL_DATA_KEYS": other})
    assert done.returncode != 0
    assert "VIGIL_DATA_KEYS cannot read this backup" in done.stderr
    assert "django_migrations" not in target.fingerprint()


def test_restore_refuses_to_overwrite_a_working_server_without_replace(source, tmp_path, backup):
    file = backup
    done = source.run("restore", str(file))
    assert done.returncode != 0 and "--replace" in done.stderr


def test_an_encrypted_backup_restores_only_with_its_private_key(source, target, tmp_path):
    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "backup-key.txt"
    key_file.write_text(str(identity) + "\n")
    file = _backup(source, tmp_path, "--recipient", str(identity.to_public()))
    assert file.read_bytes().startswith(b"age-encryption.org/v1")
    assert b"core_auditevent" not in file.read_bytes()
    done = target.run("restore", str(file))
    assert done.returncode != 0 and "--identity" in done.stderr
    target.ok("restore", str(file), "--identity", str(key_file))
    assert target.fingerprint() == source.fingerprint()


def test_verify_restores_into_a_temporary_database_and_leaves_the_server_alone(
    source, tmp_path, backup
):
    file = backup
    before = source.fingerprint()
    out = source.ok("backup", "--verify", str(file))
    assert "restores and verifies" in out
    assert source.fingerprint() == before
    shutil.copy(file, tmp_path / "broken.backup")
    _repack(tmp_path / "broken.backup", lambda n, d: d[:-10] if n.startswith("database") else d)
    done = source.run("backup", "--verify", str(tmp_path / "broken.backup"))
    assert done.returncode != 0 and "checksum" in done.stderr
