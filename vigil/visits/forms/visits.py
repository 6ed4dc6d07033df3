"""Forms of a visit: creating and editing it, its status, its team, the report sent, and
the filters of the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.access import institution_members
from vigil.core.forms import (
    ActorForm,
    ScopedModelChoiceField,
    ScopedModelMultipleChoiceField,
    SearchableChoiceField,
)
from vigil.core.models import Membership, User
from vigil.visits.models import TeamRole, Theme, Visit, VisitType
from vigil.visits.selectors.lookups import OPEN_PLACE
from vigil.visits.selectors.visits import VisitFilters

DATE = forms.DateInput(attrs={"type": "date"})


class VisitForm(ActorForm):
    """A new visit: where, what kind, when, its focus, and whether the planner leads it."""

    place = SearchableChoiceField(OPEN_PLACE, label=_("Place"))
    visit_type = forms.ChoiceField(label=_("Type of visit"), choices=VisitType.choices)
    announced = forms.BooleanField(label=_("Announced to the authorities"), required=False)
    planned_for = forms.DateField(label=_("Planned for"), required=False, widget=DATE)
    starts_on = forms.DateField(label=_("First day"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), required=False, widget=DATE)
    themes = ScopedModelMultipleChoiceField(
        Theme,
        label=_("Focus themes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead = forms.BooleanField(label=_("I lead this visit"), required=False, initial=True)


class VisitEditForm(VisitForm):
    """A visit's details and the texts of its report; its place and leader stay."""

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
    """The status a visit moves to, with a note."""

    status = forms.ChoiceField(label=_("Move to"), choices=Visit.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class TeamMemberForm(ActorForm):
    """A colleague, or a person outside Vigil, joining the visit's team in a role."""

    user = ScopedModelChoiceField(
        User, label=_("Colleague"), required=False, scope=institution_members
    )
    external_name = forms.CharField(
        label=_("Or name of a person outside Vigil"), required=False, max_length=200
    )
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)


class ReportSentForm(forms.Form):
    """When the visit report was sent, and to whom."""

    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)
    recipients = forms.CharField(
        label=_("Sent to"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class VisitFilterForm(forms.Form):
    """Filters of the visit list: place, status, type, year, and only the actor's team's."""

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

    def filters(self) -> VisitFilters:
        if not self.is_valid():
            return VisitFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        return VisitFilters(**data)
