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
    kinds: Sequence[str] = ()  # none: every kind the actor may see
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    place_kind_id: int | None = None
    area_ids: Sequence[int] = ()
    theme_id: int | None = None
    severity: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _fts5_match(terms: list[Term], institution_id: int, kinds: Sequence[str]) -> str:
    """The FTS5 expression: every term, and the institution and kinds as tokens of the
    `scope` column, so that FTS5 narrows by them itself (and stops at a LIMIT)."""
    parts = []
    for term in terms:
        quoted = '"' + " ".join(term.words) + '"'
        parts.append(quoted + ("*" if term.prefix else ""))
    scope = f"inst{int(institution_id)}"
    if kinds:
        scope += " AND (" + " OR ".join(f"k{_kind_token(k)}" for k in kinds) + ")"
    return "(" + " AND ".join(parts) + f") AND scope : ({scope})"


def _kind_token(kind: str) -> str:
    return "".join(c for c in kind if c.isalnum())


def _pg_query(terms: list[Term]) -> tuple[str, list[Any]]:
    """A tsquery built from each term, so that no user text is read as tsquery syntax."""
    sql, params = [], []
    for term in terms:
        if term.prefix:
            # The words are \\w+ only, so ":*" is the one operator in the text.
            sql.append("to_tsquery('vigil_search', %s)")
            params.append(" <-> ".join((*term.words[:-1], term.words[-1] + ":*")))
        else:
            sql.append("phraseto_tsquery('vigil_search', %s)")
            params.append(" ".join(term.words))
    return "(" + " && ".join(sql) + ")", params


def _facets(filters: Filters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
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


@dataclass(frozen=True)
class Query:
    """FROM … WHERE … for the database in use, the id column and the rank order."""

    sql: str
    params: list[Any]
    id_column: str
    rank: str
    joined: bool


def _query(
    terms: list[Term], institution_id: int, kinds: Sequence[str], filters: Filters, *, join: bool
) -> Query:
    facets, facet_params = _facets(filters)
    if connection.vendor == "postgresql":
        tsquery, params = _pg_query(terms)
        where = ["d.vector @@ q.query", "d.institution_id = %s"]
        params.append(institution_id)
        if kinds:
            where.append("d.kind IN (" + ", ".join(["%s"] * len(kinds)) + ")")
            params.extend(kinds)
        sql = f"FROM {TABLE} d CROSS JOIN (SELECT {tsquery} AS query) q WHERE " + " AND ".join(
            where + facets
        )
        return Query(sql, params + facet_params, "d.id", "ts_rank(d.vector, q.query) DESC", True)
    match = _fts5_match(terms, institution_id, kinds)
    if not (join or facets):
        # The index alone: FTS5 walks its lists in rowid order and stops at the LIMIT.
        return Query(
            "FROM search_fts WHERE search_fts MATCH %s",
            [match],
            "search_fts.rowid",
            "search_fts.rank",
            False,
        )
    sql = f"FROM search_fts JOIN {TABLE} d ON d.id = search_fts.rowid WHERE " + " AND ".join(
        ["search_fts MATCH %s", *facets]
    )
    return Query(sql, [match, *facet_params], "search_fts.rowid", "search_fts.rank", True)


def count(
    terms: list[Term], *, institution_id: int, kinds: Sequence[str], filters: Filters, cap: int
) -> int:
    """How many index rows match, counted up to `cap + 1` (more than `cap`: too many to
    count or rank quickly, which the page says)."""
    if not terms:
        return 0
    query = _query(terms, institution_id, kinds, filters, join=False)
    # Our own fragments only: every value, the user's words included, is a parameter.
    sql = f"SELECT COUNT(*) FROM (SELECT 1 AS one {query.sql} LIMIT %s) counted"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*query.params, cap + 1])
        return int(cursor.fetchone()[0])


def search_ids(
    terms: list[Term],
    *,
    institution_id: int,
    kinds: Sequence[str],
    filters: Filters,
    order: str = "relevance",
    limit: int = 20,
    offset: int = 0,
) -> list[int]:
    """Ids of the index rows that match, in `order`: "relevance" (ranked), "date" (the
    record's date, newest first) or "recorded" (the newest index rows first: what a match
    set too large to rank is shown in, as the index can stop at the page)."""
    if not terms:
        return []
    query = _query(terms, institution_id, kinds, filters, join=order == "date")
    if order == "date":
        by = "d.on_date IS NULL, d.on_date DESC, d.id DESC"
    elif order == "relevance":
        by = f"{query.rank}, {query.id_column} DESC"
    else:
        by = f"{query.id_column} DESC"
    sql = f"SELECT {query.id_column} {query.sql} ORDER BY {by} LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*query.params, limit, offset])
        return [row[0] for row in cursor.fetchall()]
