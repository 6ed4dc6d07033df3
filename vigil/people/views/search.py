"""Finding a person by exact name or exact identity number.

The terms travel by POST only (never in a URL, a log or the audit trail), the lookup goes
through blind indexes (never a scan of decrypted names), and a person is shown only with
the interviews and cases the searcher needs to know.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from vigil.core.access import membership_required
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.people.forms.reprisals import PersonSearchForm
from vigil.people.selectors.people import PersonMatch, people_find


def _result(match: PersonMatch) -> dict[str, Any]:
    return {
        "person": match.person,
        "interviews": [
            (interview, reverse("people:interview_detail", args=[interview.pk]))
            for interview in match.interviews
        ],
        "cases": [(case, reverse("people:case_detail", args=[case.pk])) for case in match.cases],
    }


@never_cache  # the answer names people: no browser or proxy may keep it
@require_http_methods(["GET", "POST"])
@membership_required(Capability.SEARCH_PEOPLE)
def people_search(request: StaffRequest) -> HttpResponse:
    """Exact search for a person by name or identity number (sent by POST, audited)."""
    actor = request.membership
    form = PersonSearchForm(request.POST or None)
    results: list[dict[str, Any]] | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            matches = people_find(
                actor=actor,
                name=form.cleaned_data.get("name") or "",
                identity_number=form.cleaned_data.get("identity_number") or "",
            )
            results = [_result(match) for match in matches]
            # The terms are not shown back: the page may be left open on a shared screen.
            form = PersonSearchForm()
        else:
            status = 400
    return render(request, "people/search.html", {"form": form, "results": results}, status=status)
