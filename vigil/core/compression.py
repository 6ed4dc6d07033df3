"""Pages and JSON are sent gzipped, except where a secret is echoed (BREACH; ADR 0019).

BREACH recovers a secret from a compressed HTTPS body when an attacker can also put text of
their own into that body and watch its size. Three things keep it out:

- Django's CSRF token is masked afresh for every response, so the token's bytes differ each
  time and there is nothing stable to guess;
- Django's GZipMiddleware adds a random number of bytes to every compressed body
  ("Heal the BREACH"), so one request's size says little;
- a page that shows a long-lived secret (a TOTP secret, recovery codes, a one-time
  invitation or password-reset link) is never compressed: its URL name is listed in
  `UNCOMPRESSED_VIEWS`, or its view is decorated with `uncompressed`.

Only text is compressed (pages, JSON, CSV); downloads sent as attachments (documents,
evidence) are not: they are compressed already, or carry content nobody should probe.
Static files are served, pre-compressed, by whitenoise before this middleware sees them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

# Pages whose body carries a secret worth stealing, by URL name.
UNCOMPRESSED_VIEWS = frozenset(
    {
        "mfa_activate_totp",  # the TOTP secret, as text and as a QR code
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reset_password_from_key",  # the reset key, in the form's action
        "core:member_detail",  # a one-time invitation link, when no mail server is set
    }
)
COMPRESSED_TYPES = (
    "text/html",
    "text/plain",
    "text/csv",
    "application/json",
    "application/geo+json",
    "application/problem+json",
    "application/vnd.oai.openapi",
)
_UNCOMPRESSED = "_vigil_uncompressed"


def uncompressed(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Never compress this view's responses: they show a secret."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        setattr(response, _UNCOMPRESSED, True)
        return response

    return wrapped


def may_compress(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether this response may be sent compressed (see the module's docstring)."""
    match = request.resolver_match
    if getattr(response, _UNCOMPRESSED, False) or (
        match is not None and match.view_name in UNCOMPRESSED_VIEWS
    ):
        return False
    if "attachment" in response.get("Content-Disposition", ""):
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return content_type.startswith(COMPRESSED_TYPES)


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (with its random padding), for the responses that may be."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not may_compress(request, response):
            return response
        return super().process_response(request, response)
