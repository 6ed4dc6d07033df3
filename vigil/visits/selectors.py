"""Reads of the visit cycle, scoped by the acting membership."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _

from vigil.core.access import actor_can, get_for_actor, scoped
from vigil.core.attention import AttentionItem
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.places.models import Place
from vigil.places.selectors.timeline import TimelineEntry
from vigil.visits.models import (
    ChecklistTemplate,
    ChecklistVersion,
    Finding,
    PlannedVisit,
    Severity,
    StandardReference,
    TeamMember,
    Theme,
    Visit,
    VisitPlan,
)


@dataclass
class VisitFilters:
    q: str = ""
    status: str = ""
    visit_type: str = ""
    year: int | None = None
    mine: bool = False
    place: int | None = None


def themes_for(actor: Membership) -> QuerySet[Theme]:
    return Theme.objects.filter(
        Q(institution__isnull=True) | Q(institution_id=actor.institution_id)
    )


def standards() -> QuerySet[StandardReference]:
    return StandardReference.objects.all()


def visit_list(*, actor: Membership, filters: VisitFilters | None = None) -> QuerySet[Visit]:
    filters = filters or VisitFilters()
    visits = scoped(Visit.objects.all(), actor=actor)
    if filters.q:
        visits = visits.filter(place__name__icontains=filters.q)
    if filters.status:
        visits = visits.filter(status=filters.status)
    if filters.visit_type:
        visits = visits.filter(visit_type=filters.visit_type)
    if filters.year:
        visits = visits.filter(
            Q(starts_on__year=filters.year)
            | Q(starts_on__isnull=True, planned_for__year=filters.year)
        )
    if filters.place:
        visits = visits.filter(place_id=filters.place)
    if filters.mine:
        visits = visits.filter(team__user_id=actor.user_id)
    urgent_open = Finding.objects.filter(
        visit=OuterRef("pk"), severity=Severity.URGENT, acted_on_at__isnull=True
    )
    return (
        visits.select_related("place", "place__kind")
        .annotate(
            finding_count=Count("findings", distinct=True),
            has_urgent=Exists(urgent_open),
        )
        .prefetch_related(
            Prefetch(
                "team",
                queryset=TeamMember.objects.filter(role="leader").select_related("user"),
                to_attr="leaders",
            )
        )
        # By the date the list shows; NULLs placed explicitly, as SQLite and PostgreSQL differ.
        .order_by(Coalesce("starts_on", "planned_for").desc(nulls_last=True), "-pk")
    )


def visit_detail_data(*, actor: Membership, visit: Visit) -> dict[str, Any]:
    return {
        "team": list(visit.team.select_related("user")),
        "themes": list(visit.themes.all()),
        "status_changes": list(visit.status_changes.select_related("changed_by")),
        "observations": list(visit.observations.select_related("theme")),
        "register_checks": list(visit.register_checks.all()),
        "findings": list(
            visit.findings.select_related("theme", "acted_on_by").prefetch_related("standards")
        ),
        "checklists": list(
            visit.checklists.select_related("version__template", "started_by").order_by("pk")
        ),
    }


def plan_list(*, actor: Membership) -> QuerySet[VisitPlan]:
    done = Q(items__visit__status__in=[
        Visit.Status.ON_SITE, Visit.Status.REPORTING, Visit.Status.REPORT_SENT, Visit.Status.CLOSED
    ])  # fmt: skip
    return scoped(VisitPlan.objects.all(), actor=actor).annotate(
        planned=Count("items", distinct=True),
        done=Count("items", filter=done, distinct=True),
    )


def plan_get(*, actor: Membership, pk: Any) -> VisitPlan:
    return get_for_actor(VisitPlan.objects.all(), actor=actor, pk=pk)


def planned_visit_get(*, actor: Membership, pk: Any) -> PlannedVisit:
    return get_for_actor(PlannedVisit.objects.select_related("place"), actor=actor, pk=pk)


def visit_years(*, actor: Membership) -> list[int]:
    """The years in which the institution's visits began, newest first (for filters)."""
    years = (
        scoped(Visit.objects.all(), actor=actor)
        .exclude(starts_on__isnull=True)
        .annotate(y=ExtractYear("starts_on"))
        .values_list("y", flat=True)
        .distinct()
    )
    return sorted({y for y in years if y}, reverse=True)


