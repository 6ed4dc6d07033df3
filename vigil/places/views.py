from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core import downloads, hooks
from vigil.core.access import actor_can, actor_of, membership_required
from vigil.core.forms import form_saved
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.panels import panels_for
from vigil.core.roles import Capability
from vigil.places import charts, selectors, services
from vigil.places.forms import (
    AreaForm,
    AuthorityForm,
    KindForm,
    PlaceFilterForm,
    PlaceForm,
    PopulationForm,
)
from vigil.places.importers import (
    PLACE_COLUMNS,
    POPULATION_COLUMNS,
    place_export_rows,
    population_export_rows,
)
from vigil.places.occupancy import band_of, occupancy_rate
from vigil.places.timeline import timeline_for


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = PlaceFilterForm(request.GET or None, actor=actor)
    places = selectors.place_list(actor=actor, filters=form.filters())
    context = {
        "form": form,
        **paginate(request, places),
        "can_manage": actor_can(actor, Capability.MANAGE_PLACES),
    }
    return render(request, "places/place_list.html", context)


def _export(
    name: str, headers: list[str], rows: Any, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    if fmt == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            downloads.csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            downloads.xlsx_bytes(headers, rows, title=name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="vigil-{name}.{fmt}"'
    return response


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    actor = actor_of(request)
    filters = PlaceFilterForm(request.GET or None, actor=actor).filters()
    places = selectors.place_list(actor=actor, filters=filters)
    headers = [c.key for c in PLACE_COLUMNS]
    return _export("places", headers, place_export_rows(places), fmt)


@require_GET
@membership_required(Capability.VIEW_PLACES)
def population_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    actor = actor_of(request)
    filters = PlaceFilterForm(request.GET or None, actor=actor).filters()
    places = selectors.place_list(actor=actor, filters=filters)
    snapshots = selectors.snapshots_of_places(actor=actor, places=places)
    headers = [c.key for c in POPULATION_COLUMNS]
    return _export("population", headers, population_export_rows(snapshots), fmt)


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_map(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    actor = actor_of(request)
    form = PlaceFilterForm(request.GET or None, actor=actor)
    context = {
        "form": form,
        "query": request.GET.urlencode(),
        "tile_url": settings.VIGIL_MAP_TILE_URL,
        "tile_attribution": settings.VIGIL_MAP_TILE_ATTRIBUTION,
        "map_outline": settings.VIGIL_MAP_OUTLINE,
    }
    return render(request, "places/place_map.html", context)


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_map_data(request: HttpRequest) -> JsonResponse:
    actor = actor_of(request)
    filters = PlaceFilterForm(request.GET or None, actor=actor).filters()
    points = []
    for row in selectors.places_on_map(actor=actor, filters=filters):
        rate = occupancy_rate(row["population"], row["capacity"])
        points.append(
            {
                "name": row["name"],
                "lat": float(row["latitude"]),
                "lon": float(row["longitude"]),
                "kind": row["kind__name"],
                "occupancy": float(rate) if rate is not None else None,
                "band": band_of(rate).value,
                "url": reverse("places:place_detail", args=[row["pk"]]),
            }
        )
    return JsonResponse({"places": points})


@membership_required(Capability.MANAGE_PLACES)
def place_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = PlaceForm(request.POST or None, actor=actor)
    saved = form_saved(
        request,
        form,
        lambda data: services.place_create(actor=actor, **data),
        done=_("The place is in the register."),
        to=lambda place: reverse("places:place_detail", args=[place.pk]),
    )
    return saved or render(request, "places/place_form.html", {"form": form, "place": None})


@membership_required(Capability.MANAGE_PLACES)
def place_edit(request: HttpRequest, place_id: int) -> HttpResponse:
    actor = actor_of(request)
    place = selectors.place_get(actor=actor, pk=place_id)
    form = PlaceForm(request.POST or None, instance=place, actor=actor)
    saved = form_saved(
        request,
        form,
        lambda data: services.place_update(actor=actor, place=place, **data),
        done=_("Changes saved."),
        to=reverse("places:place_detail", args=[place.pk]),
    )
    return saved or render(request, "places/place_form.html", {"form": form, "place": place})


@require_POST
@membership_required(Capability.MANAGE_PLACES)
def place_close(request: HttpRequest, place_id: int) -> HttpResponse:
    actor = actor_of(request)
    place = selectors.place_get(actor=actor, pk=place_id)
    services.place_close(actor=actor, place=place)
    messages.success(request, _("The place is marked closed. Its history stays in the register."))
    return HttpResponseRedirect(reverse("places:place_detail", args=[place.pk]))


def _detail_context(
    actor: Membership, place: Any, population_form: PopulationForm
) -> dict[str, Any]:
    snapshots = list(selectors.snapshots_of(actor=actor, place=place))
    rate = occupancy_rate(place.population, place.capacity)
    return {
        "place": place,
        "rate": rate,
        "band": band_of(rate),
        "chart": charts.occupancy_chart(snapshots, place.capacity),
        "snapshots": list(reversed(snapshots)),
        "timeline": timeline_for(place, actor),
        "can_manage": actor_can(actor, Capability.MANAGE_PLACES),
        "population_form": population_form,
        "panels": panels_for(hooks.PLACE_PANEL, place, actor),
    }


@require_GET
@membership_required(Capability.VIEW_PLACES)
def place_detail(request: HttpRequest, place_id: int) -> HttpResponse:
    actor = actor_of(request)
    place = selectors.place_get(actor=actor, pk=place_id)
    context = _detail_context(actor, place, PopulationForm())
    return render(request, "places/place_detail.html", context)


@require_POST
@membership_required(Capability.MANAGE_PLACES)
def population_add(request: HttpRequest, place_id: int) -> HttpResponse:
    actor = actor_of(request)
    place = selectors.place_get(actor=actor, pk=place_id)
    form = PopulationForm(request.POST)
    if saved := form_saved(
        request,
        form,
        lambda data: services.population_record(actor=actor, place=place, **data),
        done=_("Population count recorded."),
        to=reverse("places:place_detail", args=[place.pk]) + "#population",
    ):
        return saved
    context = _detail_context(actor, place, form)
    return render(request, "places/place_detail.html", context, status=400)


@require_POST
@membership_required(Capability.MANAGE_PLACES)
def population_delete(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    actor = actor_of(request)
    snapshot = selectors.snapshot_get(actor=actor, pk=snapshot_id)
    services.population_delete(actor=actor, snapshot=snapshot)
    messages.success(request, _("Population count deleted."))
    return HttpResponseRedirect(
        reverse("places:place_detail", args=[snapshot.place_id]) + "#population"
    )


@membership_required(Capability.VIEW_PLACES)
def register_settings(request: HttpRequest) -> HttpResponse:
    """Authorities, administrative areas and kinds of place, in one page."""
    actor = actor_of(request)
    can_manage = actor_can(actor, Capability.MANAGE_PLACES)
    action = request.POST.get("action", "")
    forms_: dict[str, Any] = {
        # Prefixes keep the three forms' field ids apart on one page.
        "authority": AuthorityForm(
            request.POST if action == "authority" else None, prefix="authority"
        ),
        "area": AreaForm(request.POST if action == "area" else None, actor=actor, prefix="area"),
        "kind": KindForm(request.POST if action == "kind" else None, prefix="kind"),
    }
    creators: dict[str, Callable[..., Any]] = {
        "authority": services.authority_create,
        "area": services.area_create,
        "kind": services.kind_create,
    }
    if request.method == "POST":
        if not can_manage:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = forms_.get(action)
        if form is not None and (
            saved := form_saved(
                request,
                form,
                lambda data: creators[action](actor=actor, **data),
                done=_("Added."),
                to=reverse("places:register_settings") + f"#{action}",
            )
        ):
            return saved
    context = {
        "forms": forms_,
        "can_manage": can_manage,
        "authorities": selectors.authorities_for(actor),
        "areas": selectors.areas_for(actor).order_by("level", "name"),
        "kinds": selectors.kinds_for(actor),
    }
    return render(request, "places/register_settings.html", context)
