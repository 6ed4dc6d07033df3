"""Forms of Istanbul Protocol examinations: the examination, its marks and findings, the report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.access import institution_members
from vigil.core.forms import ActorForm, AudienceField, ScopedModelChoiceField, ask_document_language
from vigil.core.models import Institution, Membership, User
from vigil.core.redaction import Audience
from vigil.people.models import BodyMark, Case, Consistency, Person
from vigil.people.selectors.cases import case_victims

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

DATE = forms.DateInput(attrs={"type": "date"})
POSITION_MESSAGES = {
    "invalid": _("Give a position between 0 and 100 per cent."),
    "min_value": _("Give a position between 0 and 100 per cent."),
    "max_value": _("Give a position between 0 and 100 per cent."),
    "max_digits": _("Give a position between 0 and 100 per cent."),
    "max_decimal_places": _("Give at most two decimals."),
    "required": _("Give the position in per cent, or click on the chart."),
}
CONSISTENCY_CHOICES = [("", _("Choose…")), *Consistency.choices]


class PseudonymChoiceField(ScopedModelChoiceField):
    """People are chosen by their pseudonym; names never reach a page."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.pseudonym)


class MemberChoiceField(ScopedModelChoiceField):
    """A member of the institution, by name (or e-mail when they gave none)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.email)


class ExaminationForm(ActorForm):
    """An Istanbul Protocol examination of one of the case's victims."""

    person = PseudonymChoiceField(
        Person,
        label=_("Examined person"),
        help_text=_("One of the case's alleged victims, by pseudonym."),
    )
    examiner = MemberChoiceField(User, scope=institution_members, label=_("Examiner"))
    examiner_qualifications = forms.CharField(
        label=_("Qualifications"),
        max_length=200,
        help_text=_("E.g. MD, forensic physician; clinical psychologist."),
    )
    examined_on = forms.DateField(label=_("Date of the examination"), widget=DATE)
    consent_given = forms.BooleanField(
        label=_("The person gave informed consent to the examination"), required=False
    )
    interpreter = forms.CharField(
        label=_("Interpreter"),
        required=False,
        max_length=200,
        help_text=_("Name of the interpreter, if one was present. Leave empty if none."),
    )
    history = forms.CharField(
        label=_("History"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The person's account of the events and of their symptoms since."),
    )
    physical_findings = forms.CharField(
        label=_("Physical findings"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    psychological_findings = forms.CharField(
        label=_("Psychological findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    overall_consistency = forms.ChoiceField(
        label=_("Overall evaluation"),
        choices=[("", _("Not given yet")), *Consistency.choices],
        required=False,
        help_text=_(
            "The Istanbul Protocol's level of consistency of all the findings, taken together, "
            "with the allegation."
        ),
    )
    overall_opinion = forms.CharField(
        label=_("Overall opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "How the findings as a whole relate to the allegation, and any further "
            "examination advised."
        ),
    )

    def __init__(self, *args: Any, actor: Membership, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.narrow("person", case_victims(actor, case))


# The examination page holds several forms: their fields keep plain names (side, x, y, …)
# and get ids of their own, so that every label points at one field.


def _position(label: _StrPromise) -> forms.DecimalField:
    """A coordinate on the body chart, in % of the drawing's width or height."""
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        error_messages=POSITION_MESSAGES,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )


class FindingForm(forms.Form):
    """A finding and how consistent it is with the allegation (Istanbul Protocol scale)."""

    description = forms.CharField(
        label=_("Finding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the finding.")},
    )
    consistency = forms.ChoiceField(
        label=_("Consistency with the allegation"),
        choices=CONSISTENCY_CHOICES,
        error_messages={"required": _("Choose the degree of consistency.")},
    )


class MarkForm(FindingForm):
    """A mark on the body chart: where it is, what it is, how consistent."""

    side = forms.ChoiceField(
        label=_("Side of the body"),
        choices=BodyMark.Side.choices,
        widget=forms.RadioSelect,
        initial=BodyMark.Side.FRONT,
    )
    x = _position(_("Across, as a percentage from the left of the drawing"))
    y = _position(_("Down, as a percentage from the top of the drawing"))
    field_order = ["side", "x", "y", "description", "consistency"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "mark_%s")
        super().__init__(*args, **kwargs)
        self.fields["description"].help_text = _(
            "E.g. linear bruise 8 × 2 cm, purple-blue, tender."
        )


class PsychologicalFindingForm(FindingForm):
    """A psychological finding of the examination."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "psy_%s")
        super().__init__(*args, **kwargs)


class ReportForm(forms.Form):
    """Who the medico-legal report is made for."""

    audience = AudienceField([Audience.INTERNAL, Audience.AUTHORITIES, Audience.SPT])

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "report_%s")
        super().__init__(*args, **kwargs)
        ask_document_language(self, institution)
