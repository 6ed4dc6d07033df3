"""Forms of the risk pages: the priority list's filters, the configuration, factors, mappings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Membership
from vigil.places.forms.places import AreaChoiceField
from vigil.places.models import AdministrativeArea
from vigil.places.selectors import register as place_selectors
from vigil.risk.configuration import DEFAULT_SATURATION, DEFAULT_THRESHOLDS, thresholds_of
from vigil.risk.models import FactorGroup, Measure, RiskConfiguration, RiskFactor
from vigil.risk.scoring import POPULATION_FIELDS
from vigil.risk.selectors import THRESHOLD_LABELS, PriorityFilters, Question
from vigil.risk.services import MAX_WEIGHT, THRESHOLD_LIMITS
from vigil.visits.models import RegisterCheck, Theme

WEIGHT_ERRORS = {
    "invalid": _("Give a number, such as 2 or 1.5."),
    "required": _("Give a weight (0 leaves the factor out)."),
    "min_value": _("Give a weight between 0 and 10."),
    "max_value": _("Give a weight between 0 and 10."),
    "max_digits": _("Give a weight between 0 and 10."),
    "max_decimal_places": _("Give at most two decimals."),
    "max_whole_digits": _("Give a weight between 0 and 10."),
}
POPULATION_LABELS = {
    "women": _("Women"),
    "juveniles": _("Children"),
    "foreign_nationals": _("Foreign nationals"),
    "pre_trial": _("Pre-trial detainees"),
    "disabilities": _("Persons with disabilities"),
}


class PriorityFilterForm(forms.Form):
    q = forms.CharField(label=_("Place name or reference"), required=False, max_length=100)
    kind = forms.TypedChoiceField(label=_("Kind"), required=False, coerce=int, empty_value=None)
    authority = forms.TypedChoiceField(
        label=_("Authority"), required=False, coerce=int, empty_value=None
    )
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    min_score = forms.DecimalField(
        label=_("Score at least"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        max_digits=5,
        error_messages={
            "invalid": _("Give a score between 0 and 100."),
            "min_value": _("Give a score between 0 and 100."),
            "max_value": _("Give a score between 0 and 100."),
            "max_digits": _("Give a score between 0 and 100."),
            "max_whole_digits": _("Give a score between 0 and 100."),
        },
    )
    never_visited = forms.BooleanField(label=_("Never visited"), required=False)
    not_visited_months = forms.IntegerField(
        label=_("Not visited for at least (months)"),
        required=False,
        min_value=1,
        max_value=240,
        error_messages={
            "invalid": _("Give a number of months from 1 to 240."),
            "min_value": _("Give a number of months from 1 to 240."),
            "max_value": _("Give a number of months from 1 to 240."),
        },
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", _("Any"))]
        fields: dict[str, Any] = self.fields
        fields["kind"].choices = any_ + [
            (k.pk, k.name) for k in place_selectors.kinds_for(actor).order_by("order", "name")
        ]
        fields["authority"].choices = any_ + [
            (a.pk, a.name) for a in place_selectors.authorities_for(actor).order_by("name")
        ]
        label = AreaChoiceField(queryset=AdministrativeArea.objects.none()).label_from_instance
        fields["area"].choices = any_ + [
            (a.pk, label(a)) for a in place_selectors.areas_for(actor).order_by("name")
        ]

    def filters(self) -> PriorityFilters:
        """The valid filters; a field with an error is left out (and says why on the page)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PriorityFilters(**{k: v for k, v in data.items() if v not in (None, "", False)})


def _number(value: Any) -> Decimal:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return Decimal(0)
    return number if number.is_finite() else Decimal(0)


def plain(value: Decimal | int) -> str:
    """2.50 → "2.5", 10 → "10" (never "1E+1")."""
    number = Decimal(value)
    return format(number.normalize(), "f") if number else "0"


def _weight_field(label: str, initial: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=MAX_WEIGHT,
        max_digits=5,
        decimal_places=2,
        initial=initial,
        error_messages=WEIGHT_ERRORS,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "10"}),
    )


