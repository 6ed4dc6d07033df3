"""Forms of checklist mappings: the checklist to choose from, then the question and answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ActorForm, ScopedModelChoiceField
from vigil.risk.models import FactorGroup, RiskFactor
from vigil.risk.selectors.configuration import factors_of
from vigil.risk.selectors.mappings import Question, checklist_templates_for
from vigil.visits.models import ChecklistTemplate


class ChecklistChoiceField(ScopedModelChoiceField):
    """A checklist, the shipped ones marked as such."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.institution_id:
            return str(obj.title)
        return str(_("%(title)s (shipped)") % {"title": obj.title})


class MappingTemplateForm(ActorForm):
    """Step one of a mapping: the checklist whose questions to choose from."""

    template = ChecklistChoiceField(
        ChecklistTemplate, scope=checklist_templates_for, label=_("Checklist"), empty_label="—"
    )


class MappingForm(ActorForm):
    """Step two: the question of the chosen checklist, its factor and the answers that count."""

    template = forms.IntegerField(widget=forms.HiddenInput)
    factor = ScopedModelChoiceField(RiskFactor, scope=factors_of, label=_("Risk factor"))
    question = forms.ChoiceField(label=_("Question"))
    risk_answers = forms.CharField(
        label=_("Answers that signal the risk"),
        max_length=300,
        help_text=_(
            "Answer codes as the checklist stores them, separated by commas (e.g. no, unknown). "
            "Any of them counts once per filled checklist."
        ),
    )

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = {q.path: q for q in questions}
        fields: dict[str, Any] = self.fields
        labels = dict(FactorGroup.choices)
        by_group: dict[str, list[tuple[int, str]]] = {}
        # The scoped choices, shown by group; the field still checks against its scope.
        for factor in fields["factor"].queryset:
            by_group.setdefault(factor.group, []).append((factor.pk, factor.label))
        fields["factor"].choices = [("", "—")] + [
            (str(labels.get(group, group)), items) for group, items in by_group.items()
        ]
        fields["question"].choices = [("", "—")] + [(q.path, _question_label(q)) for q in questions]

    def clean_risk_answers(self) -> list[str]:
        raw = self.cleaned_data["risk_answers"]
        answers = list(dict.fromkeys(a.strip() for a in raw.replace(";", ",").split(",")))
        answers = [a for a in answers if a]
        if not answers:
            raise forms.ValidationError(_("Give at least one answer that signals the risk."))
        return answers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        question = self.questions.get(data.get("question") or "")
        answers = data.get("risk_answers") or []
        if question and question.choices:
            unknown = [a for a in answers if a not in question.choices]
            if unknown:
                self.add_error(
                    "risk_answers",
                    _("Not an answer of this question: %(answers)s. It accepts: %(choices)s.")
                    % {"answers": ", ".join(unknown), "choices": ", ".join(question.choices)},
                )
        return data


def _question_label(question: Question) -> str:
    label = f"{question.path} — {question.label}"
    if question.choices:
        label += f" ({', '.join(question.choices)})"
    return label
