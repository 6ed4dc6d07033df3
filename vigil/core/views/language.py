"""Choosing the interface language from the header's switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigil.core.http import VigilRequest
from vigil.core.languages import is_shipped
from vigil.core.services import institutions as services


@login_not_required
@require_POST
def language_set(request: VigilRequest) -> HttpResponse:
    """Save the chosen language in the person's profile (a cookie for visitors), then go back."""
    language = request.POST.get("language", "")
    if not is_shipped(language):
        return HttpResponseBadRequest(_("Choose one of the languages Vigil ships."))
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    # Back to the page the switch was on; the page does not repeat its own address in the
    # form (an error page must not echo what was in the URL).
    target = request.POST.get("next", "") or request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("core:home")
    response = HttpResponseRedirect(target)
    # Also for the sign-in page after signing out.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    translation.activate(language)
    return response
