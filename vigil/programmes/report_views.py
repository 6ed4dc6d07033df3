"""Asking for a programme report or a Good Practice Report, then watching it being written."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from vigil.core.access import actor_of, membership_required, scoped
from vigil.core.redaction import Audience
from vigil.core.roles import Capability
from vigil.programmes.models import Programme
from vigil.programmes.report import good_practice_report_start, programme_report_start
from vigil.programmes.selectors import programme_get

FORMAT_CHOICES = [("pdf", gettext_lazy("PDF")), ("docx", gettext_lazy("Word (DOCX)"))]


class ProgrammeReportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("File type"),
        choices=FORMAT_CHOICES,
        initial="pdf",
        widget=forms.RadioSelect,
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Who is the report for?"),
        choices=[
            (Audience.INTERNAL.value, Audience.INTERNAL.label),
            (Audience.PUBLIC.value, Audience.PUBLIC.label),
        ],
        initial=Audience.INTERNAL.value,
        widget=forms.RadioSelect,
    )


class ProgrammeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        ends = f"{obj.ends_on:%Y}" if obj.ends_on else "…"
        return f"{obj.title} ({obj.starts_on:%Y}–{ends})"


class GoodPracticeReportForm(forms.Form):
    programmes = ProgrammeChoice(
        label=gettext_lazy("Programmes"),
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Only their entries marked ready to share are included."),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("File type"),
        choices=FORMAT_CHOICES,
        initial="pdf",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["programmes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = programmes


@require_http_methods(["GET", "POST"])
@membership_required(Capability.VIEW_PROGRAMMES)
def programme_report(request: HttpRequest, programme_id: int) -> HttpResponse:
    actor = actor_of(request)
    programme = programme_get(actor=actor, pk=programme_id)
    form = ProgrammeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = programme_report_start(
            actor=actor,
            programme=programme,
            fmt=form.cleaned_data["format"],
            audience=form.cleaned_data["audience"],
        )
        return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programmes/report_generate.html",
        {"programme": programme, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@membership_required(Capability.VIEW_PROGRAMMES)
def good_practice_report(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    programmes = scoped(Programme.objects.all(), actor=actor).order_by("-starts_on", "title", "pk")
    form = GoodPracticeReportForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        job = good_practice_report_start(
            actor=actor,
            programmes=list(form.cleaned_data["programmes"]),
            fmt=form.cleaned_data["format"],
        )
        return HttpResponseRedirect(reverse("core:job_detail", args=[job.pk]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programmes/good_practice_report_generate.html",
        {"form": form, "has_programmes": programmes.exists()},
        status=status,
    )
