"""Forms of the scoring configuration: weights and thresholds, and a factor of one's own."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vigil.core.forms import ActorForm, ScopedModelMultipleChoiceField
from vigil.risk.models import FactorGroup, Measure, RiskConfiguration, RiskFactor
from vigil.risk.scoring import POPULATION_FIELDS
from vigil.risk.selectors.configuration import (
    DEFAULT_SATURATION,
    DEFAULT_THRESHOLDS,
    THRESHOLD_LABELS,
    themes_offered,
    thresholds_of,
)
from vigil.risk.services.configuration import MAX_WEIGHT, THRESHOLD_LIMITS
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

    stale = False  # set when another version was saved since the page was shown

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
            self.fields[f"weight_{factor.code}"] = _weight_field(factor.label, plain(weight))
        for name in THRESHOLD_LIMITS:
            self.fields[name] = _threshold_field(name, plain(_number(thresholds.get(name))))
        for factor in factors:
            message = _("Give a number from 0.25 to 1000.")
            self.fields[f"saturation_{factor.code}"] = forms.DecimalField(
                label=_("Evidence for the full value: %(factor)s") % {"factor": factor.label},
                min_value=Decimal("0.25"), max_value=Decimal(1000), max_digits=6,
                decimal_places=2,
                initial=plain(self.current_saturation[factor.code]),
                error_messages={"invalid": message, "min_value": message, "max_value": message,
                                "max_digits": message, "max_whole_digits": message},
                widget=forms.NumberInput(attrs={"step": "0.25"}),
            )  # fmt: skip
        # The version this page shows: saving over a newer one is refused (no silent overwrite).
        self.fields["based_on"] = forms.IntegerField(
            required=False,
            min_value=0,
            widget=forms.HiddenInput,
            initial=configuration.version if configuration else 1,  # the default, version 1
        )
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


class FactorForm(ActorForm):
    """A risk factor of the institution's own, and how it is measured."""

    name = forms.CharField(label=_("Name"), max_length=160)
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Letters, digits, hyphens and underscores; it names the factor in exports."),
    )
    group = forms.ChoiceField(label=_("Group"), choices=FactorGroup.choices)
    measure = forms.ChoiceField(label=_("Measured by"), choices=Measure.choices)
    themes = ScopedModelMultipleChoiceField(
        Theme,
        scope=themes_offered,
        to_field_name="code",
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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("measure") == Measure.POPULATION_SHARE and not data.get("population_field"):
            self.add_error("population_field", _("Choose the group whose share is measured."))
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        params: dict[str, Any] = {}
        if data["measure"] == Measure.OBSERVED:
            params["themes"] = [theme.code for theme in data["themes"]]
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
