"""Forms of the protection gaps: the page's filters, and the PDF report's audience."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from vigil.core.forms import ActorForm, AudienceField, ask_document_language
from vigil.core.models import Membership
from vigil.core.redaction import Audience
from vigil.places.forms.places import AreaChoiceField, AuthorityChoiceField
from vigil.places.models import PlaceKind
from vigil.risk.forms.common import any_of
from vigil.risk.selectors.common import place_kinds
from vigil.risk.selectors.gap_scope import (
    DEFAULT_YEARS,
    DIMENSIONS,
    KIND,
    MAX_YEARS,
    GapsFilters,
)


class GapsFilterForm(ActorForm):
    """The columns of the heat map, the places it covers and the years of its trend."""

    dimension = forms.ChoiceField(
        label=gettext_lazy("Columns"),
        choices=list(DIMENSIONS.items()),
        initial=KIND,
        required=False,
    )
    kind = any_of(PlaceKind, place_kinds, gettext_lazy("Kind of place"))
    authority = AuthorityChoiceField(
        label=gettext_lazy("Operating authority"), required=False, empty_label=gettext_lazy("Any")
    )
    area = AreaChoiceField(
        label=gettext_lazy("Administrative area"),
        required=False,
        empty_label=gettext_lazy("Any"),
        help_text=gettext_lazy("With the areas inside it."),
    )
    years = forms.IntegerField(
        label=gettext_lazy("Years of trend"),
        min_value=1,
        max_value=MAX_YEARS,
        required=False,
        initial=DEFAULT_YEARS,
        widget=forms.NumberInput(attrs={"placeholder": str(DEFAULT_YEARS)}),
        help_text=gettext_lazy("From 1 to 10; 3 when left empty."),
    )

    def filters(self) -> GapsFilters:
        """The chosen filters; everything, by kind of place, when the form is empty or wrong."""
        if not self.is_bound or not self.is_valid():
            return GapsFilters()
        data = self.cleaned_data
        return GapsFilters(
            dimension=data.get("dimension") or KIND,
            kind=data["kind"].pk if data.get("kind") else None,
            authority=data["authority"].pk if data.get("authority") else None,
            area=data["area"].pk if data.get("area") else None,
            years=data.get("years") or DEFAULT_YEARS,
        )


class GapsReportForm(GapsFilterForm):
    """The filters of the PDF report, and whom it is for."""

    audience = AudienceField([Audience.INTERNAL, Audience.PUBLIC])

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        ask_document_language(self, actor.institution)
