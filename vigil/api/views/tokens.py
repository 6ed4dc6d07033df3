"""The pages where people make, see and revoke their personal access tokens."""

from __future__ import annotations

import time
from datetime import datetime
from datetime import time as day_time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.api.forms import TokenForm
from vigil.api.selectors.tokens import token_get, tokens_of
from vigil.api.services import tokens as services
from vigil.api.views.registry import resource_choices
from vigil.core.access import membership_required
from vigil.core.auth import has_second_factor
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.roles import Role


def second_factor_is_recent(request: StaffRequest) -> bool:
    """A second factor was given in this session within the re-authentication window."""
    since = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "mfa" and r.get("at", 0) >= since for r in records)


@require_GET
@membership_required()
def token_list(request: StaffRequest) -> HttpResponse:
    """Your tokens; an administrator sees every token of the institution."""
    actor = request.membership
    return render(
        request,
        "api/token_list.html",
        {
            "tokens": tokens_of(actor=actor),
            "is_admin": actor.role == Role.ADMIN,
            "now": timezone.now(),
        },
    )


@membership_required()
def token_new(request: StaffRequest) -> HttpResponse:
    """Make a token, after a second factor given moments ago; its secret is shown once."""
    if not has_second_factor(request.membership.user):
        messages.warning(request, _("Set up two-factor authentication before making a token."))
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
    if not second_factor_is_recent(request):
        query = urlencode({"next": reverse("api:token_new")})
        return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")
    actor = request.membership
    form = TokenForm(request.POST or None, actor=actor, resources=resource_choices())
    made: list[services.NewToken] = []

    def save(data: dict[str, Any]) -> services.NewToken:
        # The token lasts until the end of the chosen day, in the institution's time zone.
        end = timezone.make_aware(datetime.combine(data["expires_on"], day_time.max))
        new = services.token_create(
            actor=actor,
            name=data["name"],
            expires_at=end,
            scope=data["scope"],
            resources=list(data["resources"]),
            known_resources=[name for name, _label in resource_choices()],
        )
        made.append(new)
        return new

    form_saved(request, form, save, done=None, to=reverse("api:token_list"))
    if made:  # shown once, in this answer, which no cache may keep
        response = render(request, "api/token_created.html", {"new": made[0]})
        add_never_cache_headers(response)
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "api/token_new.html", {"form": form}, status=status)


@require_POST
@membership_required()
def token_revoke(request: StaffRequest, token_id: int) -> HttpResponse:
    token = token_get(actor=request.membership, pk=token_id)
    services.token_revoke(actor=request.membership, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return HttpResponseRedirect(reverse("api:token_list"))