def plan_items(*, plan: VisitPlan) -> QuerySet[PlannedVisit]:
    return plan.items.select_related("place", "place__kind", "visit").order_by(
        "month", "place__name"
    )


def reactive_visits(*, plan: VisitPlan) -> QuerySet[Visit]:
    """Visits in the plan's period that were not planned in it."""
    return (
        Visit.objects.filter(
            institution_id=plan.institution_id,
            planned_item__isnull=True,
            starts_on__gte=plan.starts_on,
            starts_on__lte=plan.ends_on,
        )
        .exclude(status=Visit.Status.CANCELLED)
        .select_related("place")
        .order_by("starts_on")
    )


def places_for(actor: Membership) -> QuerySet[Place]:
    return scoped(Place.objects.all(), actor=actor).exclude(status=Place.Status.CLOSED)


def checklist_templates(*, actor: Membership) -> QuerySet[ChecklistTemplate]:
    return ChecklistTemplate.objects.filter(
        Q(institution__isnull=True) | Q(institution_id=actor.institution_id)
    ).prefetch_related("versions")


def checklist_template_get(*, actor: Membership, pk: Any) -> ChecklistTemplate:
    from django.http import Http404

    template = checklist_templates(actor=actor).filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


def current_versions(*, actor: Membership, place: Place | None = None) -> list[ChecklistVersion]:
    """The latest version of each checklist; the one suited to the place's kind first."""
    from vigil.visits.builtin import STARTER_FORM_FOR_KIND

    versions = []
    for template in checklist_templates(actor=actor):
        latest = max(template.versions.all(), key=lambda v: (v.imported_at, v.pk), default=None)
        if latest is not None:
            versions.append(latest)
    suited = STARTER_FORM_FOR_KIND.get(place.kind.code) if place is not None else None
    versions.sort(key=lambda v: (v.template.form_id != suited, v.template.title))
    return versions


def version_get(*, actor: Membership, pk: Any) -> ChecklistVersion:
    from django.http import Http404

    version = (
        ChecklistVersion.objects.filter(
            Q(template__institution__isnull=True) | Q(template__institution_id=actor.institution_id)
        )
        .select_related("template")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    return version


# --- what other parts of Vigil show -------------------------------------------------


def visits_on_timeline(place: Place, actor: Membership) -> Iterable[TimelineEntry]:
    visits = Visit.objects.filter(place=place, institution_id=actor.institution_id).exclude(
        status=Visit.Status.CANCELLED
    )
    for visit in visits.annotate(findings_n=Count("findings")):
        day: date | None = visit.starts_on or visit.planned_for
        if day is None:
            continue
        yield TimelineEntry(
            on=day,
            kind="visit",
            title=_("%(type)s visit (%(status)s)")
            % {"type": visit.get_visit_type_display(), "status": visit.get_status_display()},
            summary=_("%(n)s findings") % {"n": visit.findings_n} if visit.findings_n else "",
            url=reverse("visits:visit_detail", args=[visit.pk]),
        )


def urgent_findings_attention(actor: Membership) -> Iterable[AttentionItem]:
    """Urgent findings not yet acted on: for the visit's team, commissioners and admins."""
    findings = Finding.objects.filter(
        institution_id=actor.institution_id,
        severity=Severity.URGENT,
        acted_on_at__isnull=True,
    )
    if not actor_can(actor, Capability.EDIT_ANY_VISIT):
        findings = findings.filter(visit__team__user_id=actor.user_id)
    for finding in findings.select_related("visit__place").order_by("created_at")[:20]:
        yield AttentionItem(
            kind="urgent-finding",
            title=_("Urgent finding: %(title)s") % {"title": finding.title},
            detail=str(finding.visit.place),
            url=reverse("visits:visit_detail", args=[finding.visit_id]) + f"#finding-{finding.pk}",
            since=finding.created_at,
        )
