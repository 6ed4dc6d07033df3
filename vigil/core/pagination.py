"""One page of a list, and the list's query string without the page (for page links)."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from itertools import islice
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50

# What a list shows of each row beyond its columns (counts, flags, prefetched relations),
# added to one page's rows: `rows(listed)` returns `listed` annotated.
RowFigures = Callable[[QuerySet[Any]], QuerySet[Any]]


def paginate(
    request: HttpRequest, items: Any, per_page: int = PER_PAGE, *, rows: RowFigures | None = None
) -> dict[str, Any]:
    """`page` and `query` for the template (includes/pagination.html uses both).

    With `rows`, the list is counted and cut into pages on `items` alone, and only the
    page's rows get the figures `rows` adds: a per-row aggregate then reads the page's
    rows, never the whole list before the LIMIT (issue 14).
    """
    page: Page[Any] = Paginator(items, per_page).get_page(request.GET.get("page"))
    if rows is not None:
        page.object_list = page_rows(items, page.object_list, rows)
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": page, "query": query.urlencode()}


def page_rows(items: QuerySet[Any], sliced: Any, rows: RowFigures) -> list[Any]:
    """The sliced page of `items`, read again with `rows`'s figures, in one query: the page's
    keys are a subquery (ordered and limited on `items`'s own indexes), and the figures are
    computed for those keys alone."""
    keys = sliced.values("pk")
    return list(rows(items.filter(pk__in=keys)))


class MergedList:
    """Disjoint parts of `whole`, listed as one in the descending order of the unique column
    `key`, as a Paginator's list: each part is counted and read newest first on its own
    index, and a page fetches the keys it needs from each before reading its rows.

    For a list whose filter is an OR of two indexed conditions: SQLite fetches and sorts
    every matching row for such an OR, however small the page.
    """

    def __init__(self, whole: QuerySet[Any], parts: Sequence[QuerySet[Any]], key: str) -> None:
        self.whole, self.parts, self.key = whole, parts, key

    def count(self) -> int:
        return sum(part.count() for part in self.parts)

    def __getitem__(self, index: slice) -> list[Any]:
        start, stop = index.start or 0, index.stop
        newest_first = [
            part.order_by(f"-{self.key}").values_list(self.key, flat=True)[:stop]
            for part in self.parts
        ]
        keys = list(islice(heapq.merge(*newest_first, reverse=True), start, stop))
        return list(self.whole.filter(**{f"{self.key}__in": keys}).order_by(f"-{self.key}"))
