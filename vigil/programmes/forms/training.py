"""Forms of the training pages; the services check what forms cannot (scores ≤ highest score)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import (
    ActorForm,
    EditsRecord,
    ScopedModelChoiceField,
    ScopedModelMultipleChoiceField,
)
from vigil.programmes.forms.common import CHECKBOXES, DATE, score_field
from vigil.programmes.models import ParticipantGroup, TrainingAnswer, TrainingQuestion
from vigil.visits.models import Theme


class TrainingSetupForm(ActorForm):
    """The session of a training: its trainers, topics and the test's highest score."""

    trainers = forms.CharField(
        label=_("Trainers"), max_length=300, help_text=_("Names or organisations, with commas.")
    )
    topics = ScopedModelMultipleChoiceField(
        Theme, label=_("Topics"), required=False, widget=CHECKBOXES
    )
    max_score = forms.DecimalField(
        label=_("Highest possible test score"), initial=100, min_value=Decimal("0.01"),
        max_digits=6, decimal_places=2,
    )  # fmt: skip


class TrainingForm(TrainingSetupForm):
    """A new training of a programme: the activity and its session, in one form."""

    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)
    location = forms.CharField(label=_("Where"), required=False, max_length=200)

    field_order = ("title", "starts_on", "ends_on", "location", "trainers", "topics", "max_score")


class ParticipantGroupForm(forms.Form):
    """Participants counted by agency, rank and gender, with their mean test scores."""

    agency = forms.CharField(label=_("Agency"), max_length=200)
    rank = forms.CharField(label=_("Rank"), required=False, max_length=100)
    gender = forms.ChoiceField(label=_("Gender"), choices=ParticipantGroup.Gender.choices)
    count = forms.IntegerField(label=_("Participants"), min_value=1)
    pre_test_mean = score_field(_("Pre-test mean score"))
    post_test_mean = score_field(_("Post-test mean score"))


class RosterScoresForm(EditsRecord, forms.Form):
    """The test scores and attendance of a named participant."""

    pre_test = score_field(_("Pre-test score"))
    post_test = score_field(_("Post-test score"))
    attended = forms.BooleanField(label=_("Attended"), required=False)


class RosterEntryForm(RosterScoresForm):
    """A named participant; the name and badge number are stored encrypted."""

    name = forms.CharField(label=_("Name"), max_length=200)
    badge_number = forms.CharField(label=_("Badge number"), required=False, max_length=60)
    agency = forms.CharField(label=_("Agency"), max_length=200)
    rank = forms.CharField(label=_("Rank"), required=False, max_length=100)
    gender = forms.ChoiceField(label=_("Gender"), choices=ParticipantGroup.Gender.choices)
    attended = forms.BooleanField(label=_("Attended"), required=False, initial=True)

    field_order = ("name", "badge_number", "agency", "rank", "gender", "pre_test", "post_test",
                   "attended")  # fmt: skip


class QuestionForm(ActorForm):
    """A question of the bank for one training topic, with its correct answer."""

    topic = ScopedModelChoiceField(Theme, label=_("Topic"))
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    correct_answer = forms.CharField(
        label=_("Correct answer"), max_length=200,
        help_text=_("Answers are compared to it without regard to case or spacing."),
    )  # fmt: skip


class SessionQuestionsForm(ActorForm):
    """The questions of a training's tests, from the bank of its topics; none: scores only.
    The view narrows the choices to the bank of the training's topics."""

    questions = ScopedModelMultipleChoiceField(
        TrainingQuestion, label=_("Questions"), required=False, widget=CHECKBOXES,
        help_text=_("With no question chosen, the training records a score per participant."),
    )  # fmt: skip


class AnswersForm(forms.Form):
    """A named participant's answer to each question, before and after the training."""

    def __init__(self, *args: Any, questions: list[TrainingQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            for phase, label in TrainingAnswer.Phase.choices:
                self.fields[f"q{question.pk}_{phase}"] = forms.CharField(
                    label=_("%(test)s, question %(number)d") % {"test": label, "number": number},
                    required=False,
                    max_length=200,
                )

    def answers(self) -> dict[tuple[int, str], str]:
        """The answers keyed as the service takes them."""
        return {
            (q.pk, phase): self.cleaned_data.get(f"q{q.pk}_{phase}", "")
            for q in self.questions
            for phase in TrainingAnswer.Phase.values
        }
