from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Institution
from vigil.core.roles import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


def _time_zone_choices() -> list[tuple[str, str]]:
    return [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]


class InstitutionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.CharField(label=_("Country"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Institution.Kind.choices)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zone_choices)
    languages = forms.CharField(
        label=_("Working languages"),
        help_text=_("Language codes separated by commas, e.g. en, mn, tet."),
        max_length=200,
    )

    def clean_languages(self) -> list[str]:
        codes = [c.strip().lower() for c in self.cleaned_data["languages"].split(",") if c.strip()]
        bad = [c for c in codes if not c.replace("-", "").isalpha() or len(c) > 10]
        if bad:
            raise forms.ValidationError(
                _("Not a language code: %(codes)s") % {"codes": ", ".join(bad)}
            )
        if not codes:
            raise forms.ValidationError(_("Give at least one language."))
        return codes


class AuditFilterForm(forms.Form):
    actor = forms.TypedChoiceField(label=_("Who"), coerce=int, required=False, empty_value=None)
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    target_type = forms.CharField(label=_("Record type"), required=False, max_length=64)
    target_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: object, actors: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["actor"].choices = [("", _("Anyone")), *actors]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data


def add_service_errors(form: Any, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
