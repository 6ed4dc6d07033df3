"""Interviewees, interviews and the consent they gave."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.fields import EncryptedTextField
from vigil.core.models import TenantModel, User, Versioned
from vigil.visits.models import Visit


class Vulnerability(models.TextChoices):
    """Groups at particular risk (DOMAIN.md, "the population is vulnerable")."""

    WOMAN = "woman", _("Woman or girl")
    CHILD = "child", _("Child (under 18)")
    DISABILITY = "disability", _("Person with a disability")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial disability")
    LGBTI = "lgbti", _("LGBTI person")
    MIGRANT = "migrant", _("Migrant or asylum seeker")
    OLDER = "older", _("Older person")
    MINORITY = "minority", _("Minority or indigenous person")
    PRE_TRIAL = "pre_trial", _("In pre-trial detention")
    DEATH_ROW = "death_row", _("Sentenced to death")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "", _("Not recorded")


class Person(Versioned, TenantModel):
    """Someone Vigil holds personal data about: an interviewee, an alleged victim.

    Only `pseudonym` and the coarse categories used for statistics are stored in clear.
    """

    audit_reads: ClassVar[bool] = True

    pseudonym = models.CharField(_("pseudonym"), max_length=16, editable=False)
    full_name = EncryptedTextField(_("full name"), blank=True)
    identity_number = EncryptedTextField(_("identity number"), blank=True)
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    nationality = EncryptedTextField(_("nationality"), blank=True)
    language = EncryptedTextField(_("language"), blank=True)
    # Keyed HMACs of the normalised name and number, for exact search (never a scan).
    name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    identity_number_index = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # When retention removed the identity; the pseudonym and statistics stay.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        ordering: ClassVar[list[str]] = ["pseudonym"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "pseudonym"], name="person_pseudonym"),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Interview(Versioned, TenantModel):
    audit_reads: ClassVar[bool] = True

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="interviews")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # The interviewee of an individual interview; a group interview has none.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="interviews"
    )
    group_size = models.PositiveSmallIntegerField(_("people in the group"), null=True, blank=True)
    held_on = models.DateField(_("date"))
    interviewers = models.ManyToManyField(User, related_name="+", verbose_name=_("interviewers"))
    interpreter = EncryptedTextField(_("interpreter"), blank=True)
    setting = models.CharField(_("where it was held"), max_length=200, blank=True)
    vulnerabilities = models.JSONField(_("vulnerabilities"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    # What may be quoted, anonymously, in reports when consent allows it.
    summary_for_report = EncryptedTextField(_("summary for reports"), blank=True)
    fears_reprisal = models.BooleanField(_("fears reprisal"), default=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # When retention removed the notes; the date, kind and visit stay.
    notes_removed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("interview")
        ordering: ClassVar[list[str]] = ["-held_on", "-pk"]
        # The interview list's order, newest first, and its date filters (issue 14).
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "held_on", "id"], name="interview_by_held"),
        ]

    def __str__(self) -> str:
        who = self.person.pseudonym if self.person_id and self.person else _("group")
        return f"{_('Interview')} {who} · {self.held_on:%Y-%m-%d}"


class ConsentScope(models.TextChoices):
    INTERNAL = "internal", _("Internal use by the institution")
    ANONYMOUS_REPORTS = "anonymous_reports", _("Anonymous use in reports")
    SPT = "spt", _("Sharing with the SPT")
    PUBLICATION = "publication", _("Publication")


class ConsentRecord(TenantModel):
    """What a person agreed to, as recorded at a moment; the latest record is in force.

    A withdrawal is a record with no scopes. Records are never edited, so the history of
    what was allowed when stays readable.
    """

    class GivenBy(models.TextChoices):
        PERSON = "person", _("The person themself")
        GUARDIAN = "guardian", _("Parent or guardian")
        REPRESENTATIVE = "representative", _("Legal representative")
        GROUP = "group", _("The group, collectively")

    # Given at an interview, or for a case that came another way (a complaint, a referral).
    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    case = models.ForeignKey(
        "Case", on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    given_by = models.CharField(_("given by"), max_length=16, choices=GivenBy.choices)
    given_at = models.DateTimeField(_("when"))
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    withdrawn = models.BooleanField(_("withdrawal"), default=False)
    reason = EncryptedTextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        ordering: ClassVar[list[str]] = ["-recorded_at", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=models.Q(interview__isnull=False)
                | models.Q(case__isnull=False, person__isnull=False),
                name="consent_given_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return str(_("withdrawal")) if self.withdrawn else ", ".join(self.scopes)

    def allows(self, scope: str) -> bool:
        return not self.withdrawn and scope in self.scopes
