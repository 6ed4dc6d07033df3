"""Forms of allegation cases: intake, moves, team, perpetrators, referrals and deadlines.

Choices that name records come from need-to-know querysets, so a form can only offer what
its reader may already see. Victims are offered by pseudonym only.
"""

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
    SearchableMultipleChoiceField,
)
from vigil.core.models import Membership, User
from vigil.people.models import (
    REFERRAL_OUTCOMES,
    Case,
    CaseAssignment,
    CaseOutcome,
    CaseStage,
    Gender,
    IllTreatmentType,
    IntakeSource,
    Referral,
)
from vigil.people.selectors.cases import (
    CaseFilters,
    case_team_candidates,
    ill_treatment_types_for,
)
from vigil.people.selectors.lookups import INTERVIEW, PERSON
from vigil.people.workflow import next_stages, outcomes_from
from vigil.places.selectors.lookups import PLACE

DATE = forms.DateInput(attrs={"type": "date"})
ANY = ("", _("Any"))


class MemberChoiceField(ScopedModelChoiceField):
    """A member of the institution, by their full name."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name()


class CaseFilterForm(ActorForm):
    """Filters of the case list and its export."""

    reference = forms.CharField(label=_("Reference"), required=False, max_length=40)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[ANY, *CaseStage.choices])
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[ANY, *CaseOutcome.choices]
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[ANY, *IntakeSource.choices]
    )
    ill_treatment_type = forms.TypedChoiceField(
        label=_("Type of ill-treatment"), required=False, coerce=int, empty_value=None
    )
    place = SearchableChoiceField(
        PLACE, label=_("Place of the incident"), required=False, empty_label=_("Any")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["ill_treatment_type"].choices = [ANY] + [
            (t.pk, t.name) for t in ill_treatment_types_for(actor)
        ]

    def filters(self) -> CaseFilters:
        if not self.is_valid():
            return CaseFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        if "place" in data:
            data["place"] = data["place"].pk
        return CaseFilters(**data)


class CaseForm(ActorForm):
    """A case at intake, or its particulars later: source, victims, incident, account."""

    source = forms.ChoiceField(label=_("Source"), choices=IntakeSource.choices)
    interview = SearchableChoiceField(
        INTERVIEW,
        label=_("Interview it came from"),
        required=False,
        help_text=_("Only for allegations made during a visit interview."),
    )
    received_on = forms.DateField(label=_("Date received"), widget=DATE)
    received_by = MemberChoiceField(User, scope=institution_members, label=_("Received by"))
    victims = SearchableMultipleChoiceField(
        PERSON,
        label=_("Alleged victims"),
        required=False,
        help_text=_("People already known, by pseudonym. Add someone new below."),
    )
    new_victim_full_name = forms.CharField(
        label=_("New victim: full name"), required=False, max_length=300
    )
    new_victim_identity_number = forms.CharField(
        label=_("New victim: identity number"), required=False, max_length=100
    )
    new_victim_date_of_birth = forms.DateField(
        label=_("New victim: date of birth"), required=False, widget=DATE
    )
    new_victim_nationality = forms.CharField(
        label=_("New victim: nationality"), required=False, max_length=100
    )
    new_victim_language = forms.CharField(
        label=_("New victim: language"), required=False, max_length=100
    )
    new_victim_gender = forms.ChoiceField(
        label=_("New victim: gender"), required=False, choices=Gender.choices
    )
    incident_date = forms.DateField(label=_("Date of the incident"), required=False, widget=DATE)
    incident_place = SearchableChoiceField(PLACE, label=_("Place of the incident"), required=False)
    incident_place_text = forms.CharField(
        label=_("Place, if not registered"),
        required=False,
        max_length=500,
        help_text=_("For example “in the van on the way to the station”. Kept encrypted."),
    )
    ill_treatment_types = ScopedModelMultipleChoiceField(
        IllTreatmentType,
        scope=ill_treatment_types_for,
        label=_("Types of ill-treatment"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    account = forms.CharField(
        label=_("Account"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    injuries = forms.CharField(
        label=_("Injuries"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    NEW_VICTIM_FIELDS = (
        "full_name",
        "identity_number",
        "date_of_birth",
        "nationality",
        "language",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new_name = (data.get("new_victim_full_name") or "").strip()
        other_identity = [data.get(f"new_victim_{name}") for name in self.NEW_VICTIM_FIELDS[1:]]
        if any(other_identity) and not new_name:
            self.add_error("new_victim_full_name", _("Give the new victim's name."))
        elif not data.get("victims") and not new_name:
            interview = data.get("interview")
            if not (interview and interview.person_id):
                self.add_error(
                    "victims", _("Choose an alleged victim, or add a new one with their name.")
                )
        return data

    def service_values(self) -> dict[str, Any]:
        """The cleaned data as the case services take it (a new victim as its own dict)."""
        values = dict(self.cleaned_data)
        identity: dict[str, Any] = {
            name: values.pop(f"new_victim_{name}", "") or "" for name in self.NEW_VICTIM_FIELDS
        }
        gender = values.pop("new_victim_gender", "") or ""
        if identity["date_of_birth"]:
            identity["date_of_birth"] = identity["date_of_birth"].isoformat()
        if str(identity["full_name"]).strip():
            values["new_victim"] = {**identity, "gender": gender}
        values["victims"] = list(values.get("victims") or [])
        values["ill_treatment_types"] = list(values.get("ill_treatment_types") or [])
        return values


def case_initial(case: Case) -> dict[str, Any]:
    names = ("source", "interview", "received_on", "received_by", "incident_date",
             "incident_place", "incident_place_text", "account", "injuries")  # fmt: skip
    initial = {name: getattr(case, name) for name in names}
    initial["victims"] = list(case.victims.all())
    initial["ill_treatment_types"] = list(case.ill_treatment_types.all())
    return initial


class CaseMoveForm(forms.Form):
    """Offers only the moves the workflow allows; a forged one reaches the service and is
    refused there with the workflow's own explanation."""

    to_stage = forms.CharField(label=_("Move to"), max_length=16, widget=forms.Select)
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=24,
        widget=forms.Select,
        help_text=_("Only when the case reaches its outcome."),
    )
    moved_on = forms.DateField(label=_("Date"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Referred to"),
        required=False,
        max_length=200,
        help_text=_("Required when the case is referred to another body or to prosecution."),
    )
    their_reference = forms.CharField(label=_("Their reference"), required=False, max_length=80)
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["to_stage"].widget.choices = [
            (stage, CaseStage(stage).label) for stage in next_stages(case.stage)
        ]
        outcomes = outcomes_from(case.stage)
        fields["outcome"].widget.choices = [("", "—")] + [
            (outcome, CaseOutcome(outcome).label) for outcome in outcomes
        ]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        body, reference = data.pop("body", ""), data.pop("their_reference", "")
        follow_up_on = data.pop("follow_up_on", None)
        if data.get("outcome") in REFERRAL_OUTCOMES:
            data["referral"] = {
                "body": body,
                "their_reference": reference,
                "follow_up_on": follow_up_on,
            }
        return data


class AssignForm(ActorForm):
    """A member to add to the case's team, with their role on it."""

    user = MemberChoiceField(User, scope=case_team_candidates, label=_("Member"))
    role = forms.ChoiceField(label=_("Role on the case"), choices=CaseAssignment.Role.choices)


class UnassignForm(forms.Form):
    """The member to take off the case's team."""

    user = forms.IntegerField(widget=forms.HiddenInput)


class PerpetratorForm(forms.Form):
    """An alleged perpetrator: agency, unit, rank and, optionally, a name."""

    agency = forms.CharField(label=_("Agency"), required=False, max_length=120)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=120)
    rank = forms.CharField(label=_("Rank"), required=False, max_length=80)
    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Optional. Kept encrypted."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReferralForm(forms.Form):
    """A referral of the case to another body."""

    body = forms.CharField(label=_("Referred to"), max_length=200)
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)
    their_reference = forms.CharField(label=_("Their reference"), required=False, max_length=80)
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)


class FollowUpForm(forms.Form):
    """What the other body did with a referral, and when to follow up next."""

    status = forms.ChoiceField(label=_("Status"), choices=Referral.Status.choices)
    outcome_notes = forms.CharField(
        label=_("What they did"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_on = forms.DateField(
        label=_("Next follow-up"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty when no further follow-up is needed."),
    )


class DeadlinesForm(forms.Form):
    """Days a case may stay in each open stage before it shows as overdue."""

    def __init__(self, *args: Any, days: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for stage in CaseStage.values:
            if stage == CaseStage.CLOSED:
                continue
            self.fields[stage] = forms.IntegerField(
                label=CaseStage(stage).label,
                min_value=1,
                max_value=3650,
                initial=days.get(stage),
                help_text=_("Days"),
            )
