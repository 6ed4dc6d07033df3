"""The snapshot and the load, per database engine, behind one interface.

SQLite: the online backup API copies a consistent image while Vigil runs. PostgreSQL:
`pg_dump` reads a snapshot that this process exports from a REPEATABLE READ transaction,
so the census written in the manifest counts exactly what the dump holds.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db import connection, connections, transaction

from .census import Census, census_take, table_names
from .manifest import BackupRefused

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DATABASE_MEMBER = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}


def vendor() -> str:
    if connection.vendor not in DATABASE_MEMBER:
        raise BackupRefused(f"Vigil backs up SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database: no password on a command line."""
    settings = connection.settings_dict
    pairs = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
    }
    return {**os.environ, **{k: str(v) for k, v in pairs.items() if v}}


def _pg_tool(name: str, *arguments: str) -> None:
    program = shutil.which(name)
    if program is None:
        raise BackupRefused(
            f"{name} is not installed: install PostgreSQL's client programs "
            "(Debian: postgresql-client) in the version of the server."
        )
    done = subprocess.run(  # noqa: S603 - fixed program, arguments built here
        [program, *arguments], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupRefused(f"{name} failed: {done.stderr.strip()[-2000:]}")


def _sqlite_path() -> Path:
    return Path(str(connection.settings_dict["NAME"]))


def sqlite_copy(source_path: Path, target_path: Path) -> None:
    """Copy one SQLite database over another with the online backup API (safe while open)."""
    with (
        closing(sqlite3.connect(source_path)) as source,
        closing(sqlite3.connect(target_path)) as target,
    ):
        source.backup(target)


def snapshot(out: Path) -> Census:
    """Write the database to `out` and count what it holds, from one consistent state."""
    if vendor() == SQLITE:
        sqlite_copy(_sqlite_path(), out)
        with closing(sqlite3.connect(out)) as copy:
            return census_take(copy.cursor(), SQLITE)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        census = census_take(cursor, POSTGRESQL)
        _pg_tool("pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={out}")
    return census


def holds_data() -> bool:
    """Whether the configured database already holds a Vigil (any applied migration)."""
    with connection.cursor() as cursor:
        if "django_migrations" not in table_names(cursor, vendor()):
            return False
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        return bool(cursor.fetchone()[0])


def _pg_drop_everything() -> None:
    with connection.cursor() as cursor:
        for table in table_names(cursor, POSTGRESQL):
            cursor.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')


def load(path: Path, engine: str) -> None:
    """Replace the configured database's content with the snapshot at `path`."""
    if engine != vendor():
        raise BackupRefused(
            f"This backup is of a {engine} database and Vigil is configured for {vendor()}: "
            "restore it into the same kind of database."
        )
    if engine == SQLITE:
        connections.close_all()
        target = _sqlite_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        sqlite_copy(path, target)
        return
    _pg_drop_everything()
    connections.close_all()
    _pg_tool(
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={connection.settings_dict['NAME']}",
        str(path),
    )


def census_of_configured_database() -> Census:
    with connection.cursor() as cursor:
        return census_take(cursor, vendor())


def keep_aside(path: Path, stamp: str) -> Path | None:
    """Move a file or folder that a restore replaces to `<name>.before-restore-<stamp>`."""
    if not path.exists():
        return None
    aside = path.with_name(f"{path.name}.before-restore-{stamp}")
    path.rename(aside)
    return aside


def sqlite_file() -> Path | None:
    return _sqlite_path() if vendor() == SQLITE else None


def describe(settings: dict[str, Any] | None = None) -> str:
    settings = settings or connection.settings_dict
    return f"{connection.vendor} database {settings.get('NAME')}"
