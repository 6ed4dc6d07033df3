"""Reads of recommendations, scoped by the acting membership."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.core.overview import OverviewFigure
from vigil.places.models import Place
from vigil.places.selectors.timeline import TimelineEntry
from vigil.recommendations.models import (
    PRIORITY_FOR_SEVERITY,
    SETTLED,
    Measure,
    Priority,
    Recommendation,
)
from vigil.visits.access import visit_get
from vigil.visits.models import Finding, StandardReference, Theme, Visit

T = TypeVar("T")
# Lookups by many keys go in batches, within every database's parameter limit.
BATCH = 500


def batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class RecommendationFilters:
    q: str = ""
    status: str = ""
    response: str = ""
    priority: str = ""
    source: str = ""
    addressee: str = ""
    authority: int | None = None
    theme: int | None = None
    place: int | None = None
    year: int | None = None
    overdue: bool = False
    open_only: bool = False


def open_q() -> Q:
    return ~Q(status__in=SETTLED)


def overdue_q(today: date | None = None) -> Q:
    return open_q() & Q(due_on__lt=today or timezone.localdate())


def recommendations_listed(
    *, actor: Membership, filters: RecommendationFilters | None = None
) -> QuerySet[Recommendation]:
    """The recommendations the list shows, filtered, newest first (on the index
    `rec_by_issued`), without their related rows: what the list counts and pages."""
    f = filters or RecommendationFilters()
    recs = Recommendation.objects.for_actor(actor)
    if f.q:
        recs = recs.filter(Q(text__icontains=f.q) | Q(reference__iexact=f.q)
                           | Q(source_document__icontains=f.q))  # fmt: skip
    exact = {"status": f.status, "response": f.response, "priority": f.priority,
             "source": f.source, "addressee": f.addressee, "authority_id": f.authority}  # fmt: skip
    recs = recs.filter(**{k: v for k, v in exact.items() if v})
    if f.theme:
        recs = recs.filter(Exists(Recommendation.themes.through.objects.filter(
            recommendation_id=OuterRef("pk"), theme_id=f.theme)))  # fmt: skip
    if f.place:
        recs = recs.filter(Exists(Recommendation.places.through.objects.filter(
            recommendation_id=OuterRef("pk"), place_id=f.place)))  # fmt: skip
    if f.year:
        recs = recs.filter(issued_on__year=f.year)
    if f.overdue:
        recs = recs.filter(overdue_q())
    if f.open_only:
        recs = recs.filter(open_q())
    return recs.order_by("-issued_on", "-pk")


def recommendation_list_rows(recs: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """`recs` with what a row of the list shows beside its own columns (one page of them)."""
    return recs.select_related("authority", "visit__place")


def recommendation_list(
    *, actor: Membership, filters: RecommendationFilters | None = None
) -> QuerySet[Recommendation]:
    """The listed recommendations with their related rows (the export reads them all)."""
    return recommendation_list_rows(recommendations_listed(actor=actor, filters=filters))


def export_headers() -> list[str]:
    """The export's column names, in the reader's language; each code stands beside its
    label, for tools that read the file."""
    return [_("Reference"), _("Issued on"), _("Source"), _("Source (code)"), _("Mechanism"),
            _("Mechanism (code)"), _("Document"), _("Paragraph"), _("Addressee"),
            _("Addressee (code)"), _("Authority"), _("Priority"), _("Priority (code)"),
            _("Due on"), _("Response"), _("Response (code)"), _("Status"), _("Status (code)"),
            _("Status since"), _("Text")]  # fmt: skip


def recommendation_export_rows(
    *, actor: Membership, filters: RecommendationFilters
) -> Iterator[list[Any]]:
    """The listed recommendations as rows of `export_headers`, read a thousand at a time."""
    recs = recommendation_list(actor=actor, filters=filters)
    for r in recs.iterator(chunk_size=1000):
        yield [r.reference, r.issued_on, r.get_source_display(), r.source,
               r.get_mechanism_display(), r.mechanism, r.source_document, r.paragraph,
               r.get_addressee_display(), r.addressee, r.authority.name if r.authority else "",
               r.get_priority_display(), r.priority, r.due_on, r.get_response_display(),
               r.response, r.get_status_display(), r.status, r.status_on, r.text]  # fmt: skip


def recommendation_get(*, actor: Membership, pk: Any) -> Recommendation:
    related = Recommendation.objects.select_related("authority", "visit__place", "created_by")
    return get_for_actor(related, actor=actor, pk=pk)


def measure_get(*, actor: Membership, pk: Any) -> Measure:
    return get_for_actor(Measure.objects.select_related("recommendation"), actor=actor, pk=pk)


def finding_get(*, actor: Membership, pk: Any) -> Finding:
    """The finding a new recommendation answers (its visit and place fill the form)."""
    return get_for_actor(Finding.objects.select_related("visit__place"), actor=actor, pk=pk)


def new_recommendation_initial(
    *, actor: Membership, finding_id: str | None, visit_id: str | None
) -> dict[str, Any]:
    """Creating from a finding (or a visit) fills what is already known."""
    today = timezone.localdate()
    if visit_id and not finding_id:
        visit = visit_get(actor=actor, pk=visit_id)
        return {"issued_on": today, "source": "visit_report", "visit": visit,
                "places": [visit.place], "authority": visit.place.authority}  # fmt: skip
    if not finding_id:
        return {"issued_on": today}
    finding = finding_get(actor=actor, pk=finding_id)
    visit = finding.visit
    return {
        "issued_on": today,
        "source": "visit_report",
        "visit": visit,
        "findings": [finding],
        "places": [visit.place],
        "themes": [finding.theme],
        "standards": list(finding.standards.all()),
        "authority": visit.place.authority,
        "addressee": "detaining_authority",
        "priority": PRIORITY_FOR_SEVERITY.get(finding.severity, Priority.MEDIUM),
    }


def recommendation_detail_data(recommendation: Recommendation) -> dict[str, Any]:
    return {
        "responses": list(recommendation.responses.select_related("recorded_by")),
        "status_updates": list(
            recommendation.status_updates.select_related(
                "recorded_by", "verified_by", "verified_at_visit__place"
            )
        ),
        "measures": list(recommendation.measures.all()),
        "places": list(recommendation.places.all()),
        "themes": list(recommendation.themes.all()),
        "standards": list(recommendation.standards.all()),
        "findings": list(recommendation.findings.select_related("visit__place", "theme")),
    }


# --- what a form offers (the `scope` of its record choices) --------------------------------


def standard_choices(actor: Membership) -> QuerySet[StandardReference]:
    """The international standards are the same for every institution."""
    return StandardReference.objects.all()


def shared_themes(actor: Membership) -> QuerySet[Theme]:
    """The list's theme filter offers the shipped themes."""
    return Theme.objects.shared()


