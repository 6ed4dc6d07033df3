"""One interface over two full-text engines: SQLite's FTS5 and PostgreSQL's text search.

A query is parsed once (`parse`) into terms: words, "quoted phrases" and prefixes (`torti*`).
Each engine turns the terms into its own match expression; everything else (the facets, the
institution, the kinds, the order, the page) is the same SQL on both. Accents are ignored on
both sides: FTS5's tokenizer removes diacritics, PostgreSQL's configuration `vigil_search`
passes words through `unaccent`; English words are stemmed (Porter on SQLite, the English
snowball stemmer on PostgreSQL).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

MAX_QUERY = 200  # characters of a query that are read
MAX_TERMS = 8
TABLE = "search_searchdocument"
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # normalised: no accents, case folded
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


def fold(text: str) -> str:
    """Case and accents folded, as both engines compare words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse(query: str) -> list[Term]:
    """The terms of a query: words, phrases in double quotes, and prefixes ending in `*`."""
    terms: list[Term] = []
    for match in _TOKEN.finditer(query[:MAX_QUERY]):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            words = tuple(_WORD.findall(fold(phrase)))
            if words:
                terms.append(Term(words))
            continue
        parts = _WORD.findall(fold(word))
        prefix = word.endswith("*")
        for index, part in enumerate(parts):
            # "x-ray" is two words that must follow each other; the last may be a prefix.
            terms.append(Term((part,), prefix=prefix and index == len(parts) - 1))
    return terms[:MAX_TERMS]


@dataclass
class Filters:
    kinds: Sequence[str] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    place_kind_id: int | None = None
    area_ids: Sequence[int] = ()
    theme_id: int | None = None
    severity: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _fts5_match(terms: list[Term]) -> str:
    parts = []
    for term in terms:
        quoted = '"' + " ".join(term.words) + '"'
        parts.append(quoted + ("*" if term.prefix else ""))
    return " AND ".join(parts)


def _pg_query(terms: list[Term]) -> tuple[str, list[Any]]:
    """A tsquery built from each term, so that no user text is read as tsquery syntax."""
    sql, params = [], []
    for term in terms:
        if term.prefix:
            # The words are \\w+ only, so ":*" is the one operator in the text.
            sql.append("to_tsquery('vigil_search', %s)")
            params.append(" <-> ".join(term.words[:-1] + (term.words[-1] + ":*",)))
        else:
            sql.append("phraseto_tsquery('vigil_search', %s)")
            params.append(" ".join(term.words))
    return "(" + " && ".join(sql) + ")", params


def _where(institution_id: int, filters: Filters) -> tuple[list[str], list[Any]]:
    where, params = ["d.institution_id = %s"], [institution_id]
    if filters.kinds:
        where.append("d.kind IN (" + ", ".join(["%s"] * len(filters.kinds)) + ")")
        params.extend(filters.kinds)
    if filters.date_from:
        where.append("d.on_date >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        where.append("d.on_date <= %s")
        params.append(filters.date_to)
    if filters.place_kind_id:
        where.append("d.place_kind_id = %s")
        params.append(filters.place_kind_id)
    if filters.area_ids:
        where.append("d.area_id IN (" + ", ".join(["%s"] * len(filters.area_ids)) + ")")
        params.extend(filters.area_ids)
    if filters.theme_id:
        where.append("d.theme_ids LIKE %s")
        params.append(f"%|{int(filters.theme_id)}|%")
    if filters.severity:
        where.append("d.severity = %s")
        params.append(filters.severity)
    return where, params


def _base(terms: list[Term], institution_id: int, filters: Filters) -> tuple[str, str, list[Any]]:
    """(FROM … WHERE …, the rank expression, params) for the database in use."""
    where, params = _where(institution_id, filters)
    if connection.vendor == "postgresql":
        tsquery, query_params = _pg_query(terms)
        sql = (
            f"FROM {TABLE} d CROSS JOIN (SELECT {tsquery} AS query) q "
            "WHERE d.vector @@ q.query AND " + " AND ".join(where)
        )
        return sql, "ts_rank(d.vector, q.query) DESC", query_params + params
    sql = (
        f"FROM search_fts JOIN {TABLE} d ON d.id = search_fts.rowid "
        "WHERE search_fts MATCH %s AND " + " AND ".join(where)
    )
    return sql, "search_fts.rank", [_fts5_match(terms), *params]


def _order(rank: str, sort: str) -> str:
    if sort == "date":
        return "d.on_date IS NULL, d.on_date DESC, d.id DESC"
    return f"{rank}, d.id DESC"


def search_ids(
    terms: list[Term],
    *,
    institution_id: int,
    filters: Filters,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
) -> list[int]:
    """Ids of the index rows that match, best (or newest) first."""
    if not terms:
        return []
    base, rank, params = _base(terms, institution_id, filters)
    sql = f"SELECT d.id {base} ORDER BY {_order(rank, sort)} LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def top_ids_per_kind(
    terms: list[Term], *, institution_id: int, filters: Filters, sort: str, per_kind: int
) -> list[int]:
    """The first `per_kind` matches of each kind, in one query (the grouped overview)."""
    if not terms:
        return []
    base, rank, params = _base(terms, institution_id, filters)
    sql = (
        "SELECT id FROM (SELECT d.id AS id, d.kind AS kind, ROW_NUMBER() OVER "
        f"(PARTITION BY d.kind ORDER BY {_order(rank, sort)}) AS n {base}) ranked "
        "WHERE n <= %s ORDER BY kind, n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, per_kind])
        return [row[0] for row in cursor.fetchall()]


def counts_per_kind(terms: list[Term], *, institution_id: int, filters: Filters) -> dict[str, int]:
    if not terms:
        return {}
    base, _rank, params = _base(terms, institution_id, filters)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT d.kind, COUNT(*) {base} GROUP BY d.kind", params)
        return {kind: count for kind, count in cursor.fetchall()}
