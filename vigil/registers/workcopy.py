"""The working copy of an extract: Parquet written by DuckDB, encrypted by Vigil's own file
encryption (AES-256-GCM, a key of the key ring, the record's identity as associated data).

It is decrypted only into a private temporary directory for the length of one DuckDB query,
and that directory is removed afterwards (ADR 0026).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
from django.conf import settings

from vigil.core import filestore
from vigil.registers.checks import SCHEMA
from vigil.registers.models import CustodyRegister

FOLDER = "registers"


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with bounded memory, so a big extract cannot starve the server."""
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET memory_limit = '{int(settings.VIGIL_DUCKDB_MEMORY_MB)}MB'")
    return con


@contextmanager
def private_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="vigil-register-") as folder:
        yield Path(folder)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def parquet_from_rows(rows: Iterable[Sequence[Any]], folder: Path) -> bytes:
    """The rows (in SCHEMA's order) as Parquet bytes, through a CSV in the private folder."""
    staged = folder / "rows.csv"
    with staged.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
    target = folder / "register.parquet"
    con = connect()
    try:
        columns = ", ".join(f"{name} {kind}" for name, kind in SCHEMA)
        con.execute(f"CREATE TABLE register ({columns})")
        con.execute(
            "COPY register FROM ? (FORMAT csv, HEADER false, NULLSTR '', QUOTE '\"')",
            [str(staged)],
        )
        con.execute("COPY register TO ? (FORMAT parquet, COMPRESSION zstd)", [str(target)])
    finally:
        con.close()
    staged.unlink()
    return target.read_bytes()


def store(register: CustodyRegister, parquet: bytes) -> list[str]:
    """Encrypt and keep the working copy; returns the fields to save."""
    return filestore.file_put(register, parquet, folder=FOLDER)


@contextmanager
def opened(
    register: CustodyRegister, earlier: Sequence[CustodyRegister] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection with the view `register` over the decrypted working copy, and
    with `earlier` given, the view `earlier` (pseudonym, arrested_at) over those extracts'."""
    plain = filestore.file_read(register)
    with private_dir() as folder:
        path = folder / "register.parquet"
        path.write_bytes(plain)
        del plain
        others = []
        for other in earlier or []:
            other_path = folder / f"earlier-{other.pk}.parquet"
            other_path.write_bytes(filestore.file_read(other))
            others.append(str(other_path))
        con = connect()
        try:
            # Paths of our own temporary directory (DDL takes no parameters).
            con.execute(f"CREATE VIEW register AS SELECT * FROM read_parquet('{path}')")  # noqa: S608
            if earlier is not None:
                con.execute("CREATE TABLE earlier (pseudonym VARCHAR, arrested_at TIMESTAMP)")
                if others:
                    paths = ", ".join(f"'{p}'" for p in others)
                    con.execute(
                        "INSERT INTO earlier SELECT pseudonym, arrested_at "  # noqa: S608
                        f"FROM read_parquet([{paths}])"
                    )
            yield con
        finally:
            con.close()
