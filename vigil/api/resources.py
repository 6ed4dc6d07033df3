"""The shape every resource of the API shares (ADR 0021).

A resource names its record type for tokens (`resource`), the capability its role needs to
read (`capability`) and to write (`write_capability`), an output serializer, a serializer of
its query parameters (`filters`), the orderings its list page offers, and the selectors it
reads through (`records`, `record`). Writes name an input serializer and the service they
call (`create_record`, `update_record`). Everything else is here, once:

- the acting membership comes from the token or the session (`vigil.api.authentication`);
- a record of another institution is the 404 of a missing one, because `record` is a
  selector of the access layer;
- updates carry the ETag they read in `If-Match`; the version is claimed with
  `vigil.core.services.records.version_claim` in the service's transaction (ADR 0016), and a
  stale one is a 412 naming what changed;
- every audit event written inside a request says it came through the API;
- `?lang=` answers in one of the installed languages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from vigil.api.authentication import ApiAccess
from vigil.api.errors import PreconditionRequired, Stale
from vigil.core.access import actor_can
from vigil.core.audit import API, audit_channel
from vigil.core.models import Membership, Versioned
from vigil.core.roles import Capability
from vigil.core.services.records import Conflict, version_claim

_VERSION = re.compile(r'^(?:W/)?"?(\d{1,12})"?$')


class ActsForMembership(permissions.BasePermission):
    """A membership acts; its token allows the resource (and writing); its role the capability."""

    def has_permission(self, request: Request, view: Any) -> bool:
        access = request.auth
        if not isinstance(access, ApiAccess):
            raise exceptions.NotAuthenticated
        if not access.allows(view.resource):
            raise exceptions.PermissionDenied(_("This token may not use this resource."))
        writing = request.method not in permissions.SAFE_METHODS
        if writing and not access.can_write:
            raise exceptions.PermissionDenied(_("This token may only read."))
        needed = view.write_capability if writing else view.capability
        return needed is not None and actor_can(access.membership, needed)


class NoFilters(serializers.Serializer):
    pass


def version_tag(record: models.Model) -> str:
    return f'"{record.version}"' if isinstance(record, Versioned) else ""


def expected_version(request: Request) -> int:
    """The version the caller read, from If-Match (428 without it; 412 when unreadable)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(_("Send the record's ETag in If-Match."))
    match = _VERSION.match(header)
    return int(match.group(1)) if match else 0  # 0 is never current: a 412


class ActsInApi:
    """What every API view shares: its actor, its channel and language, its query."""

    resource: ClassVar[str]
    capability: ClassVar[Capability | None] = None
    write_capability: ClassVar[Capability | None] = None
    filters: ClassVar[type[serializers.Serializer]] = NoFilters
    permission_classes: ClassVar[list[Any]] = [ActsForMembership]
    request: Request

    @property
    def actor(self) -> Membership:
        access = self.request.auth
        assert isinstance(access, ApiAccess)
        return access.membership

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        lang = request.GET.get("lang", "")
        language = lang if lang in dict(settings.LANGUAGES) else translation.get_language()
        with translation.override(language), audit_channel(API):
            response: HttpResponseBase = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        response["Content-Language"] = language
        return response

    def get_serializer_context(self) -> dict[str, Any]:
        context = {"request": self.request, "view": self}
        if isinstance(self.request.auth, ApiAccess):
            context["actor"] = self.actor
        return context

    def query(self) -> dict[str, Any]:
        found = self.filters(data=self.request.query_params, context=self.get_serializer_context())
        found.is_valid(raise_exception=True)
        return dict(found.validated_data)


