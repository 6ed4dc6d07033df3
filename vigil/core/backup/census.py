"""What a database holds, read the same way from a snapshot and from a restored database,
so that the two can be compared table by table.

Reads go through a plain DB-API cursor: a snapshot is not Django's database, and a census
must count every table, including those no model names (sessions, the task queue).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import apps
from django.db import models

from vigil.core.fields import encrypted_fields
from vigil.core.models import AuditChainHead

from .manifest import KeyProbe

_BATCH = 200


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchmany(self, size: int = ..., /) -> list[Any]: ...
    def fetchall(self) -> list[Any]: ...


@dataclass
class Census:
    tables: dict[str, int]
    migrations: list[str]
    audit_head: dict[str, Any]
    binary_digests: dict[str, str]
    key_probe: KeyProbe | None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor: Cursor, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def _count(cursor: Cursor, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - a catalog name
    return int(cursor.fetchone()[0])


def _migrations(cursor: Cursor) -> list[str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _audit_head(cursor: Cursor) -> dict[str, Any]:
    cursor.execute(
        f"SELECT sequence, hash FROM {_quote(AuditChainHead._meta.db_table)}"  # noqa: S608
    )
    row = cursor.fetchone()
    return {"sequence": int(row[0]), "hash": str(row[1])} if row else {"sequence": 0, "hash": ""}


def _binary_columns() -> list[tuple[str, str, str]]:
    """(table, primary key column, column) of every BinaryField: where files are kept."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.BinaryField):
                pk = model._meta.pk
                assert pk is not None
                found.append((model._meta.db_table, pk.column, field.column))
    return sorted(found)


def _binary_digest(cursor: Cursor, table: str, pk: str, column: str) -> str:
    """One SHA-256 over every (row, SHA-256 of its file): a file changed anywhere shows."""
    digest = hashlib.sha256()
    cursor.execute(
        f"SELECT {_quote(pk)}, {_quote(column)} FROM {_quote(table)} "  # noqa: S608
        f"ORDER BY {_quote(pk)}"
    )
    while rows := cursor.fetchmany(_BATCH):
        for key, content in rows:
            file_hash = hashlib.sha256(bytes(content or b"")).hexdigest()
            digest.update(f"{key}:{file_hash}\n".encode())
    return digest.hexdigest()


def _key_probe(cursor: Cursor, tables: set[str]) -> KeyProbe | None:
    for model in apps.get_models():
        if model._meta.db_table not in tables:
            continue
        for field in encrypted_fields(model):
            cursor.execute(
                f"SELECT {_quote(field.column)} FROM {_quote(model._meta.db_table)} "  # noqa: S608
                f"WHERE {_quote(field.column)} IS NOT NULL AND {_quote(field.column)} <> '' "
                "LIMIT 1"
            )
            row = cursor.fetchone()
            if row:
                return KeyProbe(context=field.crypto_context, token=str(row[0]))  # type: ignore[attr-defined]
    return None


def census_take(cursor: Cursor, vendor: str) -> Census:
    names = table_names(cursor, vendor)
    tables = {name: _count(cursor, name) for name in names}
    present = set(names)
    digests = {
        f"{table}.{column}": _binary_digest(cursor, table, pk, column)
        for table, pk, column in _binary_columns()
        if table in present
    }
    return Census(
        tables=tables,
        migrations=_migrations(cursor) if "django_migrations" in present else [],
        audit_head=_audit_head(cursor) if AuditChainHead._meta.db_table in present else {},
        binary_digests=digests,
        key_probe=_key_probe(cursor, present),
    )


def census_differences(expected: Census | Any, found: Census) -> list[str]:
    """Every table whose count, and every file column whose digest, is not as expected."""
    problems = []
    for table in sorted(set(expected.tables) | set(found.tables)):
        want, got = expected.tables.get(table), found.tables.get(table)
        if want != got:
            problems.append(f"table {table}: {want} row(s) in the backup, {got} restored")
    for column, digest in sorted(expected.binary_digests.items()):
        if found.binary_digests.get(column) != digest:
            problems.append(f"files in {column} differ from the backup's checksums")
    return problems
