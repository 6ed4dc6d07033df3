"""Pages that record and delete a place's population counts (shown on the place's page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vigil.core.access import membership_required
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.roles import Capability
from vigil.places.forms.population import PopulationForm
from vigil.places.selectors.places import place_get
from vigil.places.selectors.population import snapshot_get
from vigil.places.services import population as services
from vigil.places.views.places import detail_context, place_url


@require_POST
@membership_required(Capability.MANAGE_PLACES)
def population_add(request: StaffRequest, place_id: int) -> HttpResponse:
    """A count for the place; a failed one shows the place's page again with its errors."""
    actor = request.membership
    place = place_get(actor=actor, pk=place_id)
    form = PopulationForm(request.POST)
    if saved := form_saved(
        request,
        form,
        lambda data: services.population_record(actor=actor, place=place, **data),
        done=_("Population count recorded."),
        to=place_url(place.pk, "population"),
    ):
        return saved
    context = detail_context(actor, place, form, request)
    return render(request, "places/place_detail.html", context, status=400)


@require_POST
@membership_required(Capability.MANAGE_PLACES)
def population_delete(request: StaffRequest, snapshot_id: int) -> HttpResponse:
    """Delete a count (a wrong one; a corrected count replaces the earlier one by itself)."""
    actor = request.membership
    snapshot = snapshot_get(actor=actor, pk=snapshot_id)
    services.population_delete(actor=actor, snapshot=snapshot)
    messages.success(request, _("Population count deleted."))
    return HttpResponseRedirect(place_url(snapshot.place_id, "population"))
