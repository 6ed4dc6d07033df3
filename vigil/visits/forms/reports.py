"""The form that asks for a visit report."""

from __future__ import annotations

from django import forms

from vigil.core.forms import AudienceField
from vigil.core.redaction import Audience


class ReportForm(forms.Form):
    """For whom the visit report is written: the authorities (the default) or the institution."""

    audience = AudienceField([Audience.AUTHORITIES, Audience.INTERNAL])
