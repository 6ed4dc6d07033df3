"""The answers of searchable choices: the actor's records of one kind that match a search."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from vigil.core.access import membership_required, require_capability
from vigil.core.http import StaffRequest
from vigil.core.searchable import MAX_TEXT, lookup_get, read_context


@require_GET
@membership_required()
def lookup(request: StaffRequest, kind: str) -> JsonResponse:
    """`?q=` words to match, `page=`, and the context the kind is narrowed by (`visit=`).

    Only the actor's scope is searched, so another institution's record, or a context id
    naming one, answers exactly as a record that does not exist: nothing.
    """
    try:
        found = lookup_get(kind)
    except KeyError:
        raise Http404 from None
    if found.capability is not None:
        require_capability(request.membership, found.capability)
    page = request.GET.get("page", "0")
    options, more = found.matches(
        request.membership,
        text=request.GET.get("q", "")[:MAX_TEXT],
        context=read_context(found, request.GET),
        page=min(int(page), 500) if page.isdigit() and len(page) < 6 else 0,
    )
    results = [{"value": o.value, "label": o.label} for o in options]
    return JsonResponse({"results": results, "more": more})
