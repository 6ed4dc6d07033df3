"""Forms of a recommendation and of its follow-up, and the list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import (
    ActorForm,
    EditsRecord,
    ScopedModelChoiceField,
    ScopedModelMultipleChoiceField,
    SearchableChoiceField,
    SearchableMultipleChoiceField,
)
from vigil.places.forms.places import AuthorityChoiceField
from vigil.places.selectors.lookups import PLACE
from vigil.recommendations.models import (
    Addressee,
    Mechanism,
    Priority,
    Response,
    Source,
    Status,
)
from vigil.recommendations.selectors.recommendations import (
    RecommendationFilters,
    shared_themes,
    standard_choices,
)
from vigil.visits.models import StandardReference, Theme
from vigil.visits.selectors.lookups import FINDING, VISIT

DATE = forms.DateInput(attrs={"type": "date"})


class RecommendationForm(ActorForm):
    """A recommendation: what, from which source, to whom, by when, about what."""

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
    visit = SearchableChoiceField(VISIT, label=_("Visit"), required=False)
    issued_on = forms.DateField(label=_("Date"), widget=DATE)
    addressee = forms.ChoiceField(label=_("Addressee"), choices=Addressee.choices)
    authority = AuthorityChoiceField(label=_("Authority"), required=False)
    law_or_policy = forms.CharField(
        label=_("Law or policy concerned"), required=False, max_length=300
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    places = SearchableMultipleChoiceField(PLACE, label=_("Places concerned"), required=False)
    themes = ScopedModelMultipleChoiceField(
        Theme, label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    standards = ScopedModelMultipleChoiceField(
        StandardReference, label=_("Standards"), required=False, scope=standard_choices
    )
    findings = SearchableMultipleChoiceField(
        FINDING,
        label=_("Findings it answers"),
        required=False,
        narrow_by={"visit": "visit"},  # the findings of the chosen visit come first to hand
    )


class ResponseForm(forms.Form):
    """The authority's response to a recommendation."""

    response = forms.ChoiceField(label=_("Response"), choices=Response.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    text = forms.CharField(label=_("What the authority said"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    document = forms.CharField(label=_("Document reference"), required=False, max_length=300)


class StatusForm(ActorForm):
    """A dated step of implementation, perhaps verified at a visit."""

    status = forms.ChoiceField(label=_("Implementation status"), choices=Status.choices)
    on = forms.DateField(label=_("As of"), widget=DATE)
    note = forms.CharField(
        label=_("Follow-up note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    verified_at_visit = SearchableChoiceField(VISIT, label=_("Verified at visit"), required=False)


class MeasureForm(EditsRecord, forms.Form):
    """A measure of a long reform, with the indicator that follows it (with `record=`, an
    edit of one, which carries its version: ADR 0016)."""

    title = forms.CharField(label=_("Measure"), max_length=300)
    indicator = forms.CharField(label=_("Indicator"), required=False, max_length=300)
    baseline = forms.CharField(label=_("Baseline"), required=False, max_length=100)
    target = forms.CharField(label=_("Target"), required=False, max_length=100)
    current = forms.CharField(label=_("Latest value"), required=False, max_length=100)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)


class MeasureEditForm(MeasureForm):
    """A measure as it is followed: its latest value, and whether it is done."""

    done = forms.BooleanField(label=_("Done"), required=False)


class FilterForm(ActorForm):
    """The filters of the list of recommendations (and of its CSV)."""

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
    authority = AuthorityChoiceField(label=_("Authority"), required=False, empty_label=_("Any"))
    theme = ScopedModelChoiceField(
        Theme, label=_("Theme"), required=False, empty_label=_("Any"), scope=shared_themes
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    open_only = forms.BooleanField(label=_("Open only"), required=False)

    def filters(self) -> RecommendationFilters:
        if not self.is_valid():
            return RecommendationFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        for name in ("authority", "theme"):
            if name in data:
                data[name] = data[name].pk
        return RecommendationFilters(**data)
