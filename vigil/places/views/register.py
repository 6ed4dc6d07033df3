"""The register's own lists: authorities, administrative areas and kinds of place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from vigil.core.access import actor_can, membership_required
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.places.forms.register import AreaForm, AuthorityForm, KindForm
from vigil.places.selectors import register as selectors
from vigil.places.services import register as services

CREATORS: dict[str, Callable[..., Any]] = {
    "authority": services.authority_create,
    "area": services.area_create,
    "kind": services.kind_create,
}


@membership_required(Capability.VIEW_PLACES)
def register_settings(request: StaffRequest) -> HttpResponse:
    """Authorities, administrative areas and kinds of place, in one page."""
    actor = request.membership
    can_manage = actor_can(actor, Capability.MANAGE_PLACES)
    action = request.POST.get("action", "")

    def posted(name: str) -> Any:
        return request.POST if action == name else None

    forms_: dict[str, Any] = {
        # Prefixes keep the three forms' field ids apart on one page.
        "authority": AuthorityForm(posted("authority"), prefix="authority"),
        "area": AreaForm(posted("area"), actor=actor, prefix="area"),
        "kind": KindForm(posted("kind"), prefix="kind"),
    }
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = forms_.get(action)
        if form is not None and (
            saved := form_saved(
                request,
                form,
                lambda data: CREATORS[action](actor=actor, **data),
                done=_("Added."),
                to=reverse("places:register_settings") + f"#{action}",
            )
        ):
            return saved
    context = {
        "forms": forms_,
        "can_manage": can_manage,
        "authorities": selectors.authorities_for(actor),
        "areas": selectors.areas_by_level(actor),
        "kinds": selectors.kinds_for(actor),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "places/register_settings.html", context, status=status)
