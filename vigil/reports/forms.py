from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import AudienceField, ScopedModelMultipleChoiceField, ask_document_language
from vigil.core.models import Institution, Membership
from vigil.programmes.models import GoodPractice
from vigil.reports.document import AUDIENCES
from vigil.reports.models import UNBody
from vigil.visits.reports.common import FORMATS


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Left empty: “Annual report” and the year."),
    )


class ChapterForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 16})
    )

    def __init__(self, *args: Any, narrative: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not narrative:
            del self.fields["body"]
        else:
            self.fields["body"].widget.attrs["data-richtext"] = json.dumps(
                {
                    "bold": str(_("Bold")),
                    "italic": str(_("Italic")),
                    "heading": str(_("Heading")),
                    "paragraph": str(_("Paragraph")),
                    "olist": str(_("Numbered list")),
                    "ulist": str(_("Bulleted list")),
                    "label": str(_("Text of the chapter")),
                }
            )


class NewChapterForm(forms.Form):
    title = forms.CharField(label=_("Title of a new narrative chapter"), max_length=200)


class GenerateForm(forms.Form):
    format = forms.ChoiceField(
        label=_("File"),
        choices=[("docx", _("Word (DOCX)")), ("pdf", _("PDF"))],
        widget=forms.RadioSelect,
        initial="docx",
    )
    audience = AudienceField(AUDIENCES, label=_("Which version?"))

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ask_document_language(self, institution)

    def clean_format(self) -> str:
        value: str = self.cleaned_data["format"]
        if value not in FORMATS:
            raise forms.ValidationError(_("Choose a file type."))
        return value


class NewSubmissionForm(forms.Form):
    body = forms.ChoiceField(label=_("To"), choices=UNBody.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    since = forms.DateField(
        label=_("Covering records since"), widget=forms.DateInput(attrs={"type": "date"})
    )


class SubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    since = forms.DateField(
        label=_("Covering records since"), widget=forms.DateInput(attrs={"type": "date"})
    )
    word_limit = forms.IntegerField(
        label=_("Word limit"),
        min_value=100,
        max_value=100_000,
        help_text=_("Set by the body's guidelines for the cycle; check them before sending."),
    )
    introduction = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    good_practices = ScopedModelMultipleChoiceField(
        GoodPractice,
        label=_("Good practices to present"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["good_practices"].fill(actor)  # type: ignore[attr-defined]
        self.fields["introduction"].widget.attrs["data-richtext"] = json.dumps(
            {
                "bold": str(_("Bold")),
                "italic": str(_("Italic")),
                "heading": str(_("Heading")),
                "paragraph": str(_("Paragraph")),
                "olist": str(_("Numbered list")),
                "ulist": str(_("Bulleted list")),
                "label": str(_("Introduction")),
            }
        )
