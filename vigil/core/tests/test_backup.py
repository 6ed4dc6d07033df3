"""`vigil backup` and `vigil restore`, as an operator runs them: backup, wipe, restore.

Each test drives the real commands in a separate process against a database of its own (a
SQLite file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), filled by
`vigil demo`, so that the round trip covers every table, encrypted values and files.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pyrage
import pytest

ROOT = Path(__file__).resolve().parents[3]
PG_URL = os.environ.get("VIGIL_TEST_DATABASE_URL", "")
_TIMEOUT = 600

# Run in the child processes: every encrypted value decrypts, and how many there are.
_DECRYPT_ALL = """
import django; django.setup()
from django.apps import apps
from vigil.core.fields import encrypted_fields
n = 0
for model in apps.get_models():
    for field in encrypted_fields(model):
        for value in model._base_manager.values_list(field.attname, flat=True):
            n += value is not None
print(n)
"""


class Site:
    """One Vigil installation: its database, its folders and the environment to run it."""

    def __init__(self, root: Path, database_url: str) -> None:
        self.root = root
        self.database_url = database_url
        self.media = root / "media"
        self.checkpoints = root / "audit-checkpoints.jsonl"
        base = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_TEST_")}
        self.env = {
            **base,
            "DJANGO_SETTINGS_MODULE": "vigil.settings",
            "VIGIL_MODE": "test",
            "VIGIL_DATABASE_URL": database_url,
            "VIGIL_MEDIA_ROOT": str(self.media),
            "VIGIL_AUDIT_CHECKPOINT_FILE": str(self.checkpoints),
        }

    def run(
        self, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "vigil.cli", *args],
            capture_output=True,
            text=True,
            env={**self.env, **(env or {})},
            cwd=ROOT,
            timeout=_TIMEOUT,
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def python(self, code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=ROOT,
            timeout=_TIMEOUT,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def fingerprint(self) -> dict[str, str]:
        """A digest of every row of every table, to compare two databases exactly."""
        if self.database_url.startswith("sqlite"):
            connect: Any = sqlite3.connect(urlsplit(self.database_url).path)
            tables_sql = (
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        else:
            connect = psycopg.connect(self.database_url)
            tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        with closing(connect) as db:
            cursor = db.cursor()
            cursor.execute(tables_sql)
            digests = {}
            for (table,) in sorted(cursor.fetchall()):
                cursor.execute(f'SELECT * FROM "{table}"')
                rows = sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())
                digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return digests

    def files(self) -> dict[str, str]:
        return {
            p.relative_to(self.media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.media.rglob("*"))
            if p.is_file()
        }


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def _new_database(tmp_path: Path, name: str) -> Iterator[str]:
    if not PG_URL:
        yield f"sqlite:///{tmp_path / name}.sqlite3"
        return
    server = urlsplit(PG_URL)
    database = f"vigil_backup_{uuid.uuid4().hex[:10]}"
    admin = urlunsplit(server._replace(path="/postgres"))
    with closing(psycopg.connect(admin, autocommit=True)) as db:
        db.execute(f'CREATE DATABASE "{database}"')
    yield urlunsplit(server._replace(path=f"/{database}"))
    with closing(psycopg.connect(admin, autocommit=True)) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A Vigil with the demo's data, a file in its media folder, and signed checkpoints."""
    root = tmp_path_factory.mktemp("source")
    for url in _new_database(root, "source"):
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
    for url in _new_database(tmp_path, "target"):
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
    decrypted = int(target.python(_DECRYPT_ALL))
    assert decrypted > 0 and decrypted == int(source.python(_DECRYPT_ALL))
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
