"""Forms of the interviews area: recording an interview, its interviewee, consent, the list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import (
    ActorForm,
    EditsRecord,
    ScopedModelMultipleChoiceField,
    SearchableChoiceField,
)
from vigil.core.models import Membership, User
from vigil.people.models import (
    ConsentRecord,
    ConsentScope,
    Gender,
    Interview,
    Person,
    Vulnerability,
)
from vigil.people.selectors.interviews import (
    InterviewFilters,
    interviewers_for,
    person_by_pseudonym,
)
from vigil.visits.selectors.lookups import OPEN_PLACE

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ANY = ("", _("Any"))

IDENTITY_FIELDS = ("full_name", "identity_number", "date_of_birth", "nationality", "language")
CONSENT_FIELDS = ("consent_given_by", "consent_given_at", "consent_scopes")


class InterviewerChoice(ScopedModelMultipleChoiceField):
    """Members who took part in an interview, by their full name."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


def _not_in_future(value: date | None) -> date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))
    return value


class _IdentityFields(EditsRecord, forms.Form):
    """Who the interviewee is: kept encrypted, shown only to those who need to know."""

    full_name = forms.CharField(label=_("Full name"), required=False, max_length=300)
    identity_number = forms.CharField(
        label=_("Identity number"), required=False, max_length=100,
        help_text=_("As written on the identity document or in the register."),
    )  # fmt: skip
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    nationality = forms.CharField(label=_("Nationality"), required=False, max_length=100)
    language = forms.CharField(label=_("Language"), required=False, max_length=100)
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=Gender.choices)

    def clean_date_of_birth(self) -> date | None:
        return _not_in_future(self.cleaned_data.get("date_of_birth"))

    def identity(self) -> dict[str, str]:
        """The identity as the service stores it (text, a date as YYYY-MM-DD)."""
        data = self.cleaned_data
        born = data.get("date_of_birth")
        values = {
            name: (data.get(name) or "").strip()
            for name in IDENTITY_FIELDS
            if name != "date_of_birth"
        }
        values["date_of_birth"] = born.isoformat() if born else ""
        return values


class PersonForm(_IdentityFields):
    """The interviewee's identity, edited on its own page."""

    @staticmethod
    def initial_for(person: Any) -> dict[str, Any]:
        initial = {name: getattr(person, name) for name in IDENTITY_FIELDS}
        try:
            initial["date_of_birth"] = date.fromisoformat(person.date_of_birth)
        except (TypeError, ValueError):
            initial["date_of_birth"] = None  # an old free-text value stays until rewritten
        initial["gender"] = person.gender
        return initial

    def edited_values(self) -> dict[str, Any]:
        """In the record's terms (the date of birth is stored as text)."""
        return {**self.identity(), "gender": self.cleaned_data.get("gender", "")}


class _InterviewFields(ActorForm):
    """What every interview records, new or edited."""

    group_size = forms.IntegerField(
        label=_("People in the group"), required=False, min_value=2, max_value=500,
        help_text=_("Group interviews only."),
    )  # fmt: skip
    held_on = forms.DateField(label=_("Date of the interview"), widget=DATE)
    interviewers = InterviewerChoice(
        User, scope=interviewers_for, label=_("Interviewers"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the institution who took part; they may read the interview."),
    )  # fmt: skip
    interpreter = forms.CharField(
        label=_("Interpreter"), required=False, max_length=200,
        help_text=_("Name of the interpreter, if one took part."),
    )  # fmt: skip
    setting = forms.CharField(
        label=_("Where it was held"), required=False, max_length=200,
        help_text=_("For example: the library, out of sight and hearing of staff."),
    )  # fmt: skip
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities"), required=False, choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Kept encrypted; read only by those who need to know."),
    )  # fmt: skip
    summary_for_report = forms.CharField(
        label=_("Summary for reports"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What may be quoted, without the name, in the visit report if the person agreed. "
            "Leave out anything that could identify them."
        ),
    )  # fmt: skip
    fears_reprisal = forms.BooleanField(
        label=_("Fears reprisal"), required=False,
        help_text=_("Schedules a first check-back with the person."),
    )  # fmt: skip

    def clean_held_on(self) -> date | None:
        return _not_in_future(self.cleaned_data.get("held_on"))

    def interview_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "interpreter": data.get("interpreter", ""),
            "setting": data.get("setting", ""),
            "vulnerabilities": list(data.get("vulnerabilities") or []),
            "notes": data.get("notes", ""),
            "summary_for_report": data.get("summary_for_report", ""),
            "fears_reprisal": bool(data.get("fears_reprisal")),
        }


