"""The results page of the header's search box."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vigil.core.access import membership_required
from vigil.core.http import StaffRequest
from vigil.search.forms import SearchForm
from vigil.search.selectors import search
from vigil.search.services import search_audit

MAX_PAGE = 500


@require_GET
@membership_required()
def search_page(request: StaffRequest) -> HttpResponse:
    actor = request.membership
    form = SearchForm(request.GET or None, actor=actor)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        page = request.GET.get("page", "1")
        number = int(page) if page.isdigit() and 0 < int(page) <= MAX_PAGE else 1
        filters = form.filters()
        results = search(
            actor=actor,
            query=form.cleaned_data["q"],
            filters=filters,
            sort=form.cleaned_data.get("sort") or "relevance",
            page=number,
        )
        search_audit(
            actor=actor,
            query=form.cleaned_data["q"],
            kinds=list(filters.kinds),
            results=results.total,
        )
    query = request.GET.copy()
    query.pop("page", None)
    without_kind = query.copy()
    without_kind.pop("kind", None)
    context = {
        "form": form,
        "results": results,
        "query": query.urlencode(),
        "query_without_kind": without_kind.urlencode(),
    }
    return render(request, "search/results.html", context)
