"""Reprisals against people the institution spoke with, and check-backs on them."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.fields import EncryptedTextField
from vigil.core.models import TenantModel, User, Versioned
from vigil.people.models.cases import Case
from vigil.people.models.interviews import Interview, Person


class ReprisalType(models.TextChoices):
    THREAT = "threat", _("Threats or intimidation")
    VIOLENCE = "violence", _("Physical violence")
    TRANSFER = "transfer", _("Punitive transfer")
    SOLITARY = "solitary", _("Solitary confinement or segregation")
    SANCTION = "sanction", _("Disciplinary sanction")
    PRIVILEGES = "privileges", _("Loss of privileges or visits")
    OTHER = "other", _("Other")


class Reprisal(Versioned, TenantModel):
    """An alleged reprisal against someone who spoke to the mechanism (OPCAT art. 21)."""

    audit_reads: ClassVar[bool] = True

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reprisals")
    interview = models.ForeignKey(
        Interview, on_delete=models.PROTECT, null=True, blank=True, related_name="reprisals"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="reprisals"
    )
    occurred_on = models.DateField(_("date"))
    type = models.CharField(_("type"), max_length=12, choices=ReprisalType.choices)
    unit_responsible = models.CharField(_("unit responsible"), max_length=200, blank=True)
    description = EncryptedTextField(_("what happened"), blank=True)
    action_taken = EncryptedTextField(_("action taken"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reprisal")
        ordering: ClassVar[list[str]] = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.occurred_on:%Y-%m-%d}"


class CheckBack(TenantModel):
    """A scheduled visit or call to someone at risk of reprisal, and what it found."""

    class Method(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")

    class Result(models.TextChoices):
        PENDING = "", _("Not done yet")
        SAFE = "safe", _("No sign of reprisal")
        CONCERN = "concern", _("Concern, follow closely")
        REPRISAL = "reprisal", _("Reprisal reported")
        UNREACHABLE = "unreachable", _("Could not reach the person")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="check_backs")
    interview = models.ForeignKey(
        Interview, on_delete=models.PROTECT, null=True, blank=True, related_name="check_backs"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="check_backs"
    )
    due_on = models.DateField(_("due on"))
    method = models.CharField(_("how"), max_length=6, choices=Method.choices)
    assigned_to = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned to")
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("check-back")
        ordering: ClassVar[list[str]] = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} · {self.due_on:%Y-%m-%d}"
