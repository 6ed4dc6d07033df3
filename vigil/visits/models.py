"""The preventive visit cycle: the visit plan, visits, teams, checklists, observations,
register checks and findings."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core import dates
from vigil.core.models import TenantModel, User, Versioned, VocabularyModel
from vigil.places.models import Place


class Theme(VocabularyModel):
    """A monitoring theme (APT/PRI themes, Mandela Rules areas); shipped, extensible."""

    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("theme")
        ordering: ClassVar[list[str]] = ["order", "name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "code"], name="theme_code"),
        ]

    def __str__(self) -> str:
        return self.label


class StandardReference(models.Model):
    """A rule of an instrument ("Mandela Rules", "Rule 43"), cited, never quoted."""

    instrument = models.CharField(_("instrument"), max_length=80)
    reference = models.CharField(_("reference"), max_length=40)
    topic = models.CharField(_("topic"), max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("standard reference")
        ordering: ClassVar[list[str]] = ["instrument", "order"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["instrument", "reference"], name="standard_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.reference}: {self.topic_label}"

    @property
    def topic_label(self) -> str:
        """The topic in the reader's language (shipped, like the vocabularies)."""
        from vigil.core.terms import shipped_term

        return shipped_term(self.topic)


class VisitPlan(TenantModel):
    """The institution's plan of visits for a period (usually a year): its lines are the
    planned visits."""

    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("visit plan")
        ordering: ClassVar[list[str]] = ["-starts_on"]

    def __str__(self) -> str:
        return self.title


class VisitType(models.TextChoices):
    FULL = "full", _("Full")
    FOLLOW_UP = "follow_up", _("Follow-up")
    AD_HOC = "ad_hoc", _("Ad-hoc / reactive")
    THEMATIC = "thematic", _("Thematic")


class Visit(Versioned, TenantModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PREPARING = "preparing", _("Preparing")
        ON_SITE = "on_site", _("On site")
        REPORTING = "reporting", _("Reporting")
        REPORT_SENT = "report_sent", _("Report sent")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    # "V-2026-0042": how letters and reports to the authorities refer to the visit.
    reference = models.CharField(_("reference"), max_length=24, blank=True, editable=False)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="visits")
    plan = models.ForeignKey(
        VisitPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    visit_type = models.CharField(_("type"), max_length=12, choices=VisitType.choices)
    announced = models.BooleanField(_("announced"), default=False)
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    starts_on = models.DateField(_("first day"), null=True, blank=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("focus themes"))
    objectives = models.TextField(_("objectives"), blank=True)
    summary = models.TextField(_("summary for the report"), blank=True)
    methodology = models.TextField(_("methodology for the report"), blank=True)
    report_sent_on = models.DateField(_("report sent on"), null=True, blank=True)
    report_recipients = models.TextField(_("report sent to"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("visit")
        ordering: ClassVar[list[str]] = ["-starts_on", "-planned_for", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "status"], name="visit_by_status"),
            # The list's year filter and its choice of years. The list's order has an
            # expression index of its own (migration 0006, `visit_by_listed_date`).
            models.Index(fields=["institution", "starts_on"], name="visit_by_start"),
            models.Index(fields=["institution", "reference"], name="visit_by_reference"),
        ]

    def __str__(self) -> str:
        # In the language's date style, as every date a user reads (vigil.core.dates).
        when = self.starts_on or self.planned_for
        return f"{self.place} ({dates.day(when)})" if when else str(self.place)


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    MONITOR = "monitor", _("Monitor")
    DOCTOR = "doctor", _("Medical doctor")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    INTERPRETER = "interpreter", _("Interpreter")
    EXTERNAL_EXPERT = "external_expert", _("External expert")


class TeamMember(TenantModel):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_name = models.CharField(_("name (if not a Vigil user)"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=TeamRole.choices)

    class Meta:
        verbose_name = _("team member")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["visit", "user"],
                condition=models.Q(user__isnull=False),
                name="one_seat_per_user",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user) if self.user else self.external_name


class StatusChange(TenantModel):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Visit.Status.choices)
    to_status = models.CharField(max_length=12, choices=Visit.Status.choices)
    note = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class PlannedVisit(TenantModel):
    """A line of a visit plan: which place, roughly when; linked to the visit once made."""

    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="items")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the planned month."))
    visit_type = models.CharField(_("type"), max_length=12, choices=VisitType.choices)
    reason = models.CharField(_("why this place"), max_length=300, blank=True)
    visit = models.OneToOneField(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="planned_item"
    )

    class Meta:
        verbose_name = _("planned visit")
        ordering: ClassVar[list[str]] = ["month", "place__name"]

    def __str__(self) -> str:
        return f"{self.place} {self.month:%b %Y}"


