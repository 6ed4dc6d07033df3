"""What the database holds on disk: the bytes a thief of the files or of a dump would get."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection


def _sqlite_bytes() -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(FULL)")
    database = Path(connection.settings_dict["NAME"])
    files = [p for p in database.parent.glob(database.name + "*") if p.is_file()]
    return b"".join(p.read_bytes() for p in files)


def _postgresql_dump() -> bytes:
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed to check what a PostgreSQL dump holds"
    cfg = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": cfg.get("PASSWORD") or ""}
    return subprocess.run(
        [
            pg_dump,
            "-h", cfg["HOST"] or "127.0.0.1",
            "-p", str(cfg["PORT"] or 5432),
            "-U", cfg["USER"] or "postgres",
            "--data-only",
            cfg["NAME"],
        ],
        capture_output=True, check=True, env=env,
    ).stdout  # fmt: skip


def stored_bytes() -> bytes:
    """The SQLite files (after a checkpoint), or a data-only pg_dump, of the test database."""
    return _sqlite_bytes() if connection.vendor == "sqlite" else _postgresql_dump()


def corrupt_ciphertext(model: type[Any], field: str, pk: int) -> str:
    """Flip one bit of a stored ciphertext with a raw SQL UPDATE, as a failing disk or an
    insider would, and return the damaged ciphertext."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        prefix, payload = cursor.fetchone()[0].rsplit(":", 1)
        flipped = bytearray(base64.b64decode(payload))
        flipped[-1] ^= 0x01
        damaged = f"{prefix}:{base64.b64encode(bytes(flipped)).decode()}"
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [damaged, pk])
    return damaged
