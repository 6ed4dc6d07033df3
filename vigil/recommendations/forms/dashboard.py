"""The filters of the follow-up dashboard."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.recommendations.models import Addressee, Source
from vigil.recommendations.selectors.dashboard import DashboardFilters


class DashboardFilterForm(forms.Form):
    """Which recommendations the dashboard counts: years of issue, source, addressee."""

    year_from = forms.IntegerField(
        label=gettext_lazy("Issued from (year)"), required=False, min_value=1945, max_value=2200
    )
    year_to = forms.IntegerField(
        label=gettext_lazy("Issued until (year)"), required=False, min_value=1945, max_value=2200
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Source"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Source.choices],
    )
    addressee = forms.ChoiceField(
        label=gettext_lazy("Addressee"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Addressee.choices],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and start > end:
            self.add_error("year_to", _("The last year is before the first."))
        return data

    def filters(self) -> DashboardFilters:
        if not self.is_bound or not self.is_valid():
            return DashboardFilters()
        data = self.cleaned_data
        return DashboardFilters(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            source=data.get("source") or "",
            addressee=data.get("addressee") or "",
        )
