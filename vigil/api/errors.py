"""Every error of the API as problem details (RFC 9457), naming the field where one is wrong.

{"type": "…/errors/invalid", "title": "…", "status": 400, "detail": "…",
 "errors": [{"field": "capacity", "detail": "A valid integer is required."}]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from vigil.core.services.records import Conflict

PROBLEM_TYPE = "application/problem+json"
TYPES = {
    400: "invalid",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    412: "stale",
    415: "unsupported-media-type",
    428: "if-match-required",
    429: "rate-limited",
}


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send the record's ETag in If-Match."
    default_code = "if_match_required"


class Stale(exceptions.APIException):
    """412: the record changed since the version the caller read (its ETag)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(_("The record changed since you read it: read it again."))
        self.conflict = conflict


def _flatten(detail: Any, field: str = "") -> Iterator[dict[str, str]]:
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            yield from _flatten(value, f"{field}.{name}" if field and name else field or name)
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, field)
    else:
        yield {"field": field, "detail": str(detail)}


def problem(status_code: int, detail: str, **extra: Any) -> Response:
    body = {
        "type": f"https://vigil.example/api/errors/{TYPES.get(status_code, 'error')}",
        "title": _title(status_code),
        "status": status_code,
        "detail": detail,
        **extra,
    }
    return Response(body, status=status_code, content_type=PROBLEM_TYPE)


def _title(status_code: int) -> str:
    return {
        400: _("The request is not valid."),
        401: _("Authentication is needed."),
        403: _("You may not do this."),
        404: _("Not found."),
        412: _("The record changed since you read it."),
        428: _("If-Match is required."),
        429: _("Too many requests."),
    }.get(status_code, _("The request failed."))


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, answering problem details; service errors become 400s."""
    if isinstance(exc, ValidationError):
        exc = serializers.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("You may not do this."))
    response = exception_handler(exc, context)
    if response is None:
        return None
    extra: dict[str, Any] = {}
    detail: Any = getattr(exc, "detail", "")
    if isinstance(exc, serializers.ValidationError):
        extra["errors"] = list(_flatten(detail))
        first = extra["errors"][0] if extra["errors"] else {"field": "", "detail": ""}
        detail = f"{first['field']}: {first['detail']}" if first["field"] else first["detail"]
    if isinstance(exc, Stale):
        extra["current_version"] = exc.conflict.version
        extra["changes"] = [
            {"field": c.field, "label": c.label, "theirs": c.theirs, "yours": c.yours}
            for c in exc.conflict.changes
        ]
    answer = problem(response.status_code, str(detail), **extra)
    for header in ("Retry-After", "WWW-Authenticate", "Allow"):
        if header in response:
            answer[header] = response[header]
    return answer


class ProblemSerializer(serializers.Serializer):
    """The body of every error (for the schema)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(allow_blank=True)
    errors = serializers.ListField(child=serializers.DictField(), required=False)
