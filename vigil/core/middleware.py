"""Request guards: session lifetime, the active institution, and required MFA."""

from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from vigil.core.auth import SESSION_LOGIN_AT, SESSION_SEEN_AT, has_second_factor
from vigil.core.dates import calendar_of
from vigil.core.forms import FORM_FAILED
from vigil.core.http import VigilRequest
from vigil.core.selectors import active_memberships
from vigil.core.terms import terms_of

SESSION_INSTITUTION = "vigil_institution_id"
SESSION_MFA_OK = "vigil_mfa_ok"
_SEEN_RESOLUTION = 60  # seconds; avoids writing the session on every request

Handler = Callable[[HttpRequest], HttpResponse]


class SessionLimitsMiddleware:
    """Ends a session after 30 idle minutes or 12 hours, whichever comes first."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            login_at = request.session.get(SESSION_LOGIN_AT, now)
            seen_at = request.session.get(SESSION_SEEN_AT, now)
            idle = now - seen_at > settings.VIGIL_SESSION_IDLE_SECONDS
            too_old = now - login_at > settings.VIGIL_SESSION_ABSOLUTE_SECONDS
            if idle or too_old:
                logout(request)
                messages.info(request, _("Your session ended. Please sign in again."))
                return HttpResponseRedirect(reverse("account_login"))
            request.session.setdefault(SESSION_LOGIN_AT, login_at)
            if now - seen_at >= _SEEN_RESOLUTION or SESSION_SEEN_AT not in request.session:
                request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class ActiveInstitutionMiddleware:
    """Sets `request.membership` (the active one) and `request.memberships`.

    Memberships are read fresh on every request, so a deactivated membership or
    a changed role takes effect at once. Dates show in the institution's zone.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: VigilRequest) -> HttpResponse:
        request.membership = None
        request.memberships = []
        if request.user.is_authenticated:
            memberships = active_memberships(user=request.user)
            wanted = request.session.get(SESSION_INSTITUTION)
            active = next((m for m in memberships if m.institution_id == wanted), None)
            if active is None and memberships:
                active = memberships[0]
            request.memberships = memberships
            request.membership = active
            if active is not None:
                timezone.activate(zoneinfo.ZoneInfo(active.institution.time_zone))
        try:
            # Shipped terms show with the active institution's wording (vigil.core.terms).
            institution = request.membership.institution if request.membership else None
            with (
                terms_of(institution.pk if institution else None),
                calendar_of(institution.calendar if institution else "gregorian"),
            ):
                return self.get_response(request)
        finally:
            timezone.deactivate()


_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class UserLanguageMiddleware:
    """The interface language of a signed-in person: their own choice, else their
    institution's default. Visitors keep LocaleMiddleware's (cookie, then Accept-Language)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: VigilRequest) -> HttpResponse:
        wanted = ""
        if request.user.is_authenticated:
            wanted = getattr(request.user, "language", "")
            if not wanted and request.membership is not None:
                wanted = request.membership.institution.default_language
        if wanted and wanted != translation.get_language():
            translation.activate(wanted)
            request.LANGUAGE_CODE = wanted
        return self.get_response(request)


class MFARequiredMiddleware:
    """With MFA required, a user without a second factor can only enrol one (or log out)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.VIGIL_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(_MFA_EXEMPT_PREFIXES)
            and not request.session.get(SESSION_MFA_OK)
        ):
            if not has_second_factor(request.user):
                messages.warning(
                    request,
                    _("Vigil protects sensitive data: set up two-factor authentication first."),
                )
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
            request.session[SESSION_MFA_OK] = True
        return self.get_response(request)


# The URL spaces whose every page and download is about people (cases, interviews,
# examinations, evidence): a browser or a proxy must keep no copy of them. A single view
# elsewhere says the same with Django's `never_cache`, or `table_download(private=True)`.
PRIVATE_NAMESPACES = frozenset({"people"})


class PrivatePagesMiddleware:
    """`Cache-Control: no-store` on every response of a private URL space."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        private = match is not None and PRIVATE_NAMESPACES & set(match.namespaces)
        if private and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)  # a download that said no-store already stays
        return response


class FailedFormMiddleware:
    """A POST whose form was refused answers 400, on every page alike.

    Views show a refused form again with its errors; `form_saved` (or `form_failed`) marks the
    request, and a 200 answer to it becomes 400, so no view has to remember the status. Other
    answers (the redirect of a success, a 409 conflict, a 403) are left as they are.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and getattr(request, FORM_FAILED, False)
            and response.status_code == 200
        ):
            response.status_code = 400
        return response
