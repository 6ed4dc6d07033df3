"""The form that adds a file to the evidence vault."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from vigil.people import vault

# What the browser's file picker offers first; the content decides in the end (vault).
ACCEPT = ".jpg,.jpeg,.png,.pdf,.docx,.mp3,.m4a,.wav,.ogg,.oga,.mp4,.m4v,.webm"


class EvidenceForm(forms.Form):
    """A file for the evidence vault, with what it shows."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Choose the file to add."),
            "empty": _("The file is empty."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What the file shows or records, and where it comes from."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, refused: str = "", **kwargs: Any) -> None:
        """`refused`: why the upload handler dropped the file (too large) before the form saw it."""
        super().__init__(*args, **kwargs)
        self.refused = refused
        field = self.fields["file"]
        field.help_text = _(
            "Photographs (JPEG, PNG), documents (PDF, DOCX) or audio (MP3, M4A, WAV, Ogg), "
            "up to %(limit)s. Photographs lose their location and camera details; the file "
            "gets a name chosen by Vigil."
        ) % {"limit": filesizeformat(vault.max_upload_bytes())}
        if refused:
            field.required = False

    def clean_file(self) -> UploadedFile | None:
        if self.refused:
            raise forms.ValidationError(self.refused)
        return self.cleaned_data.get("file")
