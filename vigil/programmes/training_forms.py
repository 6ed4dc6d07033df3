"""Forms of the training pages; the services check what forms cannot (scores ≤ highest score)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Membership
from vigil.programmes.models import ParticipantGroup
from vigil.visits.models import Theme

DATE = forms.DateInput(attrs={"type": "date"})


def _score(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=Decimal(0), max_digits=6, decimal_places=2
    )


class TrainingSetupForm(forms.Form):
    trainers = forms.CharField(
        label=_("Trainers"), max_length=300, help_text=_("Names or organisations, with commas.")
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), required=False, queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    max_score = forms.DecimalField(
        label=_("Highest possible test score"), initial=100, min_value=Decimal("0.01"),
        max_digits=6, decimal_places=2,
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["topics"]
        field.queryset = Theme.objects.filter(institution__isnull=True) | Theme.objects.filter(
            institution_id=actor.institution_id
        )


class TrainingForm(TrainingSetupForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    location = forms.CharField(label=_("Where"), required=False, max_length=200)

    field_order = ("title", "starts_on", "ends_on", "location", "trainers", "topics", "max_score")


class ParticipantGroupForm(forms.Form):
    agency = forms.CharField(label=_("Agency"), max_length=200)
    rank = forms.CharField(label=_("Rank"), required=False, max_length=100)
    gender = forms.ChoiceField(label=_("Gender"), choices=ParticipantGroup.Gender.choices)
    count = forms.IntegerField(label=_("Participants"), min_value=1)
    pre_test_mean = _score(_("Pre-test mean score"))
    post_test_mean = _score(_("Post-test mean score"))


class RosterEntryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    badge_number = forms.CharField(label=_("Badge number"), required=False, max_length=60)
    agency = forms.CharField(label=_("Agency"), max_length=200)
    rank = forms.CharField(label=_("Rank"), required=False, max_length=100)
    gender = forms.ChoiceField(label=_("Gender"), choices=ParticipantGroup.Gender.choices)
    pre_test = _score(_("Pre-test score"))
    post_test = _score(_("Post-test score"))
    attended = forms.BooleanField(label=_("Attended"), required=False, initial=True)


class RosterScoresForm(forms.Form):
    pre_test = _score(_("Pre-test score"))
    post_test = _score(_("Post-test score"))
    attended = forms.BooleanField(label=_("Attended"), required=False)
