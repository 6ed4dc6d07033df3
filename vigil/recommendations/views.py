from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vigil.core import downloads, hooks
from vigil.core.access import actor_can, actor_of, membership_required
from vigil.core.forms import form_saved
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.panels import panels_for
from vigil.core.roles import Capability
from vigil.recommendations import selectors, services
from vigil.recommendations.forms import (
    FilterForm,
    MeasureForm,
    RecommendationForm,
    ResponseForm,
    StatusForm,
)
from vigil.recommendations.models import (
    PRIORITY_FOR_SEVERITY,
    Priority,
    Recommendation,
)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = FilterForm(request.GET or None, actor=actor)
    recommendations = selectors.recommendation_list(actor=actor, filters=form.filters())
    context = {
        "form": form,
        **paginate(request, recommendations),
        "today": timezone.localdate(),
        "can_manage": actor_can(actor, Capability.MANAGE_RECOMMENDATIONS),
    }
    return render(request, "recommendations/recommendation_list.html", context)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_export(request: HttpRequest) -> StreamingHttpResponse:
    actor = actor_of(request)
    filters = FilterForm(request.GET or None, actor=actor).filters()
    recs = selectors.recommendation_list(actor=actor, filters=filters)
    headers = ["reference", "issued_on", "source", "mechanism", "document", "paragraph",
               "addressee", "authority", "priority", "due_on", "response", "status",
               "status_on", "text"]  # fmt: skip
    rows = (
        [r.reference, r.issued_on, r.source, r.mechanism, r.source_document, r.paragraph,
         r.addressee, r.authority.name if r.authority else "", r.priority, r.due_on,
         r.response, r.status, r.status_on, r.text]
        for r in recs.iterator(chunk_size=1000)
    )  # fmt: skip
    response = StreamingHttpResponse(
        downloads.csv_lines(headers, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="vigil-recommendations.csv"'
    return response


def _initial_from(request: HttpRequest, actor: Membership) -> dict[str, Any]:
    """Creating from a finding (or a visit) fills what is already known."""
    finding_id = request.GET.get("finding")
    visit_id = request.GET.get("visit")
    if visit_id and not finding_id:
        from vigil.visits.access import visit_get

        visit = visit_get(actor=actor, pk=visit_id)
        return {"issued_on": timezone.localdate(), "source": "visit_report", "visit": visit,
                "places": [visit.place], "authority": visit.place.authority}  # fmt: skip
    if not finding_id:
        return {"issued_on": timezone.localdate()}
    finding = selectors.finding_get(actor=actor, pk=finding_id)
    visit = finding.visit
    return {
        "issued_on": timezone.localdate(),
        "source": "visit_report",
        "visit": visit,
        "findings": [finding],
        "places": [visit.place],
        "themes": [finding.theme],
        "standards": list(finding.standards.all()),
        "authority": visit.place.authority,
        "addressee": "detaining_authority",
        "priority": PRIORITY_FOR_SEVERITY.get(finding.severity, Priority.MEDIUM),
    }


@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def recommendation_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = RecommendationForm(
        request.POST or None, actor=actor, initial=_initial_from(request, actor)
    )
    saved = form_saved(
        request,
        form,
        lambda data: services.recommendation_create(actor=actor, **data),
        done=lambda rec: _("Recommendation %(ref)s recorded.") % {"ref": rec.reference},
        to=lambda rec: reverse("recommendations:recommendation_detail", args=[rec.pk]),
    )
    return saved or render(
        request, "recommendations/recommendation_form.html", {"form": form, "rec": None}
    )


@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def recommendation_edit(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    actor = actor_of(request)
    rec = selectors.recommendation_get(actor=actor, pk=recommendation_id)
    data = selectors.recommendation_detail_data(rec)
    initial = {f: getattr(rec, f) for f in (
        "text", "reference", "source", "mechanism", "source_document", "paragraph", "visit",
        "issued_on", "addressee", "authority", "law_or_policy", "priority", "due_on")}  # fmt: skip
    initial.update({name: data[name] for name in ("places", "themes", "standards", "findings")})
    form = RecommendationForm(request.POST or None, actor=actor, initial=initial)

    def save(values: dict[str, Any]) -> None:
        values.pop("reference", None)
        services.recommendation_update(actor=actor, recommendation=rec, **values)

    saved = form_saved(
        request,
        form,
        save,
        done=_("Changes saved."),
        to=reverse("recommendations:recommendation_detail", args=[rec.pk]),
    )
    return saved or render(
        request, "recommendations/recommendation_form.html", {"form": form, "rec": rec}
    )


def _detail(
    request: HttpRequest, rec: Recommendation, status: int = 200, **forms: Any
) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "rec": rec,
        "can_manage": actor_can(actor, Capability.MANAGE_RECOMMENDATIONS),
        "response_form": forms.get("response_form")
        or ResponseForm(initial={"received_on": timezone.localdate()}),
        "status_form": forms.get("status_form")
        or StatusForm(actor=actor, initial={"on": timezone.localdate(), "status": rec.status}),
        "measure_form": forms.get("measure_form") or MeasureForm(),
        **selectors.recommendation_detail_data(rec),
        "panels": panels_for(hooks.RECOMMENDATION_PANEL, rec, actor),
    }
    return render(request, "recommendations/recommendation_detail.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_RECOMMENDATIONS)
def recommendation_detail(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    return _detail(
        request, selectors.recommendation_get(actor=actor_of(request), pk=recommendation_id)
    )


def _post(
    request: HttpRequest, rec: Recommendation, form: Any, name: str, action: Any, done: str
) -> HttpResponse:
    to = reverse("recommendations:recommendation_detail", args=[rec.pk])
    saved = form_saved(request, form, action, done=done, to=to)
    return saved or _detail(request, rec, status=400, **{name: form})


@require_POST
@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def response_add(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    actor = actor_of(request)
    rec = selectors.recommendation_get(actor=actor, pk=recommendation_id)
    return _post(request, rec, ResponseForm(request.POST), "response_form",
                 lambda data: services.response_record(actor=actor, recommendation=rec, **data),
                 _("Response recorded."))  # fmt: skip


@require_POST
@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def status_add(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    actor = actor_of(request)
    rec = selectors.recommendation_get(actor=actor, pk=recommendation_id)
    return _post(request, rec, StatusForm(request.POST, actor=actor), "status_form",
                 lambda data: services.status_record(actor=actor, recommendation=rec, **data),
                 _("Implementation status recorded."))  # fmt: skip


@require_POST
@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def measure_add(request: HttpRequest, recommendation_id: int) -> HttpResponse:
    actor = actor_of(request)
    rec = selectors.recommendation_get(actor=actor, pk=recommendation_id)
    return _post(request, rec, MeasureForm(request.POST), "measure_form",
                 lambda data: services.measure_add(actor=actor, recommendation=rec, **data),
                 _("Measure added."))  # fmt: skip


@require_POST
@membership_required(Capability.MANAGE_RECOMMENDATIONS)
def measure_edit(request: HttpRequest, measure_id: int) -> HttpResponse:
    actor = actor_of(request)
    measure = selectors.measure_get(actor=actor, pk=measure_id)
    form = MeasureForm(request.POST)
    if form.is_valid():
        services.measure_update(actor=actor, measure=measure, done=bool(request.POST.get("done")),
                                **form.cleaned_data)  # fmt: skip
        messages.success(request, _("Measure updated."))
    else:
        messages.error(request, _("The measure needs a title."))
    return HttpResponseRedirect(
        reverse("recommendations:recommendation_detail", args=[measure.recommendation_id])
        + "#measures"
    )
