"""Allegation cases: intake, team, perpetrators, moves through the workflow, referrals."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.fields import EncryptedTextField
from vigil.core.models import TenantModel, User, Versioned, VocabularyModel
from vigil.people.models.interviews import Interview, Person
from vigil.places.models import Place


class IllTreatmentType(VocabularyModel):
    """Types of ill-treatment (HURIDOCS-style), shipped as data, extensible per institution."""

    code = models.SlugField(max_length=40)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("type of ill-treatment")
        ordering: ClassVar[list[str]] = ["order", "name"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "code"], name="ill_treatment_code"),
        ]

    def __str__(self) -> str:
        return self.label


class IntakeSource(models.TextChoices):
    VISIT_INTERVIEW = "visit_interview", _("Visit interview")
    COMPLAINT = "complaint", _("Individual complaint")
    REFERRAL_NGO = "referral_ngo", _("Referral by an NGO")
    REFERRAL_LAWYER = "referral_lawyer", _("Referral by a lawyer")
    REFERRAL_FAMILY = "referral_family", _("Referral by the family")
    MEDIA = "media", _("Media")
    OWN_MOTION = "own_motion", _("Own motion")


class CaseStage(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSESSMENT = "assessment", _("Preliminary assessment")
    INVESTIGATION = "investigation", _("Investigation")
    OUTCOME = "outcome", _("Outcome")
    CLOSED = "closed", _("Closed")


class CaseOutcome(models.TextChoices):
    NOT_ADMISSIBLE = "not_admissible", _("Not admissible")
    UNSUBSTANTIATED = "unsubstantiated", _("Unsubstantiated")
    RESOLVED = "resolved", _("Resolved or conciliated")
    REFERRED_OTHER = "referred_other", _("Referred to another body")
    REFERRED_PROSECUTION = (
        "referred_prosecution",
        _("Referred to prosecution or disciplinary authority"),
    )
    WITHDRAWN = "withdrawn", _("Withdrawn")


REFERRAL_OUTCOMES = frozenset({CaseOutcome.REFERRED_OTHER, CaseOutcome.REFERRED_PROSECUTION})


class Case(Versioned, TenantModel):
    """An allegation of torture or ill-treatment and its handling.

    Need to know: only the assigned team and commissioners may see a case (see access).
    """

    audit_reads: ClassVar[bool] = True

    reference = models.CharField(_("reference"), max_length=20, editable=False)
    source = models.CharField(_("source"), max_length=20, choices=IntakeSource.choices)
    interview = models.ForeignKey(
        Interview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("interview"),
    )
    received_on = models.DateField(_("date received"))
    received_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    victims = models.ManyToManyField(
        Person, related_name="cases", verbose_name=_("alleged victims")
    )
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    incident_place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place of the incident"),
    )
    # A place that is not in the register ("the road to the station"): may identify; encrypted.
    incident_place_text = EncryptedTextField(_("place, if not registered"), blank=True)
    ill_treatment_types = models.ManyToManyField(
        IllTreatmentType, related_name="+", verbose_name=_("types of ill-treatment")
    )
    account = EncryptedTextField(_("account"), blank=True)
    injuries = EncryptedTextField(_("injuries"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=16, choices=CaseStage.choices, default=CaseStage.RECEIVED
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=CaseOutcome.choices, blank=True)
    stage_since = models.DateField(_("in this stage since"))
    # Set by the case's team or a commissioner: nothing of the case expires while it is on.
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case")
        ordering: ClassVar[list[str]] = ["-received_on", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "reference"], name="case_reference"),
        ]
        # The case list's order, newest first (issue 14).
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "received_on", "id"], name="case_by_received"),
        ]

    def __str__(self) -> str:
        return self.reference


class CaseAssignment(TenantModel):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead investigator")
        MEMBER = "member", _("Team member")
        MEDICAL = "medical", _("Medical expert")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="case_assignments")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    assigned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case assignment")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["case", "user"], name="one_assignment_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.user}"


class Perpetrator(TenantModel):
    """An alleged perpetrator, described by unit, agency and rank; the name is optional."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="perpetrators")
    agency = models.CharField(_("agency"), max_length=120, blank=True)
    unit = models.CharField(_("unit"), max_length=120, blank=True)
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    name = EncryptedTextField(_("name"), blank=True)
    description = EncryptedTextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("alleged perpetrator")

    def __str__(self) -> str:
        return " · ".join(p for p in (self.agency, self.unit, self.rank) if p) or "—"


class CaseMove(TenantModel):
    """One step of a case through the workflow: dated, with its reason and who made it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(max_length=16, choices=CaseStage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=CaseStage.choices)
    outcome = models.CharField(max_length=24, choices=CaseOutcome.choices, blank=True)
    moved_on = models.DateField(_("date"))
    reason = EncryptedTextField(_("reason"))
    moved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case move")
        ordering: ClassVar[list[str]] = ["moved_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_stage}"


class StageDeadline(TenantModel):
    """How many days a case may stay in a stage before it is overdue, per institution."""

    stage = models.CharField(_("stage"), max_length=16, choices=CaseStage.choices)
    days = models.PositiveSmallIntegerField(_("days"))

    class Meta:
        verbose_name = _("stage deadline")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "stage"], name="one_deadline_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.stage}: {self.days}"


# Used when an institution has not set its own.
DEFAULT_STAGE_DAYS: dict[str, int] = {
    CaseStage.RECEIVED: 7,
    CaseStage.ASSESSMENT: 30,
    CaseStage.INVESTIGATION: 90,
    CaseStage.OUTCOME: 30,
}


class Referral(TenantModel):
    """A case sent to another body (prosecutor, disciplinary board, ombudsperson), followed up."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent, awaiting reply")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ACTION_TAKEN = "action_taken", _("Action taken")
        NO_ACTION = "no_action", _("No action taken")
        CLOSED = "closed", _("Closed by the body")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    body = models.CharField(_("referred to"), max_length=200)
    sent_on = models.DateField(_("sent on"))
    their_reference = models.CharField(_("their reference"), max_length=80, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SENT
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    outcome_notes = EncryptedTextField(_("what they did"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("referral")
        ordering: ClassVar[list[str]] = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return self.body
