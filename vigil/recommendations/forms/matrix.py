"""The choice of the recommendations a matrix sends to an authority."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.forms import ActorForm, ScopedModelChoiceField, ask_document_language
from vigil.core.models import Membership
from vigil.places.forms.places import AuthorityChoiceField
from vigil.recommendations.models import Addressee
from vigil.recommendations.selectors.recommendations import RecommendationFilters
from vigil.visits.models import Theme


class MatrixForm(ActorForm):
    """Which recommendations the matrix holds: an authority's or an addressee's, narrowed."""

    authority = AuthorityChoiceField(label=gettext_lazy("Authority"), required=False)
    addressee = forms.ChoiceField(
        label=gettext_lazy("Addressee"),
        required=False,
        choices=[("", gettext_lazy("Any")), *Addressee.choices],
        help_text=gettext_lazy("Choose an authority, an addressee, or both."),
    )
    open_only = forms.BooleanField(
        label=gettext_lazy("Open only"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Leave out implemented and no longer relevant recommendations."),
    )
    overdue = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)
    year = forms.IntegerField(
        label=gettext_lazy("Year of the recommendation"),
        required=False,
        min_value=1950,
        max_value=2100,
    )
    theme = ScopedModelChoiceField(Theme, label=gettext_lazy("Theme"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("authority") and not data.get("addressee"):
            raise forms.ValidationError(_("Choose the authority (or the addressee) to write to."))
        return data

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        ask_document_language(self, actor.institution)

    def filters(self) -> RecommendationFilters:
        data = self.cleaned_data
        return RecommendationFilters(
            authority=data["authority"].pk if data.get("authority") else None,
            addressee=data.get("addressee") or "",
            open_only=bool(data.get("open_only")),
            overdue=bool(data.get("overdue")),
            year=data.get("year"),
            theme=data["theme"].pk if data.get("theme") else None,
        )
