"""The people statistics' period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.people.selectors.statistics import Period


class PeriodForm(forms.Form):
    """From and until which date the figures count (each record by its own date)."""

    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period is before its start."))
        return data

    def period(self) -> Period:
        """The valid period; with an error, the whole record (the page says why)."""
        if not self.is_bound or not self.is_valid():
            return Period()
        return Period(since=self.cleaned_data.get("since"), until=self.cleaned_data.get("until"))
