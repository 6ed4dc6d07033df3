from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core import limits
from vigil.core.forms import ActorForm, SearchableChoiceField
from vigil.core.models import Membership
from vigil.places.selectors.lookups import AUTHORITY, PLACE
from vigil.registers.models import RegisterLimits
from vigil.visits.selectors.lookups import VISIT


class RegisterUploadForm(ActorForm):
    """The extract, whose authority it comes from, and the place or visit it belongs to."""

    file = forms.FileField(
        label=_("Register extract (CSV, Excel .xlsx or Parquet)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.parquet,text/csv"}),
    )
    # Searchable: a national institution follows thousands of places and visits (ADR 0022).
    authority = SearchableChoiceField(AUTHORITY, label=_("Authority"))
    place = SearchableChoiceField(
        PLACE,
        required=False,
        label=_("Place"),
        help_text=_("Leave empty when the extract covers several places and has a place column."),
    )
    visit = SearchableChoiceField(
        VISIT,
        required=False,
        label=_("Visit"),
        help_text=_("The visit during which the extract was handed over, if any."),
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        self.content = b""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt", ".parquet")):
            raise forms.ValidationError(_("Choose a .csv, .xlsx or .parquet file."))
        try:
            limits.check_size(upload.size)
            self.content = limits.read_capped(upload)
        except limits.UploadRefused as error:
            raise error.as_validation_error() from error
        return upload


class RegisterLimitsForm(forms.ModelForm):
    class Meta:
        model = RegisterLimits
        fields = (
            "registration_hours",
            "judge_hours",
            "notice_hours",
            "adult_age",
            "night_starts",
            "night_ends",
            "repeat_days",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in ("night_starts", "night_ends"):
            if data.get(key) is not None and data[key] > 23:
                self.add_error(key, _("Give an hour from 0 to 23."))
        return data
