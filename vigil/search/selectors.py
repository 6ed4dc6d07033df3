"""Reads of the search: index rows that match, then the records through each kind's selector.

The index narrows to the acting membership's institution and to the kinds its role may see;
the records of a page are then read through the same selector as their list
(`SearchKind.visible`), so a hit is never wider than the access layer. Index rows whose record
is gone or out of reach are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vigil.core import fulltext
from vigil.core.access import actor_can
from vigil.core.fulltext import SearchKind
from vigil.core.models import Membership
from vigil.search import engine
from vigil.search.engine import Filters, Term
from vigil.search.models import SearchDocument
from vigil.visits.models import Theme

PER_KIND = 5  # hits of each kind on the grouped overview
PAGE = 20  # hits per page of one kind
CAP = 1000  # matches of a kind that are counted and ranked; beyond, newest recorded first
SNIPPET_WORDS = 36
_TOKEN = re.compile(r"\w+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s")


@dataclass
class Hit:
    kind: SearchKind
    record: Any
    title: SafeString
    snippet: SafeString
    url: str
    context: list[str]
    on_date: Any


@dataclass
class Group:
    key: str
    label: Any
    hits: list[Hit] = field(default_factory=list)
    counts: list[tuple[SearchKind, int, bool]] = field(default_factory=list)  # (kind, n, more)


@dataclass
class Results:
    terms: list[Term]
    groups: list[Group]
    total: int
    more: bool = False  # more than CAP matches: the total and the counts are "CAP+"
    kind: SearchKind | None = None
    page: int = 1
    has_next: bool = False


def themes_for(actor: Membership) -> QuerySet[Theme]:
    """The themes the theme filter offers: shipped and the institution's own."""
    return Theme.objects.visible_to(actor)


def kinds_for(actor: Membership) -> list[SearchKind]:
    return [kind for kind in fulltext.kinds() if actor_can(actor, kind.capability)]


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _matches(token: str, terms: list[Term]) -> bool:
    folded = engine.fold(token)
    for term in terms:
        for index, word in enumerate(term.words):
            last = index == len(term.words) - 1
            if term.prefix and last and folded.startswith(word):
                return True
            if folded == word or _stem(folded) == _stem(word):
                return True
    return False


def highlight(text: str, terms: list[Term], *, window: int | None = None) -> SafeString:
    """`text` escaped, the words that match a term in <mark>; around the first one if
    `window` (a number of words) is given."""
    tokens = list(_TOKEN.finditer(text))
    hits = [t for t in tokens if _matches(t.group(0), terms)]
    start, end = 0, len(text)
    if window is not None and tokens:
        first = tokens.index(hits[0]) if hits else 0
        lead = max(first - window // 3, 0)
        tail = min(lead + window, len(tokens)) - 1
        start, end = tokens[lead].start(), tokens[tail].end()
    out: list[str] = []
    position = start
    for token in hits:
        if token.start() < start or token.end() > end:
            continue
        out.append(escape(text[position : token.start()]))
        out.append(f"<mark>{escape(token.group(0))}</mark>")
        position = token.end()
    out.append(escape(text[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out).strip() + suffix)  # noqa: S308 (escaped above)


def _hits(actor: Membership, documents: list[SearchDocument], terms: list[Term]) -> list[Hit]:
    """The records behind the index rows, through their kinds' selectors, in the rows' order."""
    by_kind: dict[str, list[int]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document.object_id)
    kinds = {kind.key: kind for kind in kinds_for(actor)}
    records: dict[tuple[str, int], Any] = {}
    for key, ids in by_kind.items():
        kind = kinds.get(key)
        if kind is None:
            continue
        for record in kind.visible(actor).filter(pk__in=ids):
            records[(key, record.pk)] = record
    hits = []
    for document in documents:
        record = records.get((document.kind, document.object_id))
        if record is None:
            continue
        kind = kinds[document.kind]
        hits.append(
            Hit(
                kind=kind,
                record=record,
                title=highlight(document.title, terms),
                snippet=highlight(document.body, terms, window=SNIPPET_WORDS),
                url=kind.url(record),
                context=[str(part) for part in kind.context(record) if part],
                on_date=document.on_date,
            )
        )
    return hits


def _documents(ids: list[int]) -> list[SearchDocument]:
    found = SearchDocument.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _order(sort: str, matches: int) -> str:
    """Relevance ranks every match, so a set larger than CAP is shown newest recorded first."""
    if sort == "date":
        return "date"
    return "relevance" if matches <= CAP else "recorded"


def search(
    *,
    actor: Membership,
    query: str,
    filters: Filters,
    sort: str = "relevance",
    page: int = 1,
) -> Results:
    """What the actor may see that matches `query`: grouped by kind, or one kind's page."""
    terms = engine.parse(query)
    allowed = kinds_for(actor)
    wanted = [k for k in allowed if not filters.kinds or k.key in filters.kinds]
    if not terms or not wanted or not actor.is_active:
        return Results(terms=terms, groups=[], total=0)
    filters.kinds = [k.key for k in wanted]
    institution_id = actor.institution_id
    counts = {
        kind.key: engine.count(
            terms, institution_id=institution_id, kinds=[kind.key], filters=filters, cap=CAP
        )
        for kind in wanted
    }
    single = wanted[0] if len(wanted) == 1 else None
    limit, offset = (PAGE + 1, (page - 1) * PAGE) if single is not None else (PER_KIND, 0)
    has_next = False
    ids: list[int] = []
    for kind in wanted:
        if not counts[kind.key]:
            continue
        found = engine.search_ids(
            terms,
            institution_id=institution_id,
            kinds=[kind.key],
            filters=filters,
            order=_order(sort, counts[kind.key]),
            limit=limit,
            offset=offset,
        )
        if single is not None:
            has_next, found = len(found) > PAGE, found[:PAGE]
        ids.extend(found)
    hits = _hits(actor, _documents(ids), terms)
    groups: dict[str, Group] = {
        key: Group(key=key, label=label) for key, label in fulltext.GROUPS.items()
    }
    for kind in wanted:
        if counts[kind.key]:
            number = counts[kind.key]
            groups[kind.group].counts.append((kind, min(number, CAP), number > CAP))
    for hit in hits:
        groups[hit.kind.group].hits.append(hit)
    return Results(
        terms=terms,
        groups=[g for g in groups.values() if g.hits or g.counts],
        total=min(sum(counts.values()), CAP),
        more=any(n > CAP for n in counts.values()),
        kind=single,
        page=page,
        has_next=has_next,
    )
