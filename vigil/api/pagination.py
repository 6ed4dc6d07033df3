"""Cursor pagination: stable pages however the records change between requests."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import CursorPagination
from rest_framework.request import Request


class RecordCursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> tuple[str, ...]:
        # The resource validated `ordering` among the fields its list page offers.
        return tuple(view.ordering_of(request))
