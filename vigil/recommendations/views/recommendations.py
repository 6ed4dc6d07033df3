"""The register of recommendations: the list and its CSV, a recommendation, its follow-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core import hooks
from vigil.core.access import actor_can, membership_required
from vigil.core.downloads import table_download
from vigil.core.forms import form_saved
from vigil.core.http import StaffRequest
from vigil.core.pagination import paginate
from vigil.core.panels import panels_for
from vigil.core.roles import Capability
from vigil.recommendations.forms.recommendations import (
    FilterForm,
    MeasureEditForm,
    MeasureForm,
    RecommendationForm,
    ResponseForm,
    StatusForm,
)
from vigil.recommendations.models import Recommendation
from vigil.recommendations.selectors import recommendations as selectors
from vigil.recommendations.services import recommendations as services

_RELATIONS = ("places", "themes", "standards", "findings")


def _detail_url(recommendation_id: int) -> str:
    return reverse("recommendations:recommendation_detail", args=[recommendation_id])


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_list(request: StaffRequest) -> HttpResponse:
    """The institution's recommendations, filtered, a page at a time."""
    actor = request.membership
    form = FilterForm(request.GET or None, actor=actor)
    recommendations = selectors.recommendations_listed(actor=actor, filters=form.filters())
    context = {
        "form": form,
        **paginate(request, recommendations, rows=selectors.recommendation_list_rows),
        "today": timezone.localdate(),
        "can_manage": actor_can(actor, Capability.MANAGE_RECOMMENDATIONS),
    }
    return render(request, "recommendations/recommendation_list.html", context)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_export(request: StaffRequest) -> HttpResponseBase:
    """The listed recommendations as CSV."""
    actor = request.membership
    filters = FilterForm(request.GET or None, actor=actor).filters()
    return table_download(
        fmt="csv",
        filename="vigil-recommendations",
        headers=selectors.export_headers(),
        rows=selectors.recommendation_export_rows(actor=actor, filters=filters),
    )


@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def recommendation_create(request: StaffRequest) -> HttpResponse:
    """A new recommendation, filled from the finding (or visit) it answers."""
    actor = request.membership
    initial = selectors.new_recommendation_initial(
        actor=actor, finding_id=request.GET.get("finding"), visit_id=request.GET.get("visit")
    )
    form = RecommendationForm(request.POST or None, actor=actor, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: services.recommendation_create(actor=actor, **data),
        done=lambda rec: _("Recommendation %(ref)s recorded.") % {"ref": rec.reference},
        to=lambda rec: _detail_url(rec.pk),
    )
    return saved or render(
        request,
        "recommendations/recommendation_form.html",
        {"form": form, "rec": None},
        status=400 if request.method == "POST" else 200,  # a failed POST (ADR 0013)
    )


@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def recommendation_edit(request: StaffRequest, recommendation_id: int) -> HttpResponse:
    """Edit a recommendation (its reference stays)."""
    actor = request.membership
    rec = selectors.recommendation_get(actor=actor, pk=recommendation_id)
    data = selectors.recommendation_detail_data(rec)
    initial = {
        name: data[name] if name in _RELATIONS else getattr(rec, name)
        for name in RecommendationForm.base_fields
    }
    form = RecommendationForm(request.POST or None, actor=actor, initial=initial, record=rec)

    def save(values: dict[str, Any]) -> None:
        values.pop("reference", None)
        services.recommendation_update(actor=actor, recommendation=rec, **values)

    saved = form_saved(request, form, save, done=_("Changes saved."), to=_detail_url(rec.pk))
    return saved or render(
        request, "recommendations/recommendation_form.html", {"form": form, "rec": rec}
    )


def _detail(
    request: StaffRequest, rec: Recommendation, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    actor = request.membership
    today = timezone.localdate()
    context = {
        "rec": rec,
        "can_manage": actor_can(actor, Capability.MANAGE_RECOMMENDATIONS),
        "response_form": bound.get("response_form") or ResponseForm(initial={"received_on": today}),
        "status_form": bound.get("status_form")
        or StatusForm(actor=actor, initial={"on": today, "status": rec.status}),
        "measure_form": bound.get("measure_form") or MeasureForm(),
        **selectors.recommendation_detail_data(rec),
        "panels": panels_for(hooks.RECOMMENDATION_PANEL, rec, actor),
    }
    return render(request, "recommendations/recommendation_detail.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_detail(request: StaffRequest, recommendation_id: int) -> HttpResponse:
    """A recommendation with its responses, implementation history and measures."""
    return _detail(
        request, selectors.recommendation_get(actor=request.membership, pk=recommendation_id)
    )


def _follow_up(
    request: StaffRequest,
    recommendation_id: int,
    name: str,
    form: forms.Form,
    record: Callable[..., Any],
    done: str,
) -> HttpResponse:
    """Record one entry of the follow-up from a form of the detail page (400 when refused)."""
    actor = request.membership
    rec = selectors.recommendation_get(actor=actor, pk=recommendation_id)
    saved = form_saved(
        request,
        form,
        lambda data: record(actor=actor, recommendation=rec, **data),
        done=done,
        to=_detail_url(rec.pk),
    )
    return saved or _detail(request, rec, status=400, **{name: form})


@require_POST
@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def response_add(request: StaffRequest, recommendation_id: int) -> HttpResponse:
    """Record the authority's response."""
    return _follow_up(request, recommendation_id, "response_form", ResponseForm(request.POST),
                      services.response_record, _("Response recorded."))  # fmt: skip


@require_POST
@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def status_add(request: StaffRequest, recommendation_id: int) -> HttpResponse:
    """Record a step of implementation."""
    form = StatusForm(request.POST, actor=request.membership)
    return _follow_up(request, recommendation_id, "status_form", form, services.status_record,
                      _("Implementation status recorded."))  # fmt: skip


@require_POST
@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def measure_add(request: StaffRequest, recommendation_id: int) -> HttpResponse:
    """Add a measure to follow a long reform."""
    return _follow_up(request, recommendation_id, "measure_form", MeasureForm(request.POST),
                      services.measure_add, _("Measure added."))  # fmt: skip


@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def measure_edit(request: StaffRequest, measure_id: int) -> HttpResponse:
    """Edit a measure: its indicator, its latest value, whether it is done. A save over a
    newer version gets the conflict page (ADR 0016)."""
    actor = request.membership
    measure = selectors.measure_get(actor=actor, pk=measure_id)
    initial = {name: getattr(measure, name) for name in MeasureEditForm.base_fields}
    form = MeasureEditForm(request.POST or None, initial=initial, record=measure)

    def save(values: dict[str, Any]) -> None:
        services.measure_update(actor=actor, measure=measure, **values)

    to = _detail_url(measure.recommendation_id) + "#measures"
    saved = form_saved(request, form, save, done=_("Measure updated."), to=to)
    context = {"form": form, "measure": measure, "rec": measure.recommendation}
    status = 400 if request.method == "POST" else 200
    return saved or render(request, "recommendations/measure_form.html", context, status=status)
