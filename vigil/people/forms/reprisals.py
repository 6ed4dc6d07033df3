"""Forms of the reprisals register, the check-backs and the search for a person.

Choices of people, interviews and cases are limited to what the actor needs to know, and
people are offered by pseudonym only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ActorForm, ScopedModelChoiceField, SearchableChoiceField
from vigil.core.models import User
from vigil.people.models import CheckBack, ReprisalType
from vigil.people.selectors.interviews import interviewers_for
from vigil.people.selectors.lookups import CASE, INTERVIEW, PERSON

DATE = forms.DateInput(attrs={"type": "date"})


class MemberChoiceField(ScopedModelChoiceField):
    """A member of the institution, by name (or e-mail when they gave none)."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.email


class _Links(ActorForm):
    """The person, interview and case a record follows: only those the actor may see."""

    person = SearchableChoiceField(
        PERSON,
        label=_("Person"),
        help_text=_("By pseudonym: only the people whose interviews or cases you work on."),
    )
    interview = SearchableChoiceField(INTERVIEW, label=_("Interview it follows"), required=False)
    case = SearchableChoiceField(CASE, label=_("Case"), required=False)


class ReprisalForm(_Links):
    """A reprisal against someone the institution spoke with or works for."""

    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    type = forms.ChoiceField(label=_("Type of reprisal"), choices=ReprisalType.choices)
    unit_responsible = forms.CharField(
        label=_("Unit responsible"),
        required=False,
        max_length=200,
        help_text=_("The unit, shift or agency; no names of officers here."),
    )
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    action_taken = forms.CharField(
        label=_("Action taken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the institution did: raised with the director, urgent visit, …"),
    )

    def clean_occurred_on(self) -> Any:
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("This date is in the future."))
        return value


class CheckBackForm(_Links):
    """A check-back with someone at risk of reprisal: when, how, and by whom."""

    person = SearchableChoiceField(PERSON, label=_("Person"))

    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    method = forms.ChoiceField(
        label=_("How"), choices=CheckBack.Method.choices, widget=forms.RadioSelect
    )
    assigned_to = MemberChoiceField(User, scope=interviewers_for, label=_("Assigned to"))

    field_order = ["person", "interview", "case", "due_on", "method", "assigned_to"]


class CheckBackDoneForm(forms.Form):
    """A check-back done: when, what came of it, and when the next one is due."""

    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[c for c in CheckBack.Result.choices if c[0]],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_due_on = forms.DateField(
        label=_("Next check-back on"),
        required=False,
        widget=DATE,
        help_text=_("Give a date to schedule the next check-back, same person and method."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        done_on, next_due_on = data.get("done_on"), data.get("next_due_on")
        if done_on and done_on > timezone.localdate():
            self.add_error("done_on", _("This date is in the future."))
        if done_on and next_due_on and next_due_on <= done_on:
            self.add_error("next_due_on", _("The next check-back comes after this one."))
        return data


class ReprisalFilterForm(forms.Form):
    """Filters of the reprisals register."""

    q = forms.CharField(label=_("Pseudonym"), required=False, max_length=16)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any")), *ReprisalType.choices]
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.CharField(label=_("Unit responsible"), required=False, max_length=200)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *((year, str(year)) for year in years),
        ]

    def filters(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}


class CheckBackFilterForm(forms.Form):
    """Filters of the check-back list."""

    STATUSES = [
        ("", _("Any")),
        ("overdue", _("Overdue")),
        ("due", _("Due, not yet late")),
        ("done", _("Done")),
    ]
    q = forms.CharField(label=_("Pseudonym"), required=False, max_length=16)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUSES)
    method = forms.ChoiceField(
        label=_("How"), required=False, choices=[("", _("Any")), *CheckBack.Method.choices]
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def filters(self) -> dict[str, Any]:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}


class PersonSearchForm(forms.Form):
    """An exact name or an exact identity number: sent by POST, never put in a URL."""

    name = forms.CharField(
        label=_("Full name, exactly"),
        required=False,
        max_length=200,
        help_text=_("The whole name as recorded. Capitals and extra spaces do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    identity_number = forms.CharField(
        label=_("Identity number, exactly"),
        required=False,
        max_length=100,
        help_text=_("With both given, a person must match both."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or "").strip() and not (data.get("identity_number") or "").strip():
            raise forms.ValidationError(_("Give a full name or an identity number."))
        return data
