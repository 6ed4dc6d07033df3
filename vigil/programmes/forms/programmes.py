"""Forms of prevention programmes, their logframe, indicators, activities and outcomes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.access import institution_members
from vigil.core.forms import (
    ActorForm,
    EditsRecord,
    ScopedModelChoiceField,
    ScopedModelMultipleChoiceField,
    SearchableChoiceField,
    SearchableMultipleChoiceField,
)
from vigil.core.models import User
from vigil.places.models import PlaceKind
from vigil.places.selectors.lookups import AUTHORITY, PLACE
from vigil.programmes.forms.common import (
    CHECKBOXES,
    DATE,
    chosen_filters,
    textarea,
    theme_filter,
)
from vigil.programmes.models import Activity, LogframeItem, Outcome, Programme
from vigil.programmes.selectors import programmes as selectors
from vigil.recommendations.selectors.lookups import RECOMMENDATION
from vigil.risk.models import RiskFactor
from vigil.visits.models import Theme


class ProgrammeForm(ActorForm):
    """A prevention programme: the gap it addresses, who leads it, its period and budget."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=textarea(4))
    protection_gap = forms.CharField(
        label=_("Protection gap addressed"), widget=textarea(3),
        help_text=_("The gap between what the law says and what happens, in your words."),
    )  # fmt: skip
    themes = ScopedModelMultipleChoiceField(
        Theme, label=_("Themes"), required=False, widget=CHECKBOXES
    )
    place_kinds = ScopedModelMultipleChoiceField(
        PlaceKind, label=_("Kinds of place"), required=False, widget=CHECKBOXES
    )
    places = SearchableMultipleChoiceField(PLACE, label=_("Places"), required=False)
    risk_factors = ScopedModelMultipleChoiceField(
        RiskFactor, label=_("Risk factors addressed"), required=False, widget=CHECKBOXES,
        help_text=_("The factors of the risk catalogue this programme works to reduce."),
    )  # fmt: skip
    champion = ScopedModelChoiceField(
        User, scope=institution_members, label=_("Champion"),
        help_text=_("Who leads the programme (the “ambassador”)."),
    )  # fmt: skip
    mentors = forms.CharField(label=_("Mentors"), required=False, max_length=300)
    partners = forms.CharField(
        label=_("Partners"), required=False, widget=textarea(2),
        help_text=_("Authorities, NGOs, international bodies."),
    )  # fmt: skip
    partner_authorities = SearchableMultipleChoiceField(
        AUTHORITY, label=_("Partner authorities"), required=False
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    budget = forms.DecimalField(
        label=_("Budget"), required=False, max_digits=12, decimal_places=2, min_value=0
    )
    currency = forms.CharField(
        label=_("Currency"), required=False, max_length=3, help_text=_("e.g. USD, MNT, PHP")
    )
    funding = forms.CharField(label=_("Funding (e.g. seed grant)"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), choices=Programme.Status.choices, initial=Programme.Status.PLANNED
    )


class ProgrammeFilterForm(ActorForm):
    """The filters of the list of programmes."""

    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Programme.Status.choices]
    )
    theme = theme_filter()

    def filters(self) -> selectors.ProgrammeFilters:
        return selectors.ProgrammeFilters(**chosen_filters(self))


class LogframeLineChoice(ScopedModelChoiceField):
    """A line of the programme's logframe, named by its level and statement."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_level_display()}: {obj.text[:80]}"


class LogframeItemForm(ActorForm):
    """A new line of a programme's logframe, under the line it serves."""

    level = forms.TypedChoiceField(label=_("Level"), coerce=int, choices=LogframeItem.Level.choices)
    parent = LogframeLineChoice(
        LogframeItem, label=_("Belongs to"), required=False,
        help_text=_("An objective stands alone; every other line belongs to a line one level up."),
    )  # fmt: skip
    text = forms.CharField(label=_("Statement"), widget=textarea(3))

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow("parent", selectors.logframe_parents_of(actor=self.actor, programme=programme))


class LogframeTextForm(EditsRecord, forms.Form):
    """The statement of a logframe line."""

    text = forms.CharField(label=_("Statement"), widget=textarea(3))


class IndicatorForm(EditsRecord, forms.Form):
    """An indicator of a logframe line: its unit, baseline and target."""

    name = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(
        label=_("Unit"), required=False, max_length=40, help_text=_("e.g. %, officials, days")
    )
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2)
    target = forms.DecimalField(
        label=_("Target"), max_digits=14, decimal_places=2,
        help_text=_("May be below the baseline when less is better (e.g. fewer complaints)."),
    )  # fmt: skip
    means_of_verification = forms.CharField(
        label=_("Means of verification"), required=False, max_length=300
    )


class IndicatorValueForm(forms.Form):
    """An actual value of an indicator, measured on a date."""

    measured_on = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Actual value"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ActivityForm(ActorForm):
    """An activity of a programme (a workshop, a submission, a campaign…)."""

    kind = forms.ChoiceField(label=_("Type"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Date"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    location = forms.CharField(label=_("Where"), required=False, max_length=200)
    place = SearchableChoiceField(PLACE, label=_("Place of detention"), required=False)
    participants = forms.IntegerField(label=_("Participants"), required=False, min_value=0)
    outputs = forms.CharField(label=_("Outputs"), required=False, widget=textarea(3))
    documents = forms.CharField(
        label=_("Documents (references or links)"), required=False, widget=textarea(2)
    )
    logframe_item = LogframeLineChoice(LogframeItem, label=_("Logframe line"), required=False)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.narrow(
            "logframe_item", selectors.logframe_items_of(actor=self.actor, programme=programme)
        )


class OutcomeForm(ActorForm):
    """An outcome of a programme, its evidence and the recommendations it implements."""

    achieved_on = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=Outcome.Kind.choices)
    statement = forms.CharField(label=_("Outcome"), widget=textarea(3))
    evidence = forms.CharField(
        label=_("Evidence"), widget=textarea(3),
        help_text=_("e.g. the amended law, the new inspection power, the budget line."),
    )  # fmt: skip
    contribution = forms.ChoiceField(
        label=_("Contribution claimed"), choices=Outcome.Contribution.choices
    )
    recommendations = SearchableMultipleChoiceField(
        RECOMMENDATION, label=_("Recommendations it implements"), required=False
    )
