"""Every write to an annual report: one transaction each, with its audit event."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import require_capability
from vigil.core.audit import audit_by
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.programmes.models import GoodPractice
from vigil.reports import figures
from vigil.reports.models import (
    DEFAULT_WORD_LIMITS,
    AnnualReport,
    Chapter,
    ChapterRevision,
    Submission,
    UNBody,
)
from vigil.reports.richtext import sanitise

MIN_YEAR, MAX_YEAR = 1990, 2100


def _default_chapters() -> list[tuple[str, str]]:
    """Narrative around the generated figures; the institution rearranges them as it likes."""
    chapters = [(Chapter.NARRATIVE, _("Foreword"))]
    chapters.extend((key, str(title)) for key, (title, _build) in figures.GENERATED.items())
    chapters.append((Chapter.NARRATIVE, _("Conclusions and priorities for the coming year")))
    return chapters


def annual_report_create(*, actor: Membership, year: int, title: str = "") -> AnnualReport:
    require_capability(actor, Capability.WRITE_REPORTS)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("Enter a year between %(a)s and %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}}
        )
    title = title.strip() or _("Annual report %(year)s") % {"year": year}
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                institution=actor.institution, year=year, title=title[:200], created_by=actor.user
            )
    except IntegrityError:
        raise ValidationError(
            {"year": _("There is already an annual report for this year.")}
        ) from None
    with transaction.atomic():
        Chapter.objects.bulk_create(
            Chapter(
                institution=actor.institution,
                report=report,
                order=10 * (i + 1),
                kind=kind,
                title=name,
            )
            for i, (kind, name) in enumerate(_default_chapters())
        )
        audit_by(actor, "annual_report.created", report, year=year)
    return report


def _require_draft(report: AnnualReport) -> None:
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed; this report is %(status)s.")
            % {"status": report.get_status_display()}
        )


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def chapter_save(*, actor: Membership, chapter: Chapter, title: str, body: str) -> Chapter:
    """Save a chapter's draft: its title, and for a narrative chapter its text (sanitised)
    as a new revision of its history."""
    require_capability(actor, Capability.WRITE_REPORTS)
    _require_draft(_locked(chapter.report))
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("A chapter needs a title.")})
    chapter.title = title[:200]
    fields = ["title", "updated_at"]
    if chapter.is_narrative:
        clean = sanitise(body)
        if clean != chapter.body:
            chapter.body = clean
            fields.append("body")
            ChapterRevision.objects.create(
                institution_id=chapter.institution_id,
                chapter=chapter,
                body=clean,
                saved_by=actor.user,
            )
    chapter.updated_at = timezone.now()
    chapter.save(update_fields=fields)
    audit_by(
        actor,
        "annual_report.chapter_saved",
        chapter,
        report=chapter.report_id,
        text_changed="body" in fields,
    )
    return chapter


@transaction.atomic
def chapter_add(*, actor: Membership, report: AnnualReport, title: str) -> Chapter:
    require_capability(actor, Capability.WRITE_REPORTS)
    _require_draft(_locked(report))
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("A chapter needs a title.")})
    last = (
        Chapter.objects.filter(report=report)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
        or 0
    )
    chapter = Chapter.objects.create(
        institution=report.institution, report=report, order=last + 10, title=title[:200]
    )
    audit_by(actor, "annual_report.chapter_added", chapter, report=report.pk)
    return chapter


@transaction.atomic
def chapter_arrange(*, actor: Membership, chapter: Chapter, move: str) -> Chapter:
    """Move a chapter up or down, or leave it out of the report and put it back."""
    require_capability(actor, Capability.WRITE_REPORTS)
    report = _locked(chapter.report)
    _require_draft(report)
    if move == "toggle":
        chapter.included = not chapter.included
        chapter.save(update_fields=["included"])
    elif move in {"up", "down"}:
        chapters = list(Chapter.objects.filter(report=report).order_by("order", "pk"))
        at = next(i for i, c in enumerate(chapters) if c.pk == chapter.pk)
        other = at - 1 if move == "up" else at + 1
        if 0 <= other < len(chapters):
            chapters[at], chapters[other] = chapters[other], chapters[at]
            for i, c in enumerate(chapters):
                c.order = 10 * (i + 1)
            Chapter.objects.bulk_update(chapters, ["order"])
    else:
        raise ValidationError(_("Unknown change."))
    audit_by(actor, "annual_report.chapter_arranged", chapter, report=report.pk, move=move)
    return chapter


@transaction.atomic
def annual_report_submit(*, actor: Membership, report: AnnualReport) -> AnnualReport:
    """Send a draft to a commissioner for review; it cannot be edited meanwhile."""
    require_capability(actor, Capability.WRITE_REPORTS)
    report = _locked(report)
    _require_draft(report)
    report.status = AnnualReport.Status.REVIEW
    report.save(update_fields=["status"])
    audit_by(actor, "annual_report.submitted", report)
    return report


@transaction.atomic
def annual_report_return(*, actor: Membership, report: AnnualReport) -> AnnualReport:
    """A reviewing commissioner sends the report back to its writers."""
    require_capability(actor, Capability.APPROVE_REPORTS)
    report = _locked(report)
    if report.status != AnnualReport.Status.REVIEW:
        raise ValidationError(_("Only a report in review can be sent back."))
    report.status = AnnualReport.Status.DRAFT
    report.save(update_fields=["status"])
    audit_by(actor, "annual_report.returned", report)
    return report


@transaction.atomic
def annual_report_approve(*, actor: Membership, report: AnnualReport) -> AnnualReport:
    """Approve a report in review; its figures are frozen as they stand now."""
    require_capability(actor, Capability.APPROVE_REPORTS)
    report = _locked(report)
    if report.status != AnnualReport.Status.REVIEW:
        raise ValidationError(_("Only a report in review can be approved."))
    report.frozen = figures.compute(report.institution_id, report.year)
    report.status = AnnualReport.Status.APPROVED
    report.approved_at, report.approved_by = timezone.now(), actor.user
    report.save(update_fields=["frozen", "status", "approved_at", "approved_by"])
    audit_by(actor, "annual_report.approved", report, year=report.year)
    return report


# --- submissions to UN bodies --------------------------------------------------------------


def _check_submission(*, word_limit: int, introduction: str) -> str:
    from vigil.reports.richtext import word_count

    if word_limit < 100:
        raise ValidationError({"word_limit": _("A word limit must be at least 100 words.")})
    clean = sanitise(introduction)
    if word_count(clean) > word_limit:
        raise ValidationError(
            {"introduction": _("The introduction alone is longer than the word limit.")}
        )
    return clean


def submission_create(
    *, actor: Membership, body: str, title: str, since: date, word_limit: int | None = None
) -> Submission:
    require_capability(actor, Capability.WRITE_REPORTS)
    if body not in UNBody.values:
        raise ValidationError({"body": _("Choose a UN body.")})
    limit = word_limit or DEFAULT_WORD_LIMITS[UNBody(body)]
    _check_submission(word_limit=limit, introduction="")
    title = " ".join(title.split()) or str(UNBody(body).label)
    with transaction.atomic():
        submission = Submission.objects.create(
            institution=actor.institution,
            body=body,
            title=title[:200],
            since=since,
            word_limit=limit,
            created_by=actor.user,
        )
        audit_by(actor, "submission.created", submission, body=body)
    return submission


@transaction.atomic
def submission_update(
    *,
    actor: Membership,
    submission: Submission,
    title: str,
    since: date,
    word_limit: int,
    introduction: str,
    good_practice_ids: list[int],
) -> Submission:
    require_capability(actor, Capability.WRITE_REPORTS)
    clean = _check_submission(word_limit=word_limit, introduction=introduction)
    practices = list(
        GoodPractice.objects.for_institution(submission.institution_id).filter(
            pk__in=good_practice_ids
        )
    )
    if len(practices) != len(set(good_practice_ids)):
        raise ValidationError({"good_practices": _("Choose good practices of this institution.")})
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("A submission needs a title.")})
    submission.title, submission.since, submission.word_limit = title[:200], since, word_limit
    submission.introduction, submission.updated_at = clean, timezone.now()
    submission.save(update_fields=["title", "since", "word_limit", "introduction", "updated_at"])
    submission.good_practices.set(practices)
    audit_by(actor, "submission.updated", submission, good_practices=len(practices))
    return submission
