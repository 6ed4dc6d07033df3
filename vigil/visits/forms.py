from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Membership, User
from vigil.places.models import Place
from vigil.visits import selectors
from vigil.visits.models import (
    Observation,
    RegisterCheck,
    Severity,
    StandardReference,
    TeamRole,
    Theme,
    Visit,
    VisitPlan,
    VisitType,
)

DATE = forms.DateInput(attrs={"type": "date"})


class VisitForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    visit_type = forms.ChoiceField(label=_("Type of visit"), choices=VisitType.choices)
    announced = forms.BooleanField(label=_("Announced to the authorities"), required=False)
    planned_for = forms.DateField(label=_("Planned for"), required=False, widget=DATE)
    starts_on = forms.DateField(label=_("First day"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), required=False, widget=DATE)
    themes = forms.ModelMultipleChoiceField(
        label=_("Focus themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead = forms.BooleanField(label=_("I lead this visit"), required=False, initial=True)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = selectors.places_for(actor)  # type: ignore[attr-defined]
        self.fields["themes"].queryset = selectors.themes_for(actor)  # type: ignore[attr-defined]


class VisitEditForm(VisitForm):
    summary = forms.CharField(
        label=_("Summary for the report"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    methodology = forms.CharField(
        label=_("Methodology for the report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        del self.fields["place"]
        del self.fields["lead"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=Visit.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Colleague"), queryset=User.objects.none(), required=False
    )
    external_name = forms.CharField(
        label=_("Or name of a person outside Vigil"), required=False, max_length=200
    )
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__institution_id=actor.institution_id, memberships__is_active=True
        ).order_by("full_name")


class ObservationForm(forms.ModelForm):
    class Meta:
        model = Observation
        fields = ["theme", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = selectors.themes_for(actor)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        pass


class RegisterCheckForm(forms.ModelForm):
    class Meta:
        model = RegisterCheck
        fields = [
            "register",
            "period_from",
            "period_to",
            "entries_examined",
            "irregularity_count",
            "irregularities",
        ]
        widgets = {
            "period_from": DATE,
            "period_to": DATE,
            "irregularities": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self) -> None:
        pass


class FindingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none())
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Severity.choices,
        help_text=_(
            "Urgent: an immediate risk to life or of ill-treatment; it calls for action now."
        ),
    )
    standards = forms.ModelMultipleChoiceField(
        label=_("Standards"),
        queryset=StandardReference.objects.none(),
        required=False,
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    observations = forms.ModelMultipleChoiceField(
        label=_("Observations it rests on"),
        queryset=Observation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    register_checks = forms.ModelMultipleChoiceField(
        label=_("Register checks it rests on"),
        queryset=RegisterCheck.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    checklist_evidence = forms.MultipleChoiceField(
        label=_("Checklist answers it rests on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        actor: Membership,
        visit: Visit,
        answer_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = selectors.themes_for(actor)  # type: ignore[attr-defined]
        self.fields["standards"].queryset = selectors.standards()  # type: ignore[attr-defined]
        self.fields["observations"].queryset = visit.observations.all()  # type: ignore[attr-defined]
        self.fields["register_checks"].queryset = visit.register_checks.all()  # type: ignore[attr-defined]
        self.fields["checklist_evidence"].choices = answer_choices  # type: ignore[attr-defined]

    def clean_checklist_evidence(self) -> list[dict[str, Any]]:
        evidence = []
        for value in self.cleaned_data["checklist_evidence"]:
            submission, _sep, path = value.partition(":")
            evidence.append({"submission": int(submission), "path": path})
        return evidence


class FindingActionForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportSentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)
    recipients = forms.CharField(
        label=_("Sent to"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class VisitPlanForm(forms.ModelForm):
    class Meta:
        model = VisitPlan
        fields = ["title", "starts_on", "ends_on", "notes"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self) -> None:
        pass


class PlannedVisitForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    visit_type = forms.ChoiceField(label=_("Type of visit"), choices=VisitType.choices)
    reason = forms.CharField(label=_("Why this place"), required=False, max_length=300)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = selectors.places_for(actor)  # type: ignore[attr-defined]


class VisitFilterForm(forms.Form):
    q = forms.CharField(label=_("Place"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Visit.Status.choices]
    )
    visit_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any")), *VisitType.choices]
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    mine = forms.BooleanField(label=_("Only visits of my team"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any")), *[(y, str(y)) for y in years]]  # type: ignore[attr-defined]

    def filters(self) -> selectors.VisitFilters:
        if not self.is_valid():
            return selectors.VisitFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        return selectors.VisitFilters(**data)
