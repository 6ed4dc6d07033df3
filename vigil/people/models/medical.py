"""Istanbul Protocol documentation: examinations, body marks, psychological findings."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.fields import EncryptedTextField
from vigil.core.models import TenantModel, User, Versioned
from vigil.people.models.cases import Case
from vigil.people.models.interviews import Person


class Consistency(models.TextChoices):
    """The Istanbul Protocol's scale relating a finding to the allegation (2022, para. 386)."""

    NOT_CONSISTENT = "not_consistent", _("Not consistent")
    CONSISTENT = "consistent", _("Consistent")
    HIGHLY_CONSISTENT = "highly_consistent", _("Highly consistent")
    TYPICAL = "typical", _("Typical")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")


class Examination(Versioned, TenantModel):
    """A medical examination documenting an allegation (Istanbul Protocol)."""

    audit_reads: ClassVar[bool] = True

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="examinations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="examinations")
    examiner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("examiner")
    )
    examiner_qualifications = models.CharField(_("qualifications"), max_length=200)
    examined_on = models.DateField(_("date of the examination"))
    consent_given = models.BooleanField(_("informed consent given"), default=False)
    interpreter = EncryptedTextField(_("interpreter"), blank=True)
    history = EncryptedTextField(_("history"), blank=True)
    physical_findings = EncryptedTextField(_("physical findings"), blank=True)
    psychological_findings = EncryptedTextField(_("psychological findings"), blank=True)
    overall_opinion = EncryptedTextField(_("overall opinion"), blank=True)
    # The Protocol's level for all the evidence taken together (2022, para. 400), beside the
    # free-text opinion; blank until the examiner gives it.
    overall_consistency = models.CharField(
        _("overall evaluation"), max_length=20, choices=Consistency.choices, blank=True
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # When retention removed the findings; the date and examiner stay.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("medical examination")
        ordering: ClassVar[list[str]] = ["-examined_on", "-pk"]

    def __str__(self) -> str:
        return f"{_('Examination')} {self.examined_on:%Y-%m-%d}"


class BodyMark(TenantModel):
    """A numbered mark on the body chart, with its finding and how consistent it is."""

    class Side(models.TextChoices):
        FRONT = "front", _("Front")
        BACK = "back", _("Back")

    examination = models.ForeignKey(Examination, on_delete=models.CASCADE, related_name="marks")
    number = models.PositiveSmallIntegerField(_("number"))
    side = models.CharField(_("side"), max_length=5, choices=Side.choices)
    # Position on the chart in per cent of its width and height (0-100).
    x = models.DecimalField(max_digits=5, decimal_places=2)
    y = models.DecimalField(max_digits=5, decimal_places=2)
    description = EncryptedTextField(_("description"))
    consistency = models.CharField(
        _("consistency with the allegation"), max_length=20, choices=Consistency.choices
    )

    class Meta:
        verbose_name = _("body mark")
        ordering: ClassVar[list[str]] = ["number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["examination", "number"], name="mark_number"),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class PsychologicalFinding(TenantModel):
    """A psychological finding with its consistency with the allegation."""

    examination = models.ForeignKey(
        Examination, on_delete=models.CASCADE, related_name="psychological_items"
    )
    description = EncryptedTextField(_("description"))
    consistency = models.CharField(
        _("consistency with the allegation"), max_length=20, choices=Consistency.choices
    )

    class Meta:
        verbose_name = _("psychological finding")
        ordering: ClassVar[list[str]] = ["pk"]

    def __str__(self) -> str:
        return str(_("psychological finding"))
