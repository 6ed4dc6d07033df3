from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core import limits
from vigil.core.models import Membership
from vigil.places.models import Authority, Place
from vigil.registers.models import RegisterLimits
from vigil.visits.models import Visit


class RegisterUploadForm(forms.Form):
    """The extract, whose authority it comes from, and the place or visit it belongs to."""

    file = forms.FileField(
        label=_("Register extract (CSV, Excel .xlsx or Parquet)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.parquet,text/csv"}),
    )
    authority = forms.ModelChoiceField(queryset=Authority.objects.none(), label=_("Authority"))
    place = forms.ModelChoiceField(
        queryset=Place.objects.none(),
        required=False,
        label=_("Place"),
        help_text=_("Leave empty when the extract covers several places and has a place column."),
    )
    visit = forms.ModelChoiceField(
        queryset=Visit.objects.none(),
        required=False,
        label=_("Visit"),
        help_text=_("The visit during which the extract was handed over, if any."),
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.content = b""
        institution = actor.institution_id
        self.fields["authority"].queryset = Authority.objects.for_institution(  # type: ignore[attr-defined]
            institution
        ).order_by("name")
        self.fields["place"].queryset = Place.objects.for_institution(  # type: ignore[attr-defined]
            institution
        ).order_by("name")
        self.fields["visit"].queryset = (  # type: ignore[attr-defined]
            Visit.objects.for_institution(institution)
            .select_related("place")
            .order_by("-starts_on", "-pk")
        )

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
