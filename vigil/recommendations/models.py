"""Recommendations, the authorities' responses, and implementation followed over time."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.models import TenantModel, User, Versioned
from vigil.places.models import Authority, Place
from vigil.visits.models import Finding, StandardReference, Theme, Visit


class Source(models.TextChoices):
    VISIT_REPORT = "visit_report", _("Visit report")
    CASE = "case", _("Case")
    THEMATIC_REPORT = "thematic_report", _("Thematic report")
    ANNUAL_REPORT = "annual_report", _("Annual report")
    LAW_REVIEW = "law_review", _("Law or policy review")
    UN_MECHANISM = "un_mechanism", _("UN mechanism")


class Mechanism(models.TextChoices):
    SPT = "spt", _("Subcommittee on Prevention of Torture (SPT)")
    CAT = "cat", _("Committee against Torture (CAT)")
    UPR = "upr", _("Universal Periodic Review (UPR)")
    HRC = "hrc", _("Human Rights Committee")
    SPECIAL_PROCEDURES = "special_procedures", _("Special procedures")
    OTHER = "other", _("Other UN mechanism")


class Addressee(models.TextChoices):
    DETAINING_AUTHORITY = "detaining_authority", _("Detaining authority")
    MINISTRY = "ministry", _("Ministry")
    PARLIAMENT = "parliament", _("Parliament (law reform)")
    JUDICIARY = "judiciary", _("Judiciary")
    PROSECUTION = "prosecution", _("Prosecution")
    HEALTH_AUTHORITY = "health_authority", _("Health authority")
    OTHER = "other", _("Other")


class UPRPosition(models.TextChoices):
    """What the State under review said of a UPR recommendation, in the UPR's own words."""

    SUPPORTED = "supported", _("Supported")
    PARTIALLY_SUPPORTED = "partially_supported", _("Partially supported")
    NOTED = "noted", _("Noted")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Response(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    REJECTED = "rejected", _("Rejected")
    NO_RESPONSE = "no_response", _("No response")


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_IMPLEMENTED = "not_implemented", _("Not implemented")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


# The priority a recommendation gets from the severity of the finding it answers.
PRIORITY_FOR_SEVERITY = {
    "urgent": Priority.URGENT,
    "serious": Priority.HIGH,
    "concern": Priority.MEDIUM,
    "observation": Priority.LOW,
}

# A recommendation in one of these statuses is no longer followed up, nor overdue.
SETTLED = frozenset({Status.IMPLEMENTED, Status.NO_LONGER_RELEVANT})


class Recommendation(Versioned, TenantModel):
    reference = models.CharField(_("reference"), max_length=64)
    text = models.TextField(_("recommendation"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    mechanism = models.CharField(
        _("UN mechanism"), max_length=20, choices=Mechanism.choices, blank=True
    )
    source_document = models.CharField(_("document"), max_length=300, blank=True)
    paragraph = models.CharField(_("paragraph"), max_length=40, blank=True)
    upr_position = models.CharField(
        _("UPR position"), max_length=20, choices=UPRPosition.choices, blank=True
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    issued_on = models.DateField(_("date"))
    addressee = models.CharField(_("addressee"), max_length=20, choices=Addressee.choices)
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("authority"),
    )
    law_or_policy = models.CharField(_("law or policy concerned"), max_length=300, blank=True)
    places = models.ManyToManyField(
        Place, blank=True, related_name="recommendations", verbose_name=_("places")
    )
    themes = models.ManyToManyField(Theme, blank=True, verbose_name=_("themes"))
    standards = models.ManyToManyField(StandardReference, blank=True, verbose_name=_("standards"))
    findings = models.ManyToManyField(
        Finding, blank=True, related_name="recommendations", verbose_name=_("findings answered")
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices)
    due_on = models.DateField(_("due"), null=True, blank=True)
    # Kept current by the services from the latest response and status update, so that
    # lists and the dashboard read them without a query per recommendation.
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.NOT_STARTED
    )
    status_on = models.DateField(_("status since"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recommendation")
        ordering: ClassVar[list[str]] = ["-issued_on", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "reference"], name="recommendation_ref"),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "status", "due_on"], name="rec_by_status_due"),
            models.Index(fields=["institution", "addressee"], name="rec_by_addressee"),
            # The list's order (newest first) and its year filter.
            models.Index(fields=["institution", "issued_on", "id"], name="rec_by_issued"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.text[:60]}"

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_on and not self.is_settled and self.due_on < timezone.localdate())


class AuthorityResponse(TenantModel):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="responses"
    )
    response = models.CharField(_("response"), max_length=20, choices=Response.choices)
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("what the authority said"), blank=True)
    document = models.CharField(_("document reference"), max_length=300, blank=True)
    via_matrix = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("authority response")
        ordering: ClassVar[list[str]] = ["received_on", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_response_display()} ({self.received_on})"


class StatusUpdate(TenantModel):
    """One dated entry of the implementation history; the latest is the current status."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="status_updates"
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    on = models.DateField(_("as of"))
    note = models.TextField(_("follow-up note"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    verified_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("verified by"),
    )  # fmt: skip
    verified_at_visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="verifications",
        verbose_name=_("verified at visit"),
    )  # fmt: skip
    via_matrix = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("implementation status")
        ordering: ClassVar[list[str]] = ["on", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.on})"


class Measure(Versioned, TenantModel):
    """For long reforms: a measure with an indicator followed until the target is met."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="measures"
    )
    title = models.CharField(_("measure"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    target = models.CharField(_("target"), max_length=100, blank=True)
    current = models.CharField(_("latest value"), max_length=100, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("measure")
        ordering: ClassVar[list[str]] = ["pk"]

    def __str__(self) -> str:
        return self.title


class ReminderDigest(TenantModel):
    """What one person is told in one day: the day's reminders, grouped by kind and counted.

    People read digests, not single reminders: one e-mail and one line on the home page per
    person, institution and day. The first digest of an institution (`first`) announces what
    is outstanding when reminders start, as counts, not as thousands of items.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="reminder_digests")
    on = models.DateField(_("day"))
    # {kind: number of new reminders}
    counts = models.JSONField(default=dict)
    first = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder digest")
        ordering: ClassVar[list[str]] = ["-on", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["user", "institution", "on"], name="one_digest_per_day"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "institution", "read_at"], name="digest_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.on}"

    @property
    def total(self) -> int:
        return sum(int(n) for n in self.counts.values())


class Reminder(TenantModel):
    """A reminder sent once: `key` names the event, so it is never sent twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        RESPONSE_AWAITED = "response_awaited", _("Response awaited")

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="reminders")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=120)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        ReminderDigest, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )

    class Meta:
        verbose_name = _("reminder")
        ordering: ClassVar[list[str]] = ["-created_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["user", "key"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return self.message


class DashboardFigures(TenantModel):
    """The follow-up dashboard's counts over all of an institution's recommendations, stored
    by a background task after each change and each new day (decision 0018)."""

    data = models.JSONField(default=dict)
    built_on = models.DateField()
    built_at = models.DateTimeField(default=timezone.now)
    # Set by a change since the figures were built: the page counts them itself meanwhile.
    stale = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("dashboard figures")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution"], name="one_dashboard_figures"),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.built_on}"
