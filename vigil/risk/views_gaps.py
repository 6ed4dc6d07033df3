"""Protection gaps: the heat map page, a cell's places, and the XLSX and PDF exports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from vigil.core.access import actor_of, membership_required
from vigil.core.models import Membership
from vigil.core.pagination import paginate
from vigil.core.redaction import Audience
from vigil.core.roles import Capability
from vigil.places.models import AdministrativeArea, Authority, PlaceKind
from vigil.places.selectors.register import areas_for, authorities_for, kinds_for
from vigil.risk.gaps_report import (
    XLSX_CONTENT_TYPE,
    explanation,
    filename,
    gaps_report_start,
    gaps_xlsx,
    scope_text,
)
from vigil.risk.selectors_gaps import (
    DEFAULT_YEARS,
    DIMENSIONS,
    KIND,
    MAX_YEARS,
    GapsFilters,
    bands,
    gaps_build,
    gaps_cell,
)


class AreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.parent.name})" if obj.parent_id else obj.name


class GapsFilterForm(forms.Form):
    dimension = forms.ChoiceField(
        label=gettext_lazy("Columns"),
        choices=list(DIMENSIONS.items()),
        initial=KIND,
        required=False,
    )
    kind = forms.ModelChoiceField(
        label=gettext_lazy("Kind of place"),
        queryset=PlaceKind.objects.none(),
        required=False,
        empty_label=gettext_lazy("Any"),
    )
    authority = forms.ModelChoiceField(
        label=gettext_lazy("Operating authority"),
        queryset=Authority.objects.none(),
        required=False,
        empty_label=gettext_lazy("Any"),
    )
    area = AreaChoice(
        label=gettext_lazy("Administrative area"),
        queryset=AdministrativeArea.objects.none(),
        required=False,
        empty_label=gettext_lazy("Any"),
        help_text=gettext_lazy("With the areas inside it."),
    )
    years = forms.IntegerField(
        label=gettext_lazy("Years of trend"),
        min_value=1,
        max_value=MAX_YEARS,
        required=False,
        initial=DEFAULT_YEARS,
        widget=forms.NumberInput(attrs={"placeholder": str(DEFAULT_YEARS)}),
        help_text=gettext_lazy("From 1 to 10; 3 when left empty."),
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["kind"].queryset = kinds_for(actor).order_by("order", "name")
        fields["authority"].queryset = authorities_for(actor).order_by("name")
        fields["area"].queryset = areas_for(actor).order_by("level", "name")

    def filters(self) -> GapsFilters:
        """The chosen filters; everything, by kind of place, when the form is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return GapsFilters()
        data = self.cleaned_data
        return GapsFilters(
            dimension=data.get("dimension") or KIND,
            kind=data["kind"].pk if data.get("kind") else None,
            authority=data["authority"].pk if data.get("authority") else None,
            area=data["area"].pk if data.get("area") else None,
            years=data.get("years") or DEFAULT_YEARS,
        )


class GapsReportForm(GapsFilterForm):
    audience = forms.ChoiceField(
        label=gettext_lazy("Who is the report for?"),
        choices=[
            (Audience.INTERNAL.value, Audience.INTERNAL.label),
            (Audience.PUBLIC.value, Audience.PUBLIC.label),
        ],
        initial=Audience.INTERNAL.value,
        widget=forms.RadioSelect,
    )


def _filter_form(request: HttpRequest, actor: Membership) -> GapsFilterForm:
    return GapsFilterForm(request.GET or None, actor=actor)


def _page(
    request: HttpRequest, actor: Membership, form: GapsFilterForm, status: int = 200
) -> HttpResponse:
    filters = form.filters()
    gaps = gaps_build(actor=actor, filters=filters)
    context = {
        "form": form,
        "gaps": gaps,
        "bands": bands(),
        "explanation": explanation(),
        "scope": scope_text(gaps),
        "query": request.GET.urlencode(),
    }
    return render(request, "risk/gaps.html", context, status=status)


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_gaps(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return _page(request, actor, _filter_form(request, actor))


CELL_FIELDS = {
    "factor": gettext_lazy("Risk factor"),
    "dimension": gettext_lazy("Columns"),
    "value": gettext_lazy("Column"),
}


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_gaps_cell(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = _filter_form(request, actor)
    filters = form.filters()
    back = reverse("risk:risk_gaps") + "?" + urlencode(filters.as_params())
    errors: list[tuple[str, str]] = []
    if form.is_bound and not form.is_valid():
        errors = [
            (str(form.fields[name].label or name) if name in form.fields else "", str(message))
            for name, messages in form.errors.items()
            for message in messages
        ]
    else:
        try:
            drill = gaps_cell(
                actor=actor,
                filters=filters,
                factor=request.GET.get("factor", "").strip(),
                dimension=request.GET.get("dimension", "").strip(),
                value=request.GET.get("value", "").strip(),
            )
        except ValidationError as error:
            errors = [
                (str(CELL_FIELDS.get(name, "")), str(message))
                for name, messages in error.message_dict.items()
                for message in messages
            ]
    if errors:
        return render(request, "risk/gaps_cell.html", {"errors": errors, "back": back}, status=400)
    context = {"drill": drill, "back": back, **paginate(request, drill.rows)}
    return render(request, "risk/gaps_cell.html", context)


@require_GET
@membership_required(Capability.VIEW_RISK)
def risk_gaps_xlsx(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = _filter_form(request, actor)
    if form.is_bound and not form.is_valid():
        return _page(request, actor, form, status=400)
    gaps = gaps_build(actor=actor, filters=form.filters())
    response = HttpResponse(gaps_xlsx(gaps, institution=actor.institution), XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(gaps, "xlsx")}"'
    return response


@require_http_methods(["GET", "POST"])
@membership_required(Capability.VIEW_RISK)
def risk_gaps_pdf(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        form = GapsReportForm(request.POST, actor=actor)
        if form.is_valid():
            job = gaps_report_start(
                actor=actor, filters=form.filters(), audience=form.cleaned_data["audience"]
            )
            return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
    else:
        # Linked from the page with its filters: they are what the form proposes.
        chosen = GapsFilterForm(request.GET or None, actor=actor).filters()
        form = GapsReportForm(initial=chosen.as_params(), actor=actor)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "today": timezone.localdate(), "title": _("Protection gaps (PDF)")}
    return render(request, "risk/gaps_pdf_form.html", context, status=status)
