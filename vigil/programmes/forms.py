from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Membership, User
from vigil.places.models import Authority, Place, PlaceKind
from vigil.programmes import selectors
from vigil.programmes.models import (
    Activity,
    GoodPracticeTheme,
    LogframeItem,
    Outcome,
    Programme,
)
from vigil.recommendations.models import Recommendation
from vigil.risk.models import RiskFactor
from vigil.visits.models import Theme

DATE = forms.DateInput(attrs={"type": "date"})
CHECKBOXES = forms.CheckboxSelectMultiple


def _shared_or_mine(model: Any, actor: Membership) -> Any:
    return model.objects.filter(
        Q(institution__isnull=True) | Q(institution_id=actor.institution_id)
    )


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), required=False, widget=_textarea(4))
    protection_gap = forms.CharField(
        label=_("Protection gap addressed"), widget=_textarea(3),
        help_text=_("The gap between what the law says and what happens, in your words."),
    )  # fmt: skip
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), required=False, queryset=Theme.objects.none(), widget=CHECKBOXES
    )
    place_kinds = forms.ModelMultipleChoiceField(
        label=_("Kinds of place"), required=False, queryset=PlaceKind.objects.none(),
        widget=CHECKBOXES,
    )  # fmt: skip
    places = forms.ModelMultipleChoiceField(
        label=_("Places"), required=False, queryset=Place.objects.none()
    )
    risk_factors = forms.ModelMultipleChoiceField(
        label=_("Risk factors addressed"), required=False, queryset=RiskFactor.objects.none(),
        widget=CHECKBOXES,
        help_text=_("The factors of the risk catalogue this programme works to reduce."),
    )  # fmt: skip
    champion = forms.ModelChoiceField(
        label=_("Champion"), queryset=User.objects.none(),
        help_text=_("Who leads the programme (the \u201cambassador\u201d)."),
    )  # fmt: skip
    mentors = forms.CharField(label=_("Mentors"), required=False, max_length=300)
    partners = forms.CharField(
        label=_("Partners"), required=False, widget=_textarea(2),
        help_text=_("Authorities, NGOs, international bodies."),
    )  # fmt: skip
    partner_authorities = forms.ModelMultipleChoiceField(
        label=_("Partner authorities"), required=False, queryset=Authority.objects.none()
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

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["themes"].queryset = _shared_or_mine(Theme, actor)
        fields["place_kinds"].queryset = _shared_or_mine(PlaceKind, actor)
        fields["risk_factors"].queryset = _shared_or_mine(RiskFactor, actor)
        fields["places"].queryset = Place.objects.filter(institution_id=actor.institution_id)
        fields["partner_authorities"].queryset = Authority.objects.filter(
            institution_id=actor.institution_id
        )
        fields["champion"].queryset = selectors.champions_for(actor=actor)


class ProgrammeFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Programme.Status.choices]
    )
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *((t.pk, t.name) for t in _shared_or_mine(Theme, actor)),
        ]

    def filters(self) -> selectors.ProgrammeFilters:
        if not self.is_valid():
            return selectors.ProgrammeFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return selectors.ProgrammeFilters(**data)


class LogframeItemForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, choices=LogframeItem.Level.choices)
    parent = forms.ModelChoiceField(
        label=_("Belongs to"), required=False, queryset=LogframeItem.objects.none(),
        help_text=_("An objective stands alone; every other line belongs to a line one level up."),
    )  # fmt: skip
    text = forms.CharField(label=_("Statement"), widget=_textarea(3))

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent: Any = self.fields["parent"]
        parent.queryset = selectors.logframe_items_of(programme).exclude(
            level=LogframeItem.Level.ACTIVITY
        )
        parent.label_from_instance = lambda item: f"{item.get_level_display()}: {item.text[:80]}"


class LogframeTextForm(forms.Form):
    text = forms.CharField(label=_("Statement"), widget=_textarea(3))


class IndicatorForm(forms.Form):
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
    measured_on = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Actual value"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Date"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    location = forms.CharField(label=_("Where"), required=False, max_length=200)
    place = forms.ModelChoiceField(
        label=_("Place of detention"), required=False, queryset=Place.objects.none()
    )
    participants = forms.IntegerField(label=_("Participants"), required=False, min_value=0)
    outputs = forms.CharField(label=_("Outputs"), required=False, widget=_textarea(3))
    documents = forms.CharField(
        label=_("Documents (references or links)"), required=False, widget=_textarea(2)
    )
    logframe_item = forms.ModelChoiceField(
        label=_("Logframe line"), required=False, queryset=LogframeItem.objects.none()
    )

    def __init__(self, *args: Any, actor: Membership, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["place"].queryset = Place.objects.filter(institution_id=actor.institution_id)
        fields["logframe_item"].queryset = selectors.logframe_items_of(programme)
        fields["logframe_item"].label_from_instance = lambda item: (
            f"{item.get_level_display()}: {item.text[:80]}"
        )


class OutcomeForm(forms.Form):
    achieved_on = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=Outcome.Kind.choices)
    statement = forms.CharField(label=_("Outcome"), widget=_textarea(3))
    evidence = forms.CharField(
        label=_("Evidence"), widget=_textarea(3),
        help_text=_("e.g. the amended law, the new inspection power, the budget line."),
    )  # fmt: skip
    contribution = forms.ChoiceField(
        label=_("Contribution claimed"), choices=Outcome.Contribution.choices
    )
    recommendations = forms.ModelMultipleChoiceField(
        label=_("Recommendations it implements"), required=False,
        queryset=Recommendation.objects.none(),
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        recs: Any = self.fields["recommendations"]
        recs.queryset = selectors.recommendations_for(actor=actor)
        recs.label_from_instance = lambda r: f"{r.reference}: {r.text[:80]}"


class GoodPracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    programme = forms.ModelChoiceField(
        label=_("Programme"), required=False, queryset=Programme.objects.none()
    )
    what_worked = forms.CharField(label=_("What worked"), widget=_textarea(4))
    context = forms.CharField(label=_("In what context"), widget=_textarea(3))
    lessons = forms.CharField(label=_("Lessons learned"), widget=_textarea(4))
    practice_themes = forms.MultipleChoiceField(
        label=_("Good-practice themes"), required=False, choices=GoodPracticeTheme.choices,
        widget=CHECKBOXES,
    )  # fmt: skip
    protection_gap = forms.CharField(label=_("Protection gap"), required=False, max_length=300)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), required=False, queryset=Theme.objects.none(), widget=CHECKBOXES
    )
    ready_to_share = forms.BooleanField(
        label=_("Ready to share with peers"), required=False,
        help_text=_("Shared entries must never carry personal data."),
    )  # fmt: skip

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["programme"].queryset = selectors.programme_list(actor=actor)
        fields["themes"].queryset = _shared_or_mine(Theme, actor)


class GoodPracticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    practice_theme = forms.ChoiceField(
        label=_("Good-practice theme"), required=False,
        choices=[("", _("Any")), *GoodPracticeTheme.choices],
    )  # fmt: skip
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    ready_to_share = forms.BooleanField(label=_("Ready to share only"), required=False)

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *((t.pk, t.name) for t in _shared_or_mine(Theme, actor)),
        ]

    def filters(self) -> selectors.GoodPracticeFilters:
        if not self.is_valid():
            return selectors.GoodPracticeFilters()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
        return selectors.GoodPracticeFilters(**data)
