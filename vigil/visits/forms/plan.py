"""Forms of the visit plan: a year's plan, and a visit planned in it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ActorForm, SearchableChoiceField
from vigil.visits.models import VisitPlan, VisitType
from vigil.visits.selectors.lookups import OPEN_PLACE

DATE = forms.DateInput(attrs={"type": "date"})


class VisitPlanForm(forms.ModelForm):
    """A visit plan: its title, period and notes."""

    class Meta:
        model = VisitPlan
        fields = ["title", "starts_on", "ends_on", "notes"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self) -> None:
        pass  # the service builds and checks the record


class PlannedVisitForm(ActorForm):
    """A place to visit in a month of the plan, and why."""

    place = SearchableChoiceField(OPEN_PLACE, label=_("Place"))
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    visit_type = forms.ChoiceField(label=_("Type of visit"), choices=VisitType.choices)
    reason = forms.CharField(label=_("Why this place"), required=False, max_length=300)
