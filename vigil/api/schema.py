"""How each resource is described in the OpenAPI schema: every operation gets a description,
its query parameters, its errors (problem details) and examples, from the resource itself."""

from __future__ import annotations

from typing import Any, TypeVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from vigil.api.errors import ProblemSerializer

R = TypeVar("R")

PROBLEM_EXAMPLE = {
    "type": "https://vigil.example/api/errors/invalid",
    "title": "The request is not valid.",
    "status": 400,
    "detail": "capacity: A valid integer is required.",
    "errors": [{"field": "capacity", "detail": "A valid integer is required."}],
}
LANG = OpenApiParameter(
    "lang", str, description="Language of the labels (one of the installed languages)."
)
ORDERING_HELP = "Sort order, as the list page offers it."


PROBLEMS = {
    400: ("invalid", "The request is not valid.", "capacity: A valid integer is required."),
    401: ("not-authenticated", "Authentication is needed.", "This token is not valid."),
    403: ("forbidden", "You may not do this.", "This token may only read."),
    404: ("not-found", "Not found.", "Not found."),
    412: ("stale", "The record changed since you read it.", "Read it again."),
    428: ("if-match-required", "If-Match is required.", "Send the record's ETag in If-Match."),
    429: ("rate-limited", "Too many requests.", "Request was throttled."),
}


def _problem_example(code: int) -> dict[str, Any]:
    kind, title, detail = PROBLEMS[code]
    body = {
        "type": f"https://vigil.example/api/errors/{kind}",
        "title": title,
        "status": code,
        "detail": detail,
    }
    return {**PROBLEM_EXAMPLE, **body} if code == 400 else body


def _problems(*codes: int) -> dict[Any, OpenApiResponse]:
    texts = {
        400: "Bad input: the problem names the field.",
        401: "No token or session, or the token is expired or revoked.",
        403: "The role, or the token's scope or resources, does not allow this.",
        404: "No such record in your institution.",
        412: "If-Match names an older version: read the record again.",
        428: "If-Match is missing.",
        429: "Too many requests: wait for Retry-After seconds.",
    }
    return {
        (code, "application/problem+json"): OpenApiResponse(
            ProblemSerializer,
            description=texts[code],
            examples=[OpenApiExample(f"problem {code}", value=_problem_example(code))],
        )
        for code in codes
    }


def _ok(serializer: Any, description: str, example: dict[str, Any], name: str) -> OpenApiResponse:
    return OpenApiResponse(
        serializer, description=description, examples=[OpenApiExample(name, value=example)]
    )


def _filters(c: Any) -> list[Any]:
    return [c.filters] if c.filters().fields else []


def documented(cls: type[R]) -> type[R]:
    """Describe a Resource's operations from its attributes (`noun`, `plural`, `about`,
    `example`, `input_example`)."""
    c: Any = cls
    noun, plural, about, example = c.noun, c.plural, c.about, c.example
    orderings = OpenApiParameter("ordering", str, enum=list(c.orderings), description=ORDERING_HELP)
    common = (401, 403, 429)
    views: dict[str, Any] = {
        "list": extend_schema(
            summary=f"List {plural}",
            description=f"The {plural} of your institution, a page at a time. {about}",
            parameters=[*_filters(c), orderings, LANG],
            responses={
                200: _ok(c.output(many=True), f"A page of {plural}.", example, plural),
                **_problems(400, *common),
            },
            tags=[c.tag],
        ),
        "retrieve": extend_schema(
            summary=f"Read one {noun}",
            description=f"One {noun} of your institution, with its ETag. {about}",
            parameters=[LANG],
            responses={
                200: _ok(c.detail_output or c.output, f"The {noun}.", example, noun),
                **_problems(*common, 404),
            },
            tags=[c.tag],
        ),
    }
    if c.create_input is not None:
        views["create"] = extend_schema(
            summary=f"Add a {noun}",
            description=f"Add a {noun}, as its page does (same checks, same audit event).",
            parameters=[LANG],
            request=c.create_input,
            examples=[OpenApiExample(f"new {noun}", value=c.input_example, request_only=True)],
            responses={
                201: _ok(c.output, f"The {noun} added.", example, noun),
                **_problems(400, *common),
            },
            tags=[c.tag],
        )
    if c.update_input is not None:
        views["partial_update"] = extend_schema(
            summary=f"Change a {noun}",
            description=(
                f"Change some fields of a {noun}. Send the ETag you read in If-Match: if the "
                f"{noun} changed since, nothing is saved and the answer is 412."
            ),
            parameters=[
                LANG,
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    required=True,
                    description="The ETag of the version you read.",
                ),
            ],
            request=c.update_input,
            examples=[OpenApiExample(f"{noun} change", value=c.input_example, request_only=True)],
            responses={
                200: _ok(c.output, f"The {noun} as saved.", example, noun),
                **_problems(400, *common, 404, 412, 428),
            },
            tags=[c.tag],
        )
    return extend_schema_view(**views)(cls)


def documented_aggregate(cls: type[R]) -> type[R]:
    """Describe an Aggregate's one operation."""
    c: Any = cls
    return extend_schema_view(
        list=extend_schema(
            summary=c.summary,
            description=c.about,
            parameters=[*_filters(c), LANG],
            responses={
                200: _ok(c.output, c.summary, c.example, c.resource),
                **_problems(400, 401, 403, 429),
            },
            tags=[c.tag],
        )
    )(cls)


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "vigil.api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("A personal access token, made on the “API tokens” page of Vigil.")
            ),
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "vigil.api.authentication.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
