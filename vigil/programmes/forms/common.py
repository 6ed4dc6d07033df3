"""Widgets and fields the forms of the programmes app share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ScopedModelChoiceField
from vigil.visits.models import Theme

DATE = forms.DateInput(attrs={"type": "date"})
CHECKBOXES = forms.CheckboxSelectMultiple


def textarea(rows: int = 3) -> forms.Textarea:
    """A text area of `rows` lines."""
    return forms.Textarea(attrs={"rows": rows})


def score_field(label: Any) -> forms.DecimalField:
    """A test score; the services check it against the training's highest score."""
    return forms.DecimalField(
        label=label, required=False, min_value=Decimal(0), max_digits=6, decimal_places=2
    )


def theme_filter() -> ScopedModelChoiceField:
    """A list's "Theme" filter: any, or one of the shipped themes and the institution's own."""
    return ScopedModelChoiceField(Theme, label=_("Theme"), required=False, empty_label=_("Any"))


def chosen_filters(form: forms.Form) -> dict[str, Any]:
    """The filters a valid filter form was given: its filled fields, records as their ids."""
    if not form.is_valid():
        return {}
    return {
        name: getattr(value, "pk", value)
        for name, value in form.cleaned_data.items()
        if value not in (None, "", False)
    }
