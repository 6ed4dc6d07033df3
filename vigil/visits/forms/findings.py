"""Forms of what the team records on site: observations, register checks, findings, and
the action taken on an urgent finding."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import (
    ActorForm,
    ActorModelForm,
    ScopedModelChoiceField,
    ScopedModelMultipleChoiceField,
)
from vigil.visits.models import (
    Observation,
    RegisterCheck,
    Severity,
    StandardReference,
    Theme,
    Visit,
)
from vigil.visits.selectors.visits import observations_of, register_checks_of, standard_list

DATE = forms.DateInput(attrs={"type": "date"})


class ObservationForm(ActorModelForm):
    """What the team saw or heard, under a theme."""

    class Meta:
        model = Observation
        fields = ["theme", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self) -> None:
        pass  # the service builds and checks the record


class RegisterCheckForm(forms.ModelForm):
    """A register the team examined: which, over which period, and what was wrong."""

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
        pass  # the service builds and checks the record


class FindingForm(ActorForm):
    """A finding of the visit: its theme, severity, standards and the evidence it rests on."""

    title = forms.CharField(label=_("Title"), max_length=200)
    theme = ScopedModelChoiceField(Theme, label=_("Theme"))
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Severity.choices,
        help_text=_(
            "Urgent: an immediate risk to life or of ill-treatment; it calls for action now."
        ),
    )
    standards = ScopedModelMultipleChoiceField(
        StandardReference, label=_("Standards"), required=False, scope=standard_list
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    observations = ScopedModelMultipleChoiceField(
        Observation,
        label=_("Observations it rests on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    register_checks = ScopedModelMultipleChoiceField(
        RegisterCheck,
        label=_("Register checks it rests on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    checklist_evidence = forms.MultipleChoiceField(
        label=_("Checklist answers it rests on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, visit: Visit, answer_choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.narrow("observations", observations_of(visit))
        self.narrow("register_checks", register_checks_of(visit))
        self.fields["checklist_evidence"].choices = answer_choices  # type: ignore[attr-defined]

    def clean_checklist_evidence(self) -> list[dict[str, Any]]:
        evidence = []
        for value in self.cleaned_data["checklist_evidence"]:
            submission, _sep, path = value.partition(":")
            evidence.append({"submission": int(submission), "path": path})
        return evidence


class FindingActionForm(forms.Form):
    """What was done about an urgent finding."""

    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
