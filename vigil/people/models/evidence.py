"""The evidence vault: files held encrypted, each with its chain of custody."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.fields import EncryptedTextField
from vigil.core.models import TenantModel, User
from vigil.people.models.cases import Case
from vigil.people.models.interviews import Interview
from vigil.people.models.medical import Examination


class Evidence(TenantModel):
    """A file held as evidence: encrypted, hashed at intake, typed by content.

    Exactly one of interview, case or examination holds it; its access is theirs.
    """

    audit_reads: ClassVar[bool] = True

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photograph")
        DOCUMENT = "document", _("Document")
        AUDIO = "audio", _("Audio recording")
        VIDEO = "video", _("Video recording")

    interview = models.ForeignKey(
        Interview, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    examination = models.ForeignKey(
        Examination, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    # Server-chosen, e.g. "E-0007.jpg"; the uploaded name is kept only encrypted.
    stored_name = models.CharField(max_length=40)
    original_name = EncryptedTextField(_("original file name"), blank=True)
    description = EncryptedTextField(_("description"), blank=True)
    # SHA-256 of the bytes as received, before metadata was stripped (chain of custody).
    sha256_original = models.CharField(_("SHA-256 at intake"), max_length=64)
    sha256_stored = models.CharField(_("SHA-256 as kept"), max_length=64)
    metadata_stripped = models.BooleanField(default=False)
    size = models.PositiveIntegerField(_("size in bytes"))
    content = models.BinaryField()
    # Where the encrypted bytes are when not in `content` (vigil.core.filestore).
    stored_at = models.CharField(max_length=200, blank=True)
    key_id = models.CharField(max_length=32, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering: ClassVar[list[str]] = ["-uploaded_at", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=(
                    models.Q(interview__isnull=False, case__isnull=True, examination__isnull=True)
                    | models.Q(interview__isnull=True, case__isnull=False, examination__isnull=True)
                    | models.Q(interview__isnull=True, case__isnull=True, examination__isnull=False)
                ),
                name="evidence_has_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return self.stored_name

    @property
    def encryption_context(self) -> str:
        return self.context_for(institution_id=self.institution_id, pk=self.pk)

    @staticmethod
    def context_for(*, institution_id: int, pk: int) -> str:
        return f"people.Evidence:{institution_id}:{pk}"