def _threshold_field(name: str, initial: Any) -> forms.Field:
    low, high = THRESHOLD_LIMITS[name]
    message = _("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high}
    errors = {"invalid": message, "min_value": message, "max_value": message,
              "max_digits": message, "max_whole_digits": message}  # fmt: skip
    if isinstance(DEFAULT_THRESHOLDS[name], int):
        return forms.IntegerField(
            label=THRESHOLD_LABELS[name], min_value=int(low), max_value=int(high),
            initial=initial, error_messages=errors,
        )  # fmt: skip
    return forms.DecimalField(
        label=THRESHOLD_LABELS[name], min_value=low, max_value=high, max_digits=6,
        decimal_places=2, initial=initial, error_messages=errors,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
    )  # fmt: skip


class ConfigurationForm(forms.Form):
    """Weights per factor, the thresholds and per-factor saturation; saving makes a version."""

    def __init__(
        self,
        *args: Any,
        configuration: RiskConfiguration | None,
        factors: list[RiskFactor],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.factors = factors
        weights = configuration.weights if configuration else {}
        thresholds = thresholds_of(configuration) if configuration else dict(DEFAULT_THRESHOLDS)
        saturation = thresholds.get("saturation") or {}
        # The values in force, to send the service only what the user changed.
        self.current_weights: dict[str, Decimal] = {}
        self.current_saturation: dict[str, Decimal] = {}
        for factor in factors:
            default = factor.default_weight if configuration is None else "0"
            weight = _number(weights.get(factor.code, default))
            self.current_weights[factor.code] = weight
            self.current_saturation[factor.code] = _number(
                saturation.get(factor.code, DEFAULT_SATURATION)
            )
            self.fields[f"weight_{factor.code}"] = _weight_field(factor.name, plain(weight))
        for name in THRESHOLD_LIMITS:
            self.fields[name] = _threshold_field(name, plain(_number(thresholds.get(name))))
        for factor in factors:
            message = _("Give a number from 0.25 to 1000.")
            self.fields[f"saturation_{factor.code}"] = forms.DecimalField(
                label=_("Evidence for the full value: %(factor)s") % {"factor": factor.name},
                min_value=Decimal("0.25"), max_value=Decimal(1000), max_digits=6,
                decimal_places=2,
                initial=plain(self.current_saturation[factor.code]),
                error_messages={"invalid": message, "min_value": message, "max_value": message,
                                "max_digits": message, "max_whole_digits": message},
                widget=forms.NumberInput(attrs={"step": "0.25"}),
            )  # fmt: skip
        self.fields["note"] = forms.CharField(
            label=_("What changed and why"),
            required=False,
            max_length=300,
            help_text=_("Kept with the version, for whoever reads the scores later."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        due, overdue = data.get("visit_due_months"), data.get("visit_overdue_months")
        if due is not None and overdue is not None and overdue <= due:
            self.add_error(
                "visit_overdue_months", _("A visit is long overdue only after it is due.")
            )
        return data

    def weights(self) -> dict[str, str]:
        """The weights the user changed (a factor added since has none yet: weight 0)."""
        changed = {}
        for factor in self.factors:
            weight = self.cleaned_data[f"weight_{factor.code}"]
            if weight != self.current_weights[factor.code]:
                changed[factor.code] = plain(weight)
        return changed

    def thresholds(self) -> dict[str, str]:
        return {name: plain(self.cleaned_data[name]) for name in THRESHOLD_LIMITS}

    def saturation(self) -> dict[str, str]:
        changed = {}
        for factor in self.factors:
            value = self.cleaned_data[f"saturation_{factor.code}"]
            if value != self.current_saturation[factor.code]:
                changed[factor.code] = plain(value)
        return changed


class FactorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits, hyphens and underscores; it names the factor in exports."),
    )
    group = forms.ChoiceField(label=_("Group"), choices=FactorGroup.choices)
    measure = forms.ChoiceField(label=_("Measured by"), choices=Measure.choices)
    themes = forms.MultipleChoiceField(
        label=_("Themes of findings that count"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For factors measured by findings. Checklist questions mapped to the factor "
            "count as well."
        ),
    )
    population_field = forms.ChoiceField(
        label=_("Group of the population"),
        required=False,
        choices=[("", "—"), *((f, POPULATION_LABELS[f]) for f in POPULATION_FIELDS)],
        help_text=_("For factors measured by the share of a group in the population count."),
    )
    registers = forms.MultipleChoiceField(
        label=_("Registers that count"),
        required=False,
        choices=RegisterCheck.Register.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For factors measured by register irregularities; none chosen means all."),
    )
    description = forms.CharField(
        label=_("Why it matters"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    default_weight = forms.DecimalField(
        label=_("Suggested weight"),
        min_value=Decimal(0),
        max_value=MAX_WEIGHT,
        max_digits=5,
        decimal_places=2,
        initial=Decimal(1),
        error_messages=WEIGHT_ERRORS,
        help_text=_("The factor counts once the configuration gives it a weight."),
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = Theme.objects.filter(institution__isnull=True) | Theme.objects.filter(
            institution_id=actor.institution_id
        )
        self.fields["themes"].choices = [(t.code, t.name) for t in themes.order_by("order", "name")]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("measure") == Measure.POPULATION_SHARE and not data.get("population_field"):
            self.add_error("population_field", _("Choose the group whose share is measured."))
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        params: dict[str, Any] = {}
        if data["measure"] == Measure.OBSERVED:
            params["themes"] = list(data["themes"])
        elif data["measure"] == Measure.POPULATION_SHARE:
            params["field"] = data["population_field"]
        elif data["measure"] == Measure.REGISTER_IRREGULARITIES and data["registers"]:
            params["registers"] = list(data["registers"])
        return {
            "code": data["code"],
            "name": data["name"].strip(),
            "group": data["group"],
            "measure": data["measure"],
            "params": params,
            "description": data["description"].strip(),
            "default_weight": data["default_weight"],
        }


class MappingTemplateForm(forms.Form):
    """Step one of a mapping: the checklist whose questions to choose from."""

    template = forms.TypedChoiceField(label=_("Checklist"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, templates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (t.pk, t.title if t.institution_id else _("%(title)s (shipped)") % {"title": t.title})
            for t in templates
        ]


class MappingForm(forms.Form):
    template = forms.IntegerField(widget=forms.HiddenInput)
    factor = forms.TypedChoiceField(label=_("Risk factor"), coerce=int, empty_value=None)
    question = forms.ChoiceField(label=_("Question"))
    risk_answers = forms.CharField(
        label=_("Answers that signal the risk"),
        max_length=300,
        help_text=_(
            "Answer codes as the checklist stores them, separated by commas (e.g. no, unknown). "
            "Any of them counts once per filled checklist."
        ),
    )

    def __init__(
        self, *args: Any, factors: list[RiskFactor], questions: list[Question], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = {q.path: q for q in questions}
        fields: dict[str, Any] = self.fields
        labels = dict(FactorGroup.choices)
        by_group: dict[str, list[tuple[int, str]]] = {}
        for factor in factors:
            by_group.setdefault(factor.group, []).append((factor.pk, factor.name))
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
