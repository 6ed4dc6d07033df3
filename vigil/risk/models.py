"""Risk factors, the institution's versioned scoring configuration, and scores with history.

A score is a pure function of the evidence Vigil holds about a place on a date and of one
configuration version (see `vigil.risk.scoring`); it is stored with its explanation, so the
place page can show every contributing factor, its weight and the evidence behind it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.models import Institution, TenantModel, User, VocabularyModel
from vigil.core.tenancy import TenantManager
from vigil.places.models import Place
from vigil.visits.models import ChecklistTemplate


class FactorGroup(models.TextChoices):
    """As in DOMAIN.md, "Risk factors"."""

    FIRST_HOURS = "first_hours", _("Safeguards in the first hours of custody")
    REGISTERS = "registers", _("Registers")
    VULNERABLE = "vulnerable", _("Vulnerable population")
    CONDITIONS = "conditions", _("Conditions of detention")
    CULTURE = "culture", _("Institutional culture")
    SIGNALS = "signals", _("Signals")


class Measure(models.TextChoices):
    """How a factor is measured from the data Vigil already holds."""

    OBSERVED = "observed", _("Findings of the listed themes, and mapped checklist answers")
    OCCUPANCY = "occupancy", _("Occupancy against official capacity")
    POPULATION_SHARE = "population_share", _("Share of a group in the latest population count")
    ALLEGATIONS = "allegations", _("Allegations of ill-treatment (recent ones weigh double)")
    REPRISALS = "reprisals", _("Alleged reprisals")
    TIME_SINCE_VISIT = "time_since_visit", _("Time since the last visit")
    URGENT_RECOMMENDATIONS = (
        "urgent_recommendations",
        _("Urgent recommendations overdue and not implemented"),
    )
    REGISTER_IRREGULARITIES = "register_irregularities", _("Irregularities found in registers")


class RiskFactor(VocabularyModel):
    """A factor of the catalogue; shipped ones have no institution, institutions add their own."""

    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=160)
    group = models.CharField(_("group"), max_length=16, choices=FactorGroup.choices)
    measure = models.CharField(_("measured by"), max_length=24, choices=Measure.choices)
    # Measure parameters: {"themes": [...]} for OBSERVED, {"field": "women"} for shares,
    # {"registers": [...]} for register irregularities.
    params = models.JSONField(default=dict, blank=True)
    description = models.TextField(_("why it matters"), blank=True)
    default_weight = models.DecimalField(max_digits=5, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("risk factor")
        ordering: ClassVar[list[str]] = ["order", "name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "code"], name="risk_factor_code"),
        ]

    def __str__(self) -> str:
        return self.label


class ChecklistMapping(TenantModel):
    """A checklist question whose answer is evidence of a factor ("notified family?" = "no")."""

    factor = models.ForeignKey(RiskFactor, on_delete=models.CASCADE, related_name="mappings")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(_("question"), max_length=200)
    # The answers that signal the risk ("no", "never"); any of them counts once.
    risk_answers = models.JSONField(_("answers that signal the risk"), default=list)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("checklist mapping")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["institution", "factor", "template", "question"], name="one_mapping"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} · {self.question} → {self.factor}"


class RiskConfiguration(TenantModel):
    """One version of an institution's weights and thresholds; never edited, only superseded."""

    version = models.PositiveIntegerField(_("version"))
    # {factor code: weight}; a factor missing here has weight 0.
    weights = models.JSONField(_("weights"), default=dict)
    # {"window_months": 36, "visit_due_months": 12, …, "saturation": {factor code: n}}.
    thresholds = models.JSONField(_("thresholds"), default=dict)
    note = models.CharField(_("what changed and why"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("risk configuration")
        ordering: ClassVar[list[str]] = ["-version"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "version"], name="risk_config_version"),
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class RiskScore(TenantModel):
    """The score of a place on a date, by one configuration, with its explanation."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="risk_scores")
    computed_on = models.DateField(_("date"))
    configuration = models.ForeignKey(
        RiskConfiguration, on_delete=models.PROTECT, related_name="scores"
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    # [{"factor": code, "weight": "2", "value": "0.5", "points": "3.1", "evidence": [...]}]
    parts = models.JSONField(default=list)
    # The parts' figures without their evidence, as whole numbers, for the stored aggregates:
    # {code: [value in ten-thousandths, points in cents]} (`vigil.risk.selectors.gap_scope`).
    figures = models.JSONField(default=dict)
    # Fingerprint of the inputs: an unchanged place is not written again.
    inputs_digest = models.CharField(max_length=64)
    is_latest = models.BooleanField(default=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("risk score")
        ordering: ClassVar[list[str]] = ["-computed_on", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["place", "computed_on"], name="one_score_per_day"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "is_latest", "score"], name="risk_priority"),
        ]

    def __str__(self) -> str:
        return f"{self.place_id} {self.computed_on}: {self.score}"


class RiskState(models.Model):
    """Whether an institution's scores wait for a recomputation (set when data changes)."""

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, related_name="+")
    dirty_since = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    # The next run scores every open place, not only the marked ones: a configuration, factor
    # or mapping changed, a run failed, or no run has covered every place yet.
    all_places = models.BooleanField(default=True)

    # One row per institution: `RiskState.objects.for_institution(id)`, `.for_actor(actor)`.
    objects = TenantManager()

    class Meta:
        verbose_name = _("risk state")

    def __str__(self) -> str:
        return f"{self.institution_id}"


class RiskDirtyPlace(models.Model):
    """A place whose evidence changed since its last scoring: the next run scores it again.

    Written in the same transaction as the change (`vigil.risk.services.dirty`), so a mark
    exists exactly when its change does; a run removes the marks it has read.
    """

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    place = models.OneToOneField(Place, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)

    objects = TenantManager()

    class Meta:
        verbose_name = _("place awaiting risk scoring")

    def __str__(self) -> str:
        return f"{self.place_id}"


class RiskAggregate(models.Model):
    """Figures read by the risk pages, written by the recomputation and never on a page view.

    `name` is "summary" (scored places, versions in use, the riskiest places for the plan's
    coverage), "gaps:<dimension>" (the heat map over every open place) or "gaps:trend".
    """

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=30)
    data = models.JSONField(default=dict)
    built_on = models.DateField()
    built_at = models.DateTimeField(default=timezone.now)

    objects = TenantManager()

    class Meta:
        verbose_name = _("risk aggregate")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "name"], name="one_risk_aggregate"),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.name}"
