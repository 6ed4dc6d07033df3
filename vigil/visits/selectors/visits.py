"""Reads of visits, their teams and what was recorded on them, and what other parts of
Vigil show of them (the place's timeline, the home page's attention list)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.access import actor_can, get_for_actor
from vigil.core.attention import AttentionItem
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.selectors import narrowed
from vigil.places.models import Place
from vigil.places.selectors.timeline import TimelineEntry
from vigil.visits.models import (
    Finding,
    Observation,
    RegisterCheck,
    Severity,
    StandardReference,
    TeamMember,
    Visit,
)


@dataclass
class VisitFilters:
    q: str = ""
    status: str = ""
    visit_type: str = ""
    year: int | None = None
    mine: bool = False
    place: int | None = None


def places_for(actor: Membership) -> QuerySet[Place]:
    """The places a visit may be made to: the institution's, unless closed."""
    return Place.objects.for_actor(actor).exclude(status=Place.Status.CLOSED)


def standard_list(actor: Membership) -> QuerySet[StandardReference]:
    """The standards a finding may cite: shipped for everyone, the same for every actor."""
    return StandardReference.objects.all()


def visits_listed(*, actor: Membership, filters: VisitFilters | None = None) -> QuerySet[Visit]:
    """The visits the list shows, filtered and in its order, without the per-row figures:
    what the list counts and cuts into pages (`visit_list_rows` adds the figures)."""
    filters = filters or VisitFilters()
    visits = narrowed(
        Visit.objects.for_actor(actor),
        {
            "place__name__icontains": filters.q,
            "status": filters.status,
            "visit_type": filters.visit_type,
            "place_id": filters.place,
        },
    )
    if filters.year:
        visits = visits.filter(
            Q(starts_on__year=filters.year)
            | Q(starts_on__isnull=True, planned_for__year=filters.year)
        )
    if filters.mine:
        visits = visits.filter(Exists(TeamMember.objects.filter(
            visit_id=OuterRef("pk"), user_id=actor.user_id)))  # fmt: skip
    # By the date the list shows; NULLs placed explicitly, as SQLite and PostgreSQL differ.
    # The index `visit_by_listed_date` follows this order.
    return visits.order_by(Coalesce("starts_on", "planned_for").desc(nulls_last=True), "-pk")


def visit_list_rows(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """`visits` with what each row of the list shows: its place, findings, urgent flag and
    leaders. Meant for one page of `visits_listed` (see core.pagination.paginate)."""
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
    )


def visit_list(*, actor: Membership, filters: VisitFilters | None = None) -> QuerySet[Visit]:
    """The listed visits with their per-row figures (the export reads them all)."""
    return visit_list_rows(visits_listed(actor=actor, filters=filters))


def export_headers() -> list[str]:
    """The export's column names, in the reader's language; codes stand beside the labels."""
    return [_("ID"), _("Place reference"), _("Place"), _("Type"), _("Type (code)"),
            _("Announced"), _("Status"), _("Status (code)"), _("Planned for"), _("First day"),
            _("Last day"), _("Findings"), _("Urgent findings open")]  # fmt: skip


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def visit_export_rows(*, actor: Membership, filters: VisitFilters) -> Iterator[list[Any]]:
    """The listed visits as rows of the CSV (`export_headers`), read in chunks."""
    for v in visit_list(actor=actor, filters=filters).iterator(chunk_size=1000):
        yield [v.pk, v.place.external_ref, v.place.name, v.get_visit_type_display(),
               v.visit_type, _yes_no(v.announced), v.get_status_display(), v.status,
               v.planned_for, v.starts_on, v.ends_on, v.finding_count,  # type: ignore[attr-defined]
               _yes_no(v.has_urgent)]  # type: ignore[attr-defined]  # fmt: skip


def visit_years(*, actor: Membership) -> list[int]:
    """The years from the institution's first visit to next year (visits are planned ahead),
    newest first (for filters): two ends read from the index `visit_by_start`, not every
    visit's year."""
    ends = (
        Visit.objects.for_actor(actor)
        .order_by()
        .aggregate(first=Min("starts_on"), last=Max("starts_on"))
    )
    this_year = timezone.localdate().year
    first = min(ends["first"].year, this_year) if ends["first"] else this_year
    last = max(ends["last"].year, this_year + 1) if ends["last"] else this_year + 1
    return list(range(last, first - 1, -1))


def visit_edit_initial(visit: Visit) -> dict[str, Any]:
    """The visit's editable fields, as the edit form starts."""
    initial: dict[str, Any] = {
        field: getattr(visit, field)
        for field in ("visit_type", "announced", "planned_for", "starts_on", "ends_on",
                      "objectives", "summary", "methodology")
    }  # fmt: skip
    initial["themes"] = list(visit.themes.all())
    return initial


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


def team_member_get(*, actor: Membership, pk: Any) -> TeamMember:
    return get_for_actor(TeamMember.objects.select_related("visit"), actor=actor, pk=pk)


def finding_get(*, actor: Membership, pk: Any) -> Finding:
    return get_for_actor(Finding.objects.select_related("visit"), actor=actor, pk=pk)


def observations_of(visit: Visit) -> QuerySet[Observation]:
    """What a finding on `visit` may rest on: the visit's own observations…"""
    return visit.observations.all()


def register_checks_of(visit: Visit) -> QuerySet[RegisterCheck]:
    """…and its own register checks."""
    return visit.register_checks.all()


# --- what other parts of Vigil show -------------------------------------------------


def visits_on_timeline(place: Place, actor: Membership) -> Iterable[TimelineEntry]:
    visits = (
        Visit.objects.for_actor(actor).filter(place=place).exclude(status=Visit.Status.CANCELLED)
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
    findings = Finding.objects.for_actor(actor).filter(
        severity=Severity.URGENT, acted_on_at__isnull=True
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
