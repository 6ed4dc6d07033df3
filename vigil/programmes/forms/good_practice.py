"""Forms of good-practice entries."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ActorForm, ScopedModelMultipleChoiceField, SearchableChoiceField
from vigil.programmes.forms.common import CHECKBOXES, chosen_filters, textarea, theme_filter
from vigil.programmes.models import GoodPracticeTheme
from vigil.programmes.selectors.good_practice import GoodPracticeFilters
from vigil.programmes.selectors.lookups import PROGRAMME
from vigil.visits.models import Theme


class GoodPracticeForm(ActorForm):
    """A good-practice entry: what worked, in what context, and the lessons learned."""

    title = forms.CharField(label=_("Title"), max_length=200)
    programme = SearchableChoiceField(PROGRAMME, label=_("Programme"), required=False)
    what_worked = forms.CharField(label=_("What worked"), widget=textarea(4))
    context = forms.CharField(label=_("In what context"), widget=textarea(3))
    lessons = forms.CharField(label=_("Lessons learned"), widget=textarea(4))
    practice_themes = forms.MultipleChoiceField(
        label=_("Good-practice themes"), required=False, choices=GoodPracticeTheme.choices,
        widget=CHECKBOXES,
    )  # fmt: skip
    protection_gap = forms.CharField(label=_("Protection gap"), required=False, max_length=300)
    themes = ScopedModelMultipleChoiceField(
        Theme, label=_("Themes"), required=False, widget=CHECKBOXES
    )
    ready_to_share = forms.BooleanField(
        label=_("Ready to share with peers"), required=False,
        help_text=_("Shared entries must never carry personal data."),
    )  # fmt: skip


class GoodPracticeFilterForm(ActorForm):
    """The filters of the list of good practice."""

    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    practice_theme = forms.ChoiceField(
        label=_("Good-practice theme"), required=False,
        choices=[("", _("Any")), *GoodPracticeTheme.choices],
    )  # fmt: skip
    theme = theme_filter()
    ready_to_share = forms.BooleanField(label=_("Ready to share only"), required=False)

    def filters(self) -> GoodPracticeFilters:
        return GoodPracticeFilters(**chosen_filters(self))
