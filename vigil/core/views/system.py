"""Pages outside any institution: the health probe, and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Whether the database answers, for a load balancer or a monitor."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _error_page(request: HttpRequest, status: int, template: str) -> HttpResponse:
    # Error pages are rendered without context that could reveal data.
    return render(request, template, status=status)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The page for a request Vigil cannot make sense of (400)."""
    return _error_page(request, 400, "400.html")


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The page for what the person's role may not do (403)."""
    return _error_page(request, 403, "403.html")


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form sent without its CSRF token (an expired page, usually)."""
    return _error_page(request, 403, "403_csrf.html")


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404, for a missing record and for another institution's alike."""
    return _error_page(request, 404, "404.html")


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """The page for an error of Vigil's own (500), which shows nothing of the data."""
    return _error_page(request, 500, "500.html")
