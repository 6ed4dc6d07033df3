"""The form that asks for a visit report."""

from __future__ import annotations

from typing import Any

from django import forms

from vigil.core.forms import AudienceField, ask_document_language
from vigil.core.models import Institution
from vigil.core.redaction import Audience


class ReportForm(forms.Form):
    """For whom the visit report is written: the authorities (the default) or the institution;
    and in which of the institution's document languages."""

    audience = AudienceField([Audience.AUTHORITIES, Audience.INTERNAL])

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ask_document_language(self, institution)
