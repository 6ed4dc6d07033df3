"""Reads of annual reports, always through the access layer."""

from __future__ import annotations

from django.db.models import QuerySet

from vigil.core.access import get_for_actor, scoped
from vigil.core.models import Membership
from vigil.reports.models import AnnualReport, Chapter, ChapterRevision, Submission


def annual_report_list(*, actor: Membership) -> QuerySet[AnnualReport]:
    return scoped(AnnualReport.objects.select_related("approved_by"), actor=actor).order_by("-year")


def annual_report_get(*, actor: Membership, pk: object) -> AnnualReport:
    return get_for_actor(AnnualReport.objects.select_related("institution"), actor=actor, pk=pk)


def chapter_get(*, actor: Membership, pk: object) -> Chapter:
    return get_for_actor(Chapter.objects.select_related("report"), actor=actor, pk=pk)


def chapter_list(*, actor: Membership, report: AnnualReport) -> QuerySet[Chapter]:
    return scoped(Chapter.objects.filter(report=report), actor=actor).order_by("order", "pk")


def chapter_history(*, actor: Membership, chapter: Chapter) -> QuerySet[ChapterRevision]:
    return scoped(
        ChapterRevision.objects.filter(chapter=chapter).select_related("saved_by"), actor=actor
    )


def submission_list(*, actor: Membership) -> QuerySet[Submission]:
    return scoped(Submission.objects.all(), actor=actor).order_by("-created_at", "-pk")


def submission_get(*, actor: Membership, pk: object) -> Submission:
    return get_for_actor(Submission.objects.select_related("institution"), actor=actor, pk=pk)


def submission_practice_ids(*, submission: Submission) -> list[int]:
    return list(submission.good_practices.values_list("pk", flat=True))