class ChecklistTemplate(VocabularyModel):
    """A questionnaire of the methodology (XLSForm), versioned. Shipped ones have no institution."""

    form_id = models.CharField(_("form id"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("checklist")
        ordering: ClassVar[list[str]] = ["title"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "form_id"], name="checklist_form_id"),
        ]

    def __str__(self) -> str:
        return self.title


class ChecklistVersion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.CharField(_("version"), max_length=50)
    definition = models.JSONField()
    xlsform = models.BinaryField()
    imported_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("checklist version")
        ordering: ClassVar[list[str]] = ["-imported_at", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["template", "version"], name="checklist_version"),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.version}"

    @property
    def web_fillable(self) -> bool:
        """False when the form uses what the web checklist cannot evaluate (fill in ODK Collect)."""
        return not self.definition.get("collect_only")


class ChecklistSubmission(TenantModel):
    class Source(models.TextChoices):
        BROWSER = "browser", _("Filled in Vigil")
        ODK = "odk", _("Imported from ODK / KoboToolbox")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="checklists")
    version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict, blank=True)
    is_complete = models.BooleanField(default=False)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.BROWSER)
    external_id = models.CharField(max_length=100, blank=True)
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("filled checklist")
        ordering: ClassVar[list[str]] = ["pk"]

    def __str__(self) -> str:
        return f"{self.version} · {self.visit}"


class Observation(TenantModel):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="observations")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, verbose_name=_("theme"))
    text = models.TextField(_("what was observed"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("observation")
        ordering: ClassVar[list[str]] = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class RegisterCheck(TenantModel):
    class Register(models.TextChoices):
        CUSTODY = "custody", _("Custody register")
        USE_OF_FORCE = "use_of_force", _("Use-of-force register")
        DISCIPLINARY = "disciplinary", _("Disciplinary register")
        MEDICAL = "medical", _("Medical register")
        COMPLAINTS = "complaints", _("Complaints register")
        SOLITARY = "solitary", _("Solitary confinement register")
        OTHER = "other", _("Other register")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="register_checks")
    register = models.CharField(_("register"), max_length=16, choices=Register.choices)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    entries_examined = models.PositiveIntegerField(_("entries examined"), null=True, blank=True)
    irregularity_count = models.PositiveIntegerField(_("irregularities found"), default=0)
    irregularities = models.TextField(_("irregularities"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("register check")
        ordering: ClassVar[list[str]] = ["created_at"]

    def __str__(self) -> str:
        return self.get_register_display()


class Severity(models.TextChoices):
    OBSERVATION = "observation", _("Observation")
    CONCERN = "concern", _("Concern")
    SERIOUS = "serious", _("Serious")
    URGENT = "urgent", _("Urgent")


SEVERITY_RANK = {
    Severity.OBSERVATION: 0,
    Severity.CONCERN: 1,
    Severity.SERIOUS: 2,
    Severity.URGENT: 3,
}


class Finding(TenantModel):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, verbose_name=_("theme"))
    standards = models.ManyToManyField(StandardReference, blank=True, verbose_name=_("standards"))
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    observations = models.ManyToManyField(Observation, blank=True, verbose_name=_("observations"))
    register_checks = models.ManyToManyField(
        RegisterCheck, blank=True, verbose_name=_("register checks")
    )
    # Checklist answers the finding rests on: [{"submission": id, "path": "group/q"}].
    checklist_evidence = models.JSONField(default=list, blank=True)
    acted_on_at = models.DateTimeField(_("action taken on"), null=True, blank=True)
    acted_on_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_note = models.TextField(_("action taken"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("finding")
        ordering: ClassVar[list[str]] = ["theme__order", "-created_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "severity", "acted_on_at"], name="finding_urgent"),
        ]

    def __str__(self) -> str:
        return self.title
