"""The NPM annual report (OPCAT art. 23): chapters the institution arranges, narrative written
in Vigil, generated figures frozen when a commissioner approves it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vigil.core.models import TenantModel

User = settings.AUTH_USER_MODEL


class AnnualReport(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        APPROVED = "approved", _("Approved")

    year = models.PositiveIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The generated chapters' figures as they stood at approval (counts, labels and the
    # records of quoted interviews, never their text), so the report reads the same later.
    frozen = models.JSONField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("annual report")
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="annual_report_one_a_year")
        ]
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class Chapter(TenantModel):
    """A numbered chapter: narrative (written here) or generated from the records."""

    NARRATIVE = "narrative"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="chapters")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, default=NARRATIVE)
    title = models.CharField(_("title"), max_length=200)
    # Sanitised HTML (vigil.reports.richtext): the current draft of a narrative chapter.
    body = models.TextField(_("text"), blank=True)
    included = models.BooleanField(_("included"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("chapter")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_narrative(self) -> bool:
        return self.kind == self.NARRATIVE


class ChapterRevision(TenantModel):
    """Each saved draft of a narrative chapter, kept as its history."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    saved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at", "-pk"]


class UNBody(models.TextChoices):
    SPT = "spt", _("Subcommittee on Prevention of Torture (SPT): annual exchange of information")
    CAT = "cat", _("Committee against Torture (CAT): information ahead of the State's review")
    UPR = "upr", _("Universal Periodic Review (UPR): stakeholder submission")


# Defaults only: each body's guidelines set the limit for a cycle, so it is kept per submission.
DEFAULT_WORD_LIMITS = {UNBody.SPT: 10_000, UNBody.CAT: 10_000, UNBody.UPR: 2_815}


class Submission(TenantModel):
    """Information sent to a UN body, built from the recommendations, findings and good
    practices on record; numbered paragraphs within the body's word limit."""

    body = models.CharField(_("to"), max_length=4, choices=UNBody.choices)
    title = models.CharField(_("title"), max_length=200)
    since = models.DateField(_("covering records since"))
    word_limit = models.PositiveIntegerField(_("word limit"))
    # Sanitised HTML (vigil.reports.richtext), written by the institution.
    introduction = models.TextField(_("introduction"), blank=True)
    good_practices = models.ManyToManyField(
        "programmes.GoodPractice", blank=True, related_name="+", verbose_name=_("good practices")
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("submission to a UN body")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
