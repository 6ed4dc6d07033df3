"""Pages outside any institution: the health probe, and the error pages."""

from __future__ import annotations

import socket

from django.conf import settings
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
    """Whether the database answers, for a load balancer or a monitor.

    Served by a small gunicorn of its own (docs/operations.md, section 8), it also says
    whether the web server named by VIGIL_HEALTH_WEB_ADDRESS accepts connections: that
    answer never waits behind the heavy pages the web server is busy with (ADR 0019).
    """
    report, healthy = {"status": "ok", "database": "ok"}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        report["database"], healthy = "unreachable", False
    web = settings.VIGIL_HEALTH_WEB_ADDRESS
    if web:
        accepting = _accepts_connections(web)
        report["web"] = "ok" if accepting else "unreachable"
        healthy = healthy and accepting
    if not healthy:
        report["status"] = "error"
    return JsonResponse(report, status=200 if healthy else 503)


def _accepts_connections(address: str) -> bool:
    """A TCP connection to host:port opens within a second (the kernel's backlog accepts it
    even while every worker is busy: a busy server is alive, a stopped one refuses)."""
    host, _sep, port = address.rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except (OSError, ValueError):
        return False
    return True


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