class Resource(ActsInApi, viewsets.GenericViewSet):
    output: ClassVar[type[serializers.Serializer]]
    # One record may say more than its line in the list (a score's explanation).
    detail_output: ClassVar[type[serializers.Serializer] | None] = None
    # For the schema (vigil.api.schema.documented): names, a sentence, examples.
    tag: ClassVar[str] = ""
    noun: ClassVar[str] = ""
    plural: ClassVar[str] = ""
    about: ClassVar[str] = ""
    example: ClassVar[dict[str, Any]] = {}
    input_example: ClassVar[dict[str, Any]] = {}
    create_input: ClassVar[type[serializers.Serializer] | None] = None
    update_input: ClassVar[type[serializers.Serializer] | None] = None
    # Public ordering names, as the list page offers them, and the fields each sorts by.
    orderings: ClassVar[Mapping[str, tuple[str, ...]]] = {"id": ("pk",), "-id": ("-pk",)}
    default_ordering: ClassVar[str] = "id"
    lookup_value_regex = r"[0-9]{1,18}"

    # --- what each resource gives -----------------------------------------------------
    def records(self, actor: Membership, filters: dict[str, Any]) -> models.QuerySet[Any]:
        raise NotImplementedError

    def record(self, actor: Membership, pk: Any) -> Any:
        raise NotImplementedError

    def create_record(self, actor: Membership, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update_record(self, actor: Membership, record: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def page_context(self, records: list[Any]) -> dict[str, Any]:
        """What the output serializer needs beyond the records (figures read per page)."""
        return {}

    # --- the shared machinery -----------------------------------------------------------
    def ordering_of(self, request: Request) -> tuple[str, ...]:
        name = request.query_params.get("ordering") or self.default_ordering
        if name not in self.orderings:
            raise serializers.ValidationError(
                {"ordering": _("Choose one of: %(names)s.") % {"names": ", ".join(self.orderings)}}
            )
        return self.orderings[name]

    def list(self, request: Request) -> Response:
        filters = self.query()
        filters.pop("ordering", None)
        self.ordering_of(request)
        page = self.paginate_queryset(self.records(self.actor, filters)) or []
        context = {**self.get_serializer_context(), **self.page_context(page)}
        data = self.output(page, many=True, context=context).data
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._one(self.record(self.actor, pk))

    def _valid(self, serializer: type[serializers.Serializer], data: Any, **kw: Any) -> Any:
        found = serializer(data=data, context=self.get_serializer_context(), **kw)
        found.is_valid(raise_exception=True)
        return dict(found.validated_data)

    def _one(self, record: Any, code: int = status.HTTP_200_OK) -> Response:
        context = {**self.get_serializer_context(), **self.page_context([record])}
        body = (self.detail_output or self.output)(record, context=context).data
        response = Response(body, status=code)
        if tag := version_tag(record):
            response["ETag"] = tag
        return response


class Creates(Resource):
    """A resource that adds records through its service (`create_record`)."""

    def create(self, request: Request) -> Response:
        assert self.create_input is not None
        data = self._valid(self.create_input, request.data)
        with transaction.atomic():
            record = self.create_record(self.actor, data)
        return self._one(self.record(self.actor, record.pk), status.HTTP_201_CREATED)


class Edits(Resource):
    """A resource whose records change through their service (`update_record`), guarded by
    the version the caller read (If-Match)."""

    def partial_update(self, request: Request, pk: str) -> Response:
        assert self.update_input is not None
        record = self.record(self.actor, pk)
        expected = expected_version(request)
        data = self._valid(self.update_input, request.data, partial=True)
        try:
            with transaction.atomic():  # the version claimed and the edit stand or fall together
                version_claim(record, expected=expected, yours=data)
                record = self.update_record(self.actor, record, data)
        except Conflict as conflict:
            raise Stale(conflict) from conflict
        return self._one(self.record(self.actor, record.pk))


class FiguresSchema(AutoSchema):
    """An aggregate answers one object of figures, not a list of records."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class Aggregate(ActsInApi, viewsets.ViewSet):
    """A resource that answers one table of figures (no records, no pagination): its `list`
    returns `figures(actor, filters)` through `output`."""

    schema = FiguresSchema()

    output: ClassVar[type[serializers.Serializer]]
    tag: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    about: ClassVar[str] = ""
    example: ClassVar[dict[str, Any]] = {}

    def figures(self, actor: Membership, filters: dict[str, Any]) -> Any:
        raise NotImplementedError

    def list(self, request: Request) -> Response:
        figures = self.figures(self.actor, self.query())
        return Response(self.output(figures, context=self.get_serializer_context()).data)
