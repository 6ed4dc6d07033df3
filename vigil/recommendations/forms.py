from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Membership
from vigil.places.models import Authority, Place
from vigil.recommendations.models import (
    Addressee,
    Mechanism,
    Priority,
    Response,
    Source,
    Status,
)
from vigil.recommendations.selectors import RecommendationFilters
from vigil.visits.models import Finding, StandardReference, Theme, Visit

DATE = forms.DateInput(attrs={"type": "date"})


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
    reference = forms.CharField(
        label=_("Reference"), required=False, max_length=64,
        help_text=_("Left empty, Vigil numbers it (R-2026-0001)."),
    )  # fmt: skip
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    mechanism = forms.ChoiceField(
        label=_("UN mechanism"), required=False, choices=[("", "—"), *Mechanism.choices]
    )
    source_document = forms.CharField(label=_("Document"), required=False, max_length=300)
    paragraph = forms.CharField(label=_("Paragraph"), required=False, max_length=40)
    visit = forms.ModelChoiceField(label=_("Visit"), required=False, queryset=Visit.objects.none())
    issued_on = forms.DateField(label=_("Date"), widget=DATE)
    addressee = forms.ChoiceField(label=_("Addressee"), choices=Addressee.choices)
    authority = forms.ModelChoiceField(
        label=_("Authority"), required=False, queryset=Authority.objects.none()
    )
    law_or_policy = forms.CharField(
        label=_("Law or policy concerned"), required=False, max_length=300
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    places = forms.ModelMultipleChoiceField(
        label=_("Places concerned"), required=False, queryset=Place.objects.none()
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), required=False, queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    standards = forms.ModelMultipleChoiceField(
        label=_("Standards"), required=False, queryset=StandardReference.objects.none()
    )
    findings = forms.ModelMultipleChoiceField(
        label=_("Findings it answers"), required=False, queryset=Finding.objects.none()
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = {"institution_id": actor.institution_id}
        fields: dict[str, Any] = self.fields
        fields["visit"].queryset = Visit.objects.filter(**mine).select_related("place")
        fields["authority"].queryset = Authority.objects.filter(**mine)
        fields["places"].queryset = Place.objects.filter(**mine)
        fields["themes"].queryset = Theme.objects.filter(
            institution__isnull=True
        ) | Theme.objects.filter(**mine)
        fields["standards"].queryset = StandardReference.objects.all()
        fields["findings"].queryset = Finding.objects.filter(**mine).select_related("visit__place")


class ResponseForm(forms.Form):
    response = forms.ChoiceField(label=_("Response"), choices=Response.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    text = forms.CharField(label=_("What the authority said"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    document = forms.CharField(label=_("Document reference"), required=False, max_length=300)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Implementation status"), choices=Status.choices)
    on = forms.DateField(label=_("As of"), widget=DATE)
    note = forms.CharField(
        label=_("Follow-up note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    verified_at_visit = forms.ModelChoiceField(
        label=_("Verified at visit"), required=False, queryset=Visit.objects.none()
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["verified_at_visit"].queryset = Visit.objects.filter(  # type: ignore[attr-defined]
            institution_id=actor.institution_id
        ).select_related("place")


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=300)
    indicator = forms.CharField(label=_("Indicator"), required=False, max_length=300)
    baseline = forms.CharField(label=_("Baseline"), required=False, max_length=100)
    target = forms.CharField(label=_("Target"), required=False, max_length=100)
    current = forms.CharField(label=_("Latest value"), required=False, max_length=100)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Text or reference"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Status.choices]
    )
    response = forms.ChoiceField(
        label=_("Response"), required=False, choices=[("", _("Any")), *Response.choices]
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=[("", _("Any")), *Priority.choices]
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("Any")), *Source.choices]
    )
    addressee = forms.ChoiceField(
        label=_("Addressee"), required=False, choices=[("", _("Any")), *Addressee.choices]
    )
    authority = forms.TypedChoiceField(
        label=_("Authority"), required=False, coerce=int, empty_value=None
    )
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    open_only = forms.BooleanField(label=_("Open only"), required=False)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", _("Any"))]
        fields: dict[str, Any] = self.fields
        fields["authority"].choices = any_ + [
            (a.pk, a.name) for a in Authority.objects.filter(institution_id=actor.institution_id)
        ]
        fields["theme"].choices = any_ + [
            (t.pk, t.name) for t in Theme.objects.filter(institution__isnull=True)
        ]

    def filters(self) -> RecommendationFilters:
        if not self.is_valid():
            return RecommendationFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        return RecommendationFilters(**data)
