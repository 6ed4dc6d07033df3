"""What every part of Vigil leans on: people, institutions, roles and the audit chain."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.roles import Role
from vigil.core.tabular import COMMA, DAY_FIRST, MONTH_FIRST, POINT, Conventions
from vigil.core.tenancy import TenantManager, VocabularyManager


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, by e-mail. What they may do depends on their memberships."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Blank: the institution's default language (or the browser's, before signing in).
    language = models.CharField(
        _("interface language"), max_length=8, blank=True, choices=settings.LANGUAGES
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class Versioned(models.Model):
    """A record people edit: its version goes up with every saved edit, so a form started
    from an older version cannot silently overwrite what was saved since (ADR 0016).

    Claim the next version with `vigil.core.services.records.version_claim`; edit forms
    carry the version they started from (`vigil.core.forms`).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Institution(Versioned):
    """An NHRI, an NPM, or a body that is both; the unit of tenancy."""

    class Kind(models.TextChoices):
        NHRI = "nhri", _("National human rights institution")
        NPM = "npm", _("National preventive mechanism")
        BOTH = "both", _("NHRI designated as NPM")

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)

    class Calendar(models.TextChoices):
        GREGORIAN = "gregorian", _("Gregorian (2026)")
        BUDDHIST = "buddhist", _("Thai Buddhist era (2569)")

    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # The interface language of members who chose none, and the documents' default.
    default_language = models.CharField(
        _("default language"), max_length=8, default="en", choices=settings.LANGUAGES
    )
    # The shipped languages its documents may be written in (the default among them).
    languages = models.JSONField(_("document languages"), default=list, blank=True)
    calendar = models.CharField(
        _("calendar of years"), max_length=12, choices=Calendar.choices, default="gregorian"
    )

    # How the spreadsheets the institution receives write numbers and dates (imports).
    class DecimalMark(models.TextChoices):
        POINT = POINT, _("1,234.5 (decimal point)")
        COMMA = COMMA, _("1.234,5 (decimal comma)")

    class DateOrder(models.TextChoices):
        UNCHOSEN = "", _("Not chosen: refuse dates that read two ways")
        DAY_FIRST = DAY_FIRST, _("Day first (31/12/2026)")
        MONTH_FIRST = MONTH_FIRST, _("Month first (12/31/2026)")

    decimal_mark = models.CharField(
        _("numbers in imported files"), max_length=8, choices=DecimalMark.choices, default=POINT
    )
    date_order = models.CharField(
        _("dates in imported files"), max_length=4, choices=DateOrder.choices, blank=True
    )
    # Counts of people below this are shown as "fewer than N" outside casework
    # (vigil/core/suppression.py, decision 0024).
    small_count_below = models.PositiveSmallIntegerField(
        _("smallest count shown"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def reading_conventions(self) -> Conventions:
        return Conventions(decimal_mark=self.decimal_mark, date_order=self.date_order)


class Membership(models.Model):
    """A user's role in one institution. Roles are per membership, never global."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)
    deactivated_at = models.DateTimeField(_("deactivated"), null=True, blank=True)

    # A membership belongs to its institution: `Membership.objects.for_actor(actor)`.
    objects = TenantManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["user", "institution"], name="one_membership_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.institution} · {self.get_role_display()}"


class TenantModel(models.Model):
    """Base of every record that belongs to an institution.

    Reach these records through selectors and access functions
    (`vigil.core.access`), never through `Model.objects` in a view.
    """

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    # Reading a record of a model that sets this leaves an audit event.
    audit_reads: ClassVar[bool] = False

    objects = TenantManager()

    class Meta:
        abstract = True


class VocabularyModel(models.Model):
    """Base of the terms Vigil ships for everyone (no institution) and institutions extend.

    Read them with `Model.objects.visible_to(actor)` ("shared or ours") or `.shared()`.
    Show them as `label` (or str()): a shipped term in the reader's language, an
    institution's own term as written (vigil.core.terms).
    """

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = VocabularyManager()

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        from vigil.core.terms import term

        text = getattr(self, "name", None) or getattr(self, "title", "")
        return term(str(text), shipped=self.institution_id is None)


class TermOverride(TenantModel):
    """An institution's own wording of a shipped term in one language, set by its
    administrator where the shipped translation does not fit (ADR 0020)."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    source = models.TextField(_("term in English"))
    text = models.TextField(_("the institution's wording"))

    class Meta:
        verbose_name = _("wording of a term")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["institution", "language", "source"], name="one_wording_per_term"
            )
        ]

    def __str__(self) -> str:
        return self.text


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One link of the append-only audit chain. Written only by `vigil.core.audit`.

    `details` must never hold personal data: name the record, not its contents.
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64, blank=True, db_index=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # The VIGIL_AUDIT_KEYS key that keyed this event's hash (vigil.core.chain).
    key_id = models.CharField(max_length=32)
    # How the change came in: the web pages, the REST API, a command (vigil.core.audit).
    channel = models.CharField(
        _("channel"), max_length=16, default="web", db_default="web", db_index=True
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering: ClassVar[list[str]] = ["-sequence"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["institution", "-sequence"], name="audit_by_institution"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditChainHead(models.Model):
    """One row: the last event's sequence and hash. Locking it serialises writers."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head at #{self.sequence}"


class Job(TenantModel):
    """Background work started by a user; see `vigil.core.jobs`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    params = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Which worker process runs it ("host:pid"), and when it last said it is still at it:
    # a running job whose heartbeat stops is one whose worker died (`jobs_recover`).
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # A job started again with one click, after this one failed.
    retry_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retries"
    )

    class Meta:
        verbose_name = _("background job")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_over(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class StoredUpload(TenantModel):
    """A file a user uploaded for an import, kept until the import is done with it."""

    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("uploaded file")

    def __str__(self) -> str:
        return self.filename


class GeneratedDocument(TenantModel):
    """A document Vigil wrote (a visit report, an export), kept encrypted until downloaded.

    Written by `vigil.core.services.documents.document_store`; `content` holds the bytes encrypted
    with the record's identity as associated data (see `encryption_context`).
    """

    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    # Where the encrypted bytes are when not in `content`: a name in the file storage
    # (VIGIL_FILE_STORAGE=s3; vigil.core.filestore).
    stored_at = models.CharField(max_length=200, blank=True)
    # The data key `content` is encrypted with, so that rotation finds stale documents cheaply.
    key_id = models.CharField(max_length=32, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    # Who it was redacted for ("internal", "authorities", …): see vigil.core.redaction.
    audience = models.CharField(_("audience"), max_length=24)
    # What the document is about, as "app.model:pk" (never its content).
    subject = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )

    class Meta:
        verbose_name = _("generated document")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def encryption_context(self) -> str:
        return self.context_for(institution_id=self.institution_id, pk=self.pk)

    @staticmethod
    def context_for(*, institution_id: int, pk: int) -> str:
        """Associated data of the content: bytes copied to another record fail to decrypt."""
        return f"core.GeneratedDocument:{institution_id}:{pk}"


class RetentionPeriod(TenantModel):
    """How long an institution keeps one kind of personal data (a rule of `hooks.RETENTION`).

    No row for a kind means the rule's default; `days` None means kept until set.
    """

    kind = models.CharField(_("kind of data"), max_length=40)
    days = models.PositiveIntegerField(_("days kept"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("retention period")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["institution", "kind"], name="retention_period_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.days}"
