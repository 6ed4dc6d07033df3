from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from vigil.core import selectors
from vigil.core.access import actor_can, actor_of, membership_required
from vigil.core.attention import attention_for
from vigil.core.forms import (
    AuditFilterForm,
    InstitutionForm,
    InviteForm,
    RoleForm,
    add_service_errors,
)
from vigil.core.middleware import SESSION_INSTITUTION
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.roles import Capability
from vigil.core.services import institutions as services


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = getattr(request, "membership", None)
    items = attention_for(actor) if actor is not None else []
    return render(request, "core/home.html", {"attention": items})


@require_POST
def institution_switch(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("institution", "")
    memberships: list[Membership] = request.memberships  # type: ignore[attr-defined]
    chosen = next((m for m in memberships if str(m.institution_id) == wanted), None)
    if chosen is None:
        return HttpResponseBadRequest(_("You are not a member of that institution."))
    request.session[SESSION_INSTITUTION] = chosen.institution_id
    messages.success(request, _("You are now working in %(name)s.") % {"name": chosen.institution})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("core:home")
    return HttpResponseRedirect(target)


@require_GET
@membership_required(Capability.VIEW_MEMBERS)
def member_list(request: HttpRequest) -> HttpResponse:
    members = selectors.membership_list(actor=actor_of(request))
    can_manage = actor_can(actor_of(request), Capability.MANAGE_MEMBERS)
    return render(request, "core/member_list.html", {"members": members, "can_manage": can_manage})


@membership_required(Capability.MANAGE_MEMBERS)
def member_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_invite(
                actor=actor_of(request),
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s is invited and will receive an e-mail.")
                % {"person": membership.user},
            )
            return HttpResponseRedirect(reverse("core:member_list"))
    return render(request, "core/member_invite.html", {"form": form})


@membership_required(Capability.MANAGE_MEMBERS)
def member_detail(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = actor_of(request)
    membership = selectors.membership_get(actor=actor, pk=membership_id)
    form = RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST":
        action = request.POST.get("action", "role")
        try:
            if action == "deactivate":
                services.membership_deactivate(actor=actor, membership=membership)
                messages.success(request, _("Access ended; their sessions were closed."))
            elif action == "reactivate":
                services.membership_reactivate(actor=actor, membership=membership)
                messages.success(request, _("Access restored."))
            elif form.is_valid():
                services.membership_set_role(
                    actor=actor, membership=membership, role=form.cleaned_data["role"]
                )
                messages.success(request, _("Role saved."))
            else:
                raise ValidationError(_("Choose a valid role."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("core:member_detail", args=[membership.pk]))
    return render(request, "core/member_detail.html", {"member": membership, "form": form})


@membership_required(Capability.MANAGE_INSTITUTION)
def institution_settings(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    institution = actor.institution
    initial = {
        "name": institution.name,
        "country": institution.country,
        "kind": institution.kind,
        "time_zone": institution.time_zone,
        "languages": ", ".join(institution.languages),
    }
    form = InstitutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_update(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Institution settings saved."))
            return HttpResponseRedirect(reverse("core:institution_settings"))
    return render(request, "core/institution_settings.html", {"form": form})


def _audit_events(request: HttpRequest) -> tuple[AuditFilterForm, Any]:
    actor = actor_of(request)
    people = [(m.user_id, str(m.user)) for m in selectors.membership_list(actor=actor)]
    form = AuditFilterForm(request.GET or None, actors=people)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(
        actor=actor,
        actor_id=filters.get("actor"),
        action=filters.get("action", ""),
        target_type=filters.get("target_type", ""),
        target_id=filters.get("target_id", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    return form, events


@require_GET
@membership_required(Capability.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    form, events = _audit_events(request)
    return render(
        request,
        "core/audit_list.html",
        {"form": form, **paginate(request, events)},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
@membership_required(Capability.VIEW_AUDIT)
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, events = _audit_events(request)
    writer = csv.writer(_Echo())
    header = ["sequence", "time", "actor", "action", "target_type", "target_id", "hash"]

    def rows() -> Any:
        yield writer.writerow(header)
        for event in events.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    event.sequence,
                    timezone.localtime(event.created_at).isoformat(),
                    event.actor.email if event.actor else "",
                    event.action,
                    event.target_type,
                    event.target_id,
                    event.hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vigil-audit.csv"'
    return response


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
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
    return _error_page(request, 400, "400.html")


@login_not_required
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403, "403.html")


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page(request, 403, "403_csrf.html")


@login_not_required
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 404, "404.html")


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, 500, "500.html")
