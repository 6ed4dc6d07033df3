"""Forms that ask for a programme report or a Good Practice Report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import (
    ActorForm,
    AudienceField,
    ScopedModelMultipleChoiceField,
    ask_document_language,
)
from vigil.core.models import Institution, Membership
from vigil.programmes.models import Programme
from vigil.programmes.reports.programme import PROGRAMME_AUDIENCES
from vigil.programmes.selectors.programmes import programme_choices

FORMAT_CHOICES = [("pdf", _("PDF")), ("docx", _("Word (DOCX)"))]


def _file_type() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("File type"), choices=FORMAT_CHOICES, initial="pdf", widget=forms.RadioSelect
    )


class ProgrammeReportForm(forms.Form):
    """The file type of a programme report, who it is for, and its language."""

    format = _file_type()
    audience = AudienceField(PROGRAMME_AUDIENCES)

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ask_document_language(self, institution)


class ProgrammeChoice(ScopedModelMultipleChoiceField):
    """Programmes, named by their title and years."""

    def label_from_instance(self, obj: Any) -> str:
        ends = f"{obj.ends_on:%Y}" if obj.ends_on else "…"
        return f"{obj.title} ({obj.starts_on:%Y}–{ends})"


class GoodPracticeReportForm(ActorForm):
    """The programmes a Good Practice Report gathers, and its file type."""

    programmes = ProgrammeChoice(
        Programme, scope=programme_choices, label=_("Programmes"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only their entries marked ready to share are included."),
    )  # fmt: skip
    format = _file_type()

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, actor=actor, **kwargs)
        ask_document_language(self, actor.institution)
