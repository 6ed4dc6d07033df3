"""The institution's wording of shipped terms, per language, set by its administrator."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vigil.core.access import membership_required
from vigil.core.http import StaffRequest
from vigil.core.languages import is_shipped, local_choices
from vigil.core.roles import Capability
from vigil.core.selectors import term_override_list
from vigil.core.services.terms import term_wordings_set
from vigil.core.shipped_strings import SHIPPED_TERMS


def _rows(language: str, wordings: dict[str, str]) -> list[dict[str, object]]:
    with translation.override(language):
        return [
            {
                "index": index,
                "source": source,
                "shipped": translation.gettext(source),
                "wording": wordings.get(source, ""),
            }
            for index, source in enumerate(SHIPPED_TERMS)
        ]


@require_http_methods(["GET", "POST"])
@membership_required(Capability.MANAGE_INSTITUTION)
def term_wordings(request: StaffRequest) -> HttpResponse:
    """Every shipped term in one language: the shipped translation, and the institution's
    own wording where it has one."""
    actor = request.membership
    language = request.GET.get("language") or actor.institution.default_language
    if not is_shipped(language):
        language = actor.institution.default_language
    status = 200
    if request.method == "POST":
        wanted = {
            source: request.POST.get(f"term-{index}", "")
            for index, source in enumerate(SHIPPED_TERMS)
            if f"term-{index}" in request.POST
        }
        try:
            changed = term_wordings_set(actor=actor, language=language, wordings=wanted)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            status = 400
        else:
            messages.success(request, _("%(n)s wordings saved.") % {"n": changed})
            url = reverse("core:term_wordings") + f"?language={language}"
            return HttpResponseRedirect(url)
    context = {
        "language": language,
        "languages": local_choices(),
        "rows": _rows(language, term_override_list(actor=actor, language=language)),
    }
    return render(request, "core/term_wordings.html", context, status=status)