class InterviewForm(_InterviewFields, _IdentityFields):
    """A new interview: what happened, who was interviewed and, if given then, consent."""

    kind = forms.ChoiceField(
        label=_("Kind of interview"), choices=Interview.Kind.choices,
        initial=Interview.Kind.INDIVIDUAL, widget=forms.RadioSelect,
    )  # fmt: skip
    returning = forms.CharField(
        label=_("Interviewed before? Their pseudonym"), required=False, max_length=16,
        help_text=_(
            "For someone Vigil already knows (e.g. P-0012), give the pseudonym instead of the "
            "identity: they keep it, and their interviews stay together."
        ),
    )  # fmt: skip
    consent_given_by = forms.ChoiceField(
        label=_("Consent given by"), required=False,
        choices=[("", _("Not recorded now")), *ConsentRecord.GivenBy.choices],
    )  # fmt: skip
    consent_given_at = forms.DateTimeField(
        label=_("Consent given on"), required=False, widget=DATETIME
    )
    consent_scopes = forms.MultipleChoiceField(
        label=_("The person agreed to"), required=False, choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    field_order = ["kind", "group_size", "held_on"]

    GROUPS = (
        (_("The interview"), ("kind", "group_size", "held_on", "interviewers", "interpreter",
                              "setting")),
        (_("The interviewee (individual interviews)"), ("returning", *IDENTITY_FIELDS, "gender")),
        (_("What was said"), ("vulnerabilities", "notes", "summary_for_report",
                              "fears_reprisal")),
        (_("Consent (if recorded now)"), CONSENT_FIELDS),
    )  # fmt: skip

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.GROUPS]

    def clean_returning(self) -> Person | None:
        code = (self.cleaned_data.get("returning") or "").strip().upper()
        if not code:
            return None
        person = person_by_pseudonym(self.actor, code)
        if person is None:
            raise forms.ValidationError(_("No one you may see has this pseudonym."))
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("returning"):
            for name in IDENTITY_FIELDS:
                if data.get(name):
                    self.add_error(name, _("Leave the identity empty for a returning person."))
        if data.get("kind") == Interview.Kind.GROUP:
            if not data.get("group_size") and "group_size" not in self.errors:
                self.add_error("group_size", _("Say how many people took part."))
            given = [name for name in (*IDENTITY_FIELDS, "returning") if data.get(name)]
            for name in given:
                self.add_error(name, _("A group interview records no individual identity."))
        consent = [name for name in CONSENT_FIELDS if data.get(name)]
        if consent:
            for name in CONSENT_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Complete the consent, or leave all of it empty."))
            given_at = data.get("consent_given_at")
            if given_at and given_at > timezone.now():
                self.add_error("consent_given_at", _("This date is in the future."))
        return data

    def consent(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("consent_given_by"):
            return None
        return {
            "given_by": data["consent_given_by"],
            "given_at": data["consent_given_at"],
            "scopes": list(data["consent_scopes"]),
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kind = data["kind"]
        values = self.interview_values()
        values["kind"] = kind
        if kind == Interview.Kind.GROUP:
            values["group_size"] = data.get("group_size")
        individual = kind == Interview.Kind.INDIVIDUAL
        return {
            "interviewers": list(data["interviewers"]),
            "person": data.get("returning") if individual else None,
            "identity": self.identity() if individual and not data.get("returning") else None,
            "gender": data.get("gender", "") if kind == Interview.Kind.INDIVIDUAL else "",
            "consent": self.consent(),
            **values,
        }


class InterviewEditForm(_InterviewFields):
    """What may change after the interview; its kind and interviewee stay as recorded."""

    def __init__(self, *args: Any, actor: Membership, interview: Interview, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.kind = interview.kind
        if interview.kind != Interview.Kind.GROUP:
            del self.fields["group_size"]
        else:
            self.fields["group_size"].required = True

    @staticmethod
    def initial_for(interview: Interview) -> dict[str, Any]:
        names = ("group_size", "held_on", "interpreter", "setting", "vulnerabilities", "notes",
                 "summary_for_report", "fears_reprisal")  # fmt: skip
        initial = {name: getattr(interview, name) for name in names}
        initial["interviewers"] = list(interview.interviewers.all())
        return initial

    def service_kwargs(self) -> dict[str, Any]:
        values = self.interview_values()
        if self.kind == Interview.Kind.GROUP:
            values["group_size"] = self.cleaned_data.get("group_size")
        return {"interviewers": list(self.cleaned_data["interviewers"]), **values}


class ConsentForm(forms.Form):
    """Consent as the person gave it: by whom, when, and to which uses."""

    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentRecord.GivenBy.choices)
    given_at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    scopes = forms.MultipleChoiceField(
        label=_("The person agreed to"), choices=ConsentScope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every wider use includes internal use by the institution."),
    )  # fmt: skip

    def clean_given_at(self) -> Any:
        given_at = self.cleaned_data.get("given_at")
        if given_at and given_at > timezone.now():
            raise forms.ValidationError(_("This date is in the future."))
        return given_at


class WithdrawForm(forms.Form):
    """The withdrawal of consent, with an optional reason."""

    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept encrypted. The person need not give one."),
    )  # fmt: skip


class InterviewFilterForm(ActorForm):
    """Filters of the interview list and its export."""

    pseudonym = forms.CharField(
        label=_("Pseudonym"), required=False, max_length=16,
        help_text=_("For example P-0042. Names are never searched here."),
    )  # fmt: skip
    place = SearchableChoiceField(
        OPEN_PLACE, label=_("Place visited"), required=False, empty_label=_("Any")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[ANY, *Interview.Kind.choices]
    )
    vulnerability = forms.ChoiceField(
        label=_("Vulnerability"), required=False, choices=[ANY, *Vulnerability.choices]
    )
    fears_reprisal = forms.BooleanField(label=_("Fears reprisal only"), required=False)
    held_from = forms.DateField(label=_("Held from"), required=False, widget=DATE)
    held_until = forms.DateField(label=_("Held until"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("held_from"), data.get("held_until")
        if start and end and start > end:
            self.add_error("held_until", _("The end date is before the start date."))
        return data

    def filters(self) -> InterviewFilters:
        if not self.is_valid():
            return InterviewFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        if "pseudonym" in data:
            data["pseudonym"] = data["pseudonym"].strip().upper()
        if "place" in data:
            data["place"] = data["place"].pk
        return InterviewFilters(**data)
