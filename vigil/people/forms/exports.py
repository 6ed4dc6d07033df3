"""The confirmation step of a named export: the format and the reason, sent by POST so
that nothing about it stands in a URL."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core import downloads

FORMAT_CHOICES = [("csv", "CSV"), ("xlsx", "Excel")]


class NamedExportForm(forms.Form):
    """A named export needs a reason; it goes into the export's audit event."""

    fmt = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="csv")
    reason = forms.CharField(
        label=_("Reason for exporting names"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this file needs the names and not the pseudonyms. Kept in the audit "
                    "log with the export."),
        error_messages={"required": _("Give the reason for exporting names.")},
    )  # fmt: skip
    # The list's filters, carried from the list page so the file matches what was shown.
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_fmt(self) -> str:
        fmt: str = self.cleaned_data["fmt"]
        if fmt not in downloads.TABLE_FORMATS:  # the choices already say so; kept aligned
            raise forms.ValidationError(_("Choose CSV or Excel."))
        return fmt

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError(_("Give the reason for exporting names."))
        return reason
