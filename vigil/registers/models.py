"""Custody-register extracts: the saved column mappings, the limits the law sets, each
extract's encrypted working copy, and the counts its checks found per place and month."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.models import TenantModel

User = settings.AUTH_USER_MODEL


class RegisterLimits(TenantModel):
    """The legal limits the checks apply; they differ by country (one row per institution)."""

    registration_hours = models.PositiveSmallIntegerField(
        _("hours from arrest to registration"), default=2
    )
    judge_hours = models.PositiveSmallIntegerField(
        _("hours in custody before a judge must be seen"), default=48
    )
    notice_hours = models.PositiveSmallIntegerField(
        _("hours to inform a lawyer and the family"), default=6
    )
    adult_age = models.PositiveSmallIntegerField(_("age of majority"), default=18)
    night_starts = models.PositiveSmallIntegerField(_("night starts at (hour)"), default=22)
    night_ends = models.PositiveSmallIntegerField(_("night ends at (hour)"), default=6)
    repeat_days = models.PositiveSmallIntegerField(
        _("days within which a new detention of the same person is flagged"), default=30
    )

    class Meta:
        verbose_name = _("register limits")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["institution"], name="register_limits_one")
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class RegisterMapping(TenantModel):
    """How an authority's extracts name their columns, saved and offered again next time."""

    authority = models.ForeignKey(
        "places.Authority", on_delete=models.CASCADE, related_name="+", verbose_name=_("authority")
    )
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("register column mapping")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["institution", "authority"], name="register_mapping")
        ]

    def __str__(self) -> str:
        return str(self.authority)


class CustodyRegister(TenantModel):
    """One extract of a custody register: for one place, or for an authority's places."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for its columns")
        CONVERTING = "converting", _("Being read and checked")
        CHECKED = "checked", _("Checked")
        REFUSED = "refused", _("Refused")

    authority = models.ForeignKey(
        "places.Authority", on_delete=models.PROTECT, related_name="+", verbose_name=_("authority")
    )
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="custody_registers",
        verbose_name=_("place"),
    )
    visit = models.ForeignKey(
        "visits.Visit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="custody_registers",
        verbose_name=_("visit"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPLOADED)
    # The upload as sent, encrypted; emptied once it is converted (or refused).
    original = models.BinaryField(default=b"")
    # The working copy: Parquet with pseudonyms, encrypted (vigil.core.filestore).
    content = models.BinaryField(default=b"")
    stored_at = models.CharField(max_length=200, blank=True)
    key_id = models.CharField(max_length=32, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    # The limits the checks applied, as they were then.
    limits = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("custody register extract")
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("Register extract %(number)s") % {"number": self.pk}

    @property
    def encryption_context(self) -> str:
        return f"registers.CustodyRegister:{self.pk}:content"

    @property
    def original_context(self) -> str:
        return f"registers.CustodyRegister:{self.pk}:original"


class RegisterMonth(TenantModel):
    """What the checks found in one place in one month of an extract: the entries, and for
    each check the entries it flagged. One row per place and month, whatever the extract's
    size, so that saving the results of millions of entries stays cheap."""

    register = models.ForeignKey(CustodyRegister, on_delete=models.CASCADE, related_name="months")
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    entries = models.PositiveIntegerField()
    late_registration = models.PositiveIntegerField(default=0)
    no_judge = models.PositiveIntegerField(default=0)
    lawyer_late = models.PositiveIntegerField(default=0)
    family_late = models.PositiveIntegerField(default=0)
    no_doctor = models.PositiveIntegerField(default=0)
    minor = models.PositiveIntegerField(default=0)
    night_move = models.PositiveIntegerField(default=0)
    repeat = models.PositiveIntegerField(default=0)
    injuries = models.PositiveIntegerField(default=0)
    numbering = models.PositiveIntegerField(default=0)
    blank = models.PositiveIntegerField(default=0)
    # The hours minors were held in all.
    minor_hours = models.DecimalField(max_digits=14, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("register month")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["register", "place", "month"], name="register_month")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "place", "month"], name="register_month_place")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
