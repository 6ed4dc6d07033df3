"""Pages of the places: the list, its map and exports, a place's page, its form and closing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core import hooks
from vigil.core.access import actor_can, membership_required
from vigil.core.downloads import table_download
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.panels import panels_for
from vigil.core.roles import Capability
from vigil.places.forms.places import MapViewForm, PlaceFilterForm, PlaceForm
from vigil.places.forms.population import PopulationForm
from vigil.places.imports.places import PLACE_COLUMNS
from vigil.places.imports.population import POPULATION_COLUMNS
from vigil.places.models import Place, band_of, occupancy_rate
from vigil.places.reports.occupancy_chart import occupancy_chart
from vigil.places.selectors import places as selectors
from vigil.places.selectors.population import (
    chart_snapshots,
    population_export_rows,
    snapshot_history,
    snapshots_of_places,
)
from vigil.places.selectors.timeline import timeline_for
from vigil.places.services import places as services


def place_url(place_id: int, anchor: str = "") -> str:
    """The place's page, at `anchor` when given."""
    return reverse("places:place_detail", args=[place_id]) + (f"#{anchor}" if anchor else "")


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_list(request: StaffRequest) -> HttpResponse:
    """The institution's places, filtered and sorted, a page at a time."""
    actor = request.membership
    form = PlaceFilterForm(request.GET or None, actor=actor)
    places = selectors.places_listed(actor=actor, filters=form.filters())
    context = {
        "form": form,
        **paginate(request, places, rows=selectors.place_list_rows),
        "can_manage": actor_can(actor, Capability.MANAGE_PLACES),
    }
    return render(request, "places/place_list.html", context)


def _listed(request: StaffRequest) -> QuerySet[Place]:
    """The places the list shows for the request's filters (what exports export)."""
    filters = PlaceFilterForm(request.GET or None, actor=request.membership).filters()
    return selectors.place_list(actor=request.membership, filters=filters)


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_export(request: StaffRequest, fmt: str) -> HttpResponseBase:
    """The listed places as CSV or XLSX, in the columns of the places import."""
    return table_download(
        fmt=fmt,
        filename="vigil-places",
        title="places",
        headers=[c.key for c in PLACE_COLUMNS],
        rows=selectors.place_export_rows(_listed(request)),
    )


@require_GET
@membership_required(Capability.VIEW_PLACES)
def population_export(request: StaffRequest, fmt: str) -> HttpResponseBase:
    """The counts of the listed places as CSV or XLSX, in the columns of the population import."""
    snapshots = snapshots_of_places(actor=request.membership, places=_listed(request))
    return table_download(
        fmt=fmt,
        filename="vigil-population",
        title="population",
        headers=[c.key for c in POPULATION_COLUMNS],
        rows=population_export_rows(snapshots),
    )


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_map(request: StaffRequest) -> HttpResponse:
    """The listed places on a map (its points come from `place_map_data`)."""
    context = {
        "form": PlaceFilterForm(request.GET or None, actor=request.membership),
        "query": request.GET.urlencode(),
        "tile_url": settings.VIGIL_MAP_TILE_URL,
        "tile_attribution": settings.VIGIL_MAP_TILE_ATTRIBUTION,
        "map_outline": settings.VIGIL_MAP_OUTLINE,
    }
    return render(request, "places/place_map.html", context)


def _map_point(row: dict[str, Any]) -> dict[str, Any]:
    rate = occupancy_rate(row["population"], row["capacity"])
    return {
        "name": row["name"],
        "lat": float(row["latitude"]),
        "lon": float(row["longitude"]),
        "kind": row["kind__name"],
        "occupancy": float(rate) if rate is not None else None,
        "band": band_of(rate).value,
        "url": place_url(row["pk"]),
    }


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_map_data(request: StaffRequest) -> JsonResponse:
    """What the map draws of the listed places that have coordinates: with `bbox`, those in
    the view; without, all of them and their extent. Few enough, as points; else clusters."""
    actor = request.membership
    view = MapViewForm(request.GET)
    if not view.is_valid():
        return JsonResponse({"errors": view.errors.get_json_data()}, status=400)
    filters = PlaceFilterForm(request.GET or None, actor=actor).filters()
    shown = selectors.map_view(actor=actor, filters=filters, bbox=view.cleaned_data["bbox"])
    extent = shown.extent
    return JsonResponse(
        {
            "total": shown.total,
            "extent": [extent.south, extent.west, extent.north, extent.east] if extent else None,
            "places": [_map_point(row) for row in shown.places],
            "clusters": shown.clusters,
        }
    )


def _place_form_page(request: StaffRequest, form: PlaceForm, place: Place | None) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, "places/place_form.html", {"form": form, "place": place}, status=status)


@membership_required(Capability.MANAGE_PLACES)
def place_create(request: StaffRequest) -> HttpResponse:
    """A new place in the register."""
    actor = request.membership
    form = PlaceForm(request.POST or None, actor=actor)
    saved = form_saved(
        request,
        form,
        lambda data: services.place_create(actor=actor, **data),
        done=_("The place is in the register."),
        to=lambda place: place_url(place.pk),
    )
    return saved or _place_form_page(request, form, None)


@membership_required(Capability.MANAGE_PLACES)
def place_edit(request: StaffRequest, place_id: int) -> HttpResponse:
    """A place's record, edited."""
    actor = request.membership
    place = selectors.place_get(actor=actor, pk=place_id)
    form = PlaceForm(request.POST or None, instance=place, actor=actor)
    saved = form_saved(
        request,
        form,
        lambda data: services.place_update(actor=actor, place=place, **data),
        done=_("Changes saved."),
        to=place_url(place.pk),
    )
    return saved or _place_form_page(request, form, place)


@require_POST
@membership_required(Capability.MANAGE_PLACES)
def place_close(request: StaffRequest, place_id: int) -> HttpResponse:
    """Mark a place closed; its history stays."""
    actor = request.membership
    place = selectors.place_get(actor=actor, pk=place_id)
    services.place_close(actor=actor, place=place)
    messages.success(request, _("The place is marked closed. Its history stays in the register."))
    return HttpResponseRedirect(place_url(place.pk))


COUNTS_PER_PAGE = 20


def detail_context(
    actor: Membership,
    place: Place,
    population_form: PopulationForm,
    request: HttpRequest | None = None,
) -> dict[str, Any]:
    """What the place's page shows: occupancy, the chart (sampled), a page of the counts
    (`?page=` of `request`), timeline and panels."""
    rate = occupancy_rate(place.population, place.capacity)
    counts = paginate(
        request or HttpRequest(),
        snapshot_history(actor=actor, place=place),
        per_page=COUNTS_PER_PAGE,
    )
    return {
        "place": place,
        "rate": rate,
        "band": band_of(rate),
        "chart": occupancy_chart(chart_snapshots(actor=actor, place=place), place.capacity),
        "snapshots": counts["page"],
        "counts_query": counts["query"],
        "timeline": timeline_for(place, actor),
        "can_manage": actor_can(actor, Capability.MANAGE_PLACES),
        "population_form": population_form,
        "panels": panels_for(hooks.PLACE_PANEL, place, actor),
    }


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_detail(request: StaffRequest, place_id: int) -> HttpResponse:
    """A place: its summary, population over time, timeline and the other apps' panels."""
    actor = request.membership
    place = selectors.place_get(actor=actor, pk=place_id)
    context = detail_context(actor, place, PopulationForm(), request)
    return render(request, "places/place_detail.html", context)
