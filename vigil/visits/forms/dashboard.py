"""The filters of the visits and findings dashboard."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ActorForm, ScopedModelChoiceField
from vigil.places.forms.places import AreaChoiceField, AuthorityChoiceField
from vigil.places.models import PlaceKind
from vigil.visits.selectors.dashboard import DEFAULT_MONTHS, DashboardFilters

_MONTHS_ERROR = _("Give a number of months from 1 to 240.")


class DashboardFilterForm(ActorForm):
    """Which visits and places the dashboard counts: a year, and the places' area, kind and
    operating authority."""

    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1990,
        max_value=2200,
        help_text=_("This year when left empty."),
        error_messages={
            "min_value": _("Give a year from 1990 to 2200."),
            "max_value": _("Give a year from 1990 to 2200."),
            "invalid": _("Give a year from 1990 to 2200."),
        },
    )
    area = AreaChoiceField(label=_("Area"), required=False, empty_label=_("Any"))
    kind = ScopedModelChoiceField(
        PlaceKind, label=_("Kind of place"), required=False, empty_label=_("Any")
    )
    authority = AuthorityChoiceField(label=_("Authority"), required=False, empty_label=_("Any"))
    months = forms.IntegerField(
        label=_("Not visited for (months)"),
        required=False,
        min_value=1,
        max_value=240,
        help_text=_("Coverage counts a place as not visited after this many months."),
        error_messages={
            "min_value": _MONTHS_ERROR,
            "max_value": _MONTHS_ERROR,
            "invalid": _MONTHS_ERROR,
        },
    )

    def summary(self) -> list[str]:
        """The chosen filters in words, for the printed page (where the form is not shown)."""
        if not self.is_bound or not self.is_valid():
            return []
        return [
            f"{self.fields[name].label}: {value}"
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        ]

    def filters(self) -> DashboardFilters:
        """The valid filters; with an error, none (the page says why)."""
        if not self.is_bound or not self.is_valid():
            return DashboardFilters()
        data = self.cleaned_data
        return DashboardFilters(
            year=data.get("year"),
            area=getattr(data.get("area"), "pk", None),
            kind=getattr(data.get("kind"), "pk", None),
            authority=getattr(data.get("authority"), "pk", None),
            months=data.get("months") or DEFAULT_MONTHS,
        )
