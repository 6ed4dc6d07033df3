"""A Vigil installation of its own for tests that run the real commands and server in
other processes (backup and restore, crash tests): its database, folders and environment.

The database is a SQLite file, or a fresh PostgreSQL database when the suite runs on
PostgreSQL (VIGIL_TEST_DATABASE_URL), dropped afterwards.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[3]
PG_URL = os.environ.get("VIGIL_TEST_DATABASE_URL", "")
TIMEOUT = 600

# Run in a site's process: every encrypted value decrypts; prints how many there are.
DECRYPT_ALL = """
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
        """`vigil ARGS` in this site."""
        return subprocess.run(
            [sys.executable, "-m", "vigil.cli", *args],
            capture_output=True,
            text=True,
            env={**self.env, **(env or {})},
            cwd=ROOT,
            timeout=TIMEOUT,
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def python(self, code: str) -> str:
        """Run `code` in this site's environment; what it printed."""
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=ROOT,
            timeout=TIMEOUT,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of `sql`, read straight from the database file or server."""
        with closing(self._connect()) as db:
            cursor = db.cursor()
            cursor.execute(sql)
            return [tuple(_plain(v) for v in row) for row in cursor.fetchall()]

    def _connect(self) -> Any:
        if self.database_url.startswith("sqlite"):
            return sqlite3.connect(urlsplit(self.database_url).path)
        return psycopg.connect(self.database_url)

    def fingerprint(self) -> dict[str, str]:
        """A digest of every row of every table, to compare two databases exactly."""
        if self.database_url.startswith("sqlite"):
            tables_sql = (
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        else:
            tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        digests = {}
        for (table,) in sorted(self.query(tables_sql)):
            rows = sorted(repr(row) for row in self.query(f'SELECT * FROM "{table}"'))
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


def new_database(root: Path, name: str) -> Iterator[str]:
    """The URL of an empty database for a site (a generator: the fixture's body)."""
    if not PG_URL:
        yield f"sqlite:///{root / name}.sqlite3"
        return
    server = urlsplit(PG_URL)
    database = f"vigil_site_{uuid.uuid4().hex[:10]}"
    admin = urlunsplit(server._replace(path="/postgres"))
    with closing(psycopg.connect(admin, autocommit=True)) as db:
        db.execute(f'CREATE DATABASE "{database}"')
    yield urlunsplit(server._replace(path=f"/{database}"))
    with closing(psycopg.connect(admin, autocommit=True)) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
