from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Institution
from vigil.core.roles import Role

Saved = TypeVar("Saved")


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


def form_saved(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Saved],
    *,
    done: str | Callable[[Saved], str] | None,
    to: str | Callable[[Saved], str],
) -> HttpResponse | None:
    """The redirect after a valid POST whose `save` succeeded; None when the page shows again.

    `save` gets a copy of the cleaned data and calls a service. A ValidationError it raises
    goes onto the form (`add_service_errors`). On success, `done` (the confirmation, or a
    function of what `save` returned; None for no message) is shown, and the reader goes
    `to` (a URL, or a function of what `save` returned). With None the caller renders the
    form again, with whatever status it uses for a failed POST.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(dict(form.cleaned_data))
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    if done is not None:
        messages.success(request, done(saved) if callable(done) else done)
    return HttpResponseRedirect(to(saved) if callable(to) else to)
