"""The home page, and choosing and setting up the institution one works in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core.access import membership_required
from vigil.core.attention import attention_for
from vigil.core.forms import InstitutionForm, form_saved
from vigil.core.http import StaffRequest, VigilRequest
from vigil.core.middleware import SESSION_INSTITUTION
from vigil.core.overview import getting_started_for, overview_for
from vigil.core.roles import Capability
from vigil.core.services import institutions as services


@require_GET
def home(request: VigilRequest) -> HttpResponse:
    """The signed-in person's home page: a new institution's first steps, the commissioner's
    overview, and what needs their attention."""
    actor = request.membership
    if actor is None:
        return render(request, "core/home.html", {})
    context = {
        "attention": attention_for(actor),
        "overview": overview_for(actor),
        "steps": getting_started_for(actor),
    }
    return render(request, "core/home.html", context)


@require_POST
def institution_switch(request: VigilRequest) -> HttpResponse:
    """Work in another of the person's institutions, then go back where they were."""
    wanted = request.POST.get("institution", "")
    chosen = next((m for m in request.memberships if str(m.institution_id) == wanted), None)
    if chosen is None:
        return HttpResponseBadRequest(_("You are not a member of that institution."))
    request.session[SESSION_INSTITUTION] = chosen.institution_id
    messages.success(request, _("You are now working in %(name)s.") % {"name": chosen.institution})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("core:home")
    return HttpResponseRedirect(target)


@membership_required(Capability.MANAGE_INSTITUTION)
def institution_settings(request: StaffRequest) -> HttpResponse:
    """The institution's name, kind, time zone, languages and calendar."""
    actor = request.membership
    institution = actor.institution
    initial = {
        "name": institution.name,
        "country": institution.country,
        "kind": institution.kind,
        "time_zone": institution.time_zone,
        "default_language": institution.default_language,
        "languages": institution.languages,
        "calendar": institution.calendar,
        "decimal_mark": institution.decimal_mark,
        "date_order": institution.date_order,
        "small_count_below": institution.small_count_below,
    }
    form = InstitutionForm(request.POST or None, initial=initial, record=institution)
    saved = form_saved(
        request,
        form,
        lambda data: services.institution_update(actor=actor, **data),
        done=_("Institution settings saved."),
        to=reverse("core:institution_settings"),
    )
    return saved or render(request, "core/institution_settings.html", {"form": form})
