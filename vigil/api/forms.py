"""The form where a person makes a token for themself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.api.models import Scope
from vigil.core.forms import ActorForm

DEFAULT_DAYS = 90


class TokenForm(ActorForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “statistics office export”."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        help_text=_("At most one year from today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=Scope.choices, initial=Scope.READ, widget=forms.RadioSelect
    )
    resources = forms.MultipleChoiceField(
        label=_("Resources"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to allow every resource your role may use."),
    )

    def __init__(self, *args: Any, resources: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["resources"]
        field.choices = resources
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=DEFAULT_DAYS)