# --- where recommendations show beside other records ---------------------------------------


def for_place(*, actor: Membership, place: Place) -> QuerySet[Recommendation]:
    """The institution's own and the UN's recommendations concerning the place, merged.

    Both ways a recommendation concerns a place are key lookups (the place's links, the
    place's visits), so that only the place's recommendations are read, never every one.
    """
    linked = Recommendation.places.through.objects.filter(place_id=place.pk)
    from_visits = Recommendation.objects.filter(
        visit__in=Visit.objects.filter(place_id=place.pk).values("pk")
    )
    # One IN over a UNION, not an OR: SQLite would read the institution's every
    # recommendation for the OR, and looks these up by key.
    keys = linked.order_by().values("recommendation_id").union(from_visits.order_by().values("pk"))
    return (
        Recommendation.objects.for_actor(actor)
        .filter(pk__in=keys)
        .select_related("authority")
        .order_by("-issued_on", "-pk")
    )


def to_verify_at(*, actor: Membership, visit: Visit) -> QuerySet[Recommendation]:
    """Open recommendations about the visited place: what a follow-up visit checks."""
    return for_place(actor=actor, place=visit.place).filter(open_q())


def issued_at_visit(*, actor: Membership, visit: Visit) -> QuerySet[Recommendation]:
    """The recommendations that came out of this visit."""
    return (
        Recommendation.objects.for_actor(actor)
        .filter(visit_id=visit.pk)
        .select_related("authority")
    )


def recommendations_on_timeline(place: Place, actor: Membership) -> Iterable[TimelineEntry]:
    for rec in for_place(actor=actor, place=place)[:50]:
        yield TimelineEntry(
            on=rec.issued_on,
            kind="recommendation",
            title=_("Recommendation %(ref)s (%(status)s)")
            % {"ref": rec.reference, "status": rec.get_status_display()},
            summary=rec.text[:140],
            url=reverse("recommendations:recommendation_detail", args=[rec.pk]),
        )


def recommendations_overview(actor: Membership, today: date) -> Iterable[OverviewFigure]:
    """The commissioner's overview: recommendations open past their due date, now and 30
    days ago (those settled since were still open then)."""
    then = today - timedelta(days=30)
    was_open = open_q() | Q(status_on__gt=then)
    counts = Recommendation.objects.for_actor(actor).aggregate(
        now=Count("pk", filter=overdue_q(today)),
        before=Count("pk", filter=was_open & Q(due_on__lt=then, issued_on__lte=then)),
    )
    yield OverviewFigure(
        "recommendations-overdue",
        gettext_lazy("Overdue recommendations"),
        counts["now"],
        reverse("recommendations:recommendation_list") + "?overdue=on",
        previous=counts["before"],
        previous_label=gettext_lazy("30 days ago"),
        order=30,
    )
