"""The search box and the filters of the results page."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ActorForm
from vigil.core.models import Membership
from vigil.places.forms.places import AreaChoiceField
from vigil.places.selectors.register import area_and_descendants, kinds_for
from vigil.search import engine
from vigil.search.engine import Filters
from vigil.search.selectors import kinds_for as search_kinds_for
from vigil.search.selectors import themes_for
from vigil.visits.models import Severity

FIRST_YEAR = 2000


class SearchForm(ActorForm):
    q = forms.CharField(
        label=_("Search"),
        max_length=engine.MAX_QUERY,
        required=False,
        help_text=_('Words, "a phrase in quotes", or the start of a word followed by *.'),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place_kind = forms.TypedChoiceField(
        label=_("Kind of place"), required=False, coerce=int, empty_value=None
    )
    # Searchable: a national institution has hundreds of areas (ADR 0022).
    area = AreaChoiceField(label=_("Area"), required=False, empty_label=_("Any"))
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Any")), *Severity.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Date, newest first"))],
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        any_ = [("", _("Any"))]
        kinds = [(k.key, k.label) for k in search_kinds_for(actor)]
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]  # type: ignore[attr-defined]
        this_year = timezone.localdate().year
        years = [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].choices = [*any_, *years]  # type: ignore[attr-defined]
        place_kinds = [(k.pk, k.label) for k in kinds_for(actor)]
        self.fields["place_kind"].choices = [*any_, *place_kinds]  # type: ignore[attr-defined]
        themes = [(t.pk, t.label) for t in themes_for(actor)]
        self.fields["theme"].choices = [*any_, *themes]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period comes before its start."))
        return data

    def filters(self) -> Filters:
        """The filters of a valid form (none of an invalid one)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if data.get("year"):
            year_start = datetime.date(data["year"], 1, 1)
            year_end = datetime.date(data["year"], 12, 31)
            start, end = max(filter(None, [start, year_start])), min(filter(None, [end, year_end]))
        return Filters(
            kinds=[data["kind"]] if data.get("kind") else [],
            date_from=start,
            date_to=end,
            place_kind_id=data.get("place_kind"),
            area_ids=self._area_and_below(data["area"].pk if data.get("area") else None),
            theme_id=data.get("theme"),
            severity=data.get("severity") or "",
        )

    def _area_and_below(self, area_id: int | None) -> list[int]:
        return area_and_descendants(self.actor, area_id) if area_id else []
