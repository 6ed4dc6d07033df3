"""The priority list's filters."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ActorForm
from vigil.places.forms.places import AreaChoiceField, AuthorityChoiceField
from vigil.places.models import PlaceKind
from vigil.risk.forms.common import any_of
from vigil.risk.selectors.common import place_kinds
from vigil.risk.selectors.priorities import PriorityFilters


class PriorityFilterForm(ActorForm):
    """Which places the priority list shows."""

    q = forms.CharField(label=_("Place name or reference"), required=False, max_length=100)
    kind = any_of(PlaceKind, place_kinds, _("Kind"))
    authority = AuthorityChoiceField(label=_("Authority"), required=False, empty_label=_("Any"))
    area = AreaChoiceField(label=_("Area"), required=False, empty_label=_("Any"))
    min_score = forms.DecimalField(
        label=_("Score at least"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        max_digits=5,
        error_messages={
            "invalid": _("Give a score between 0 and 100."),
            "min_value": _("Give a score between 0 and 100."),
            "max_value": _("Give a score between 0 and 100."),
            "max_digits": _("Give a score between 0 and 100."),
            "max_whole_digits": _("Give a score between 0 and 100."),
        },
    )
    never_visited = forms.BooleanField(label=_("Never visited"), required=False)
    not_visited_months = forms.IntegerField(
        label=_("Not visited for at least (months)"),
        required=False,
        min_value=1,
        max_value=240,
        error_messages={
            "invalid": _("Give a number of months from 1 to 240."),
            "min_value": _("Give a number of months from 1 to 240."),
            "max_value": _("Give a number of months from 1 to 240."),
        },
    )

    def filters(self) -> PriorityFilters:
        """The valid filters; a field with an error is left out (and says why on the page)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        chosen = {k: getattr(v, "pk", v) for k, v in data.items()}
        return PriorityFilters(**{k: v for k, v in chosen.items() if v not in (None, "", False)})
