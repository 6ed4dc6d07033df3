"""The places, visits and findings that searchable choices offer (ADR 0022)."""

from __future__ import annotations

from django.db.models import QuerySet

from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.searchable import Lookup
from vigil.places.models import Place
from vigil.visits.models import Finding, Visit


def open_places(actor: Membership) -> QuerySet[Place]:
    """The places a visit may be made to: the institution's, unless closed."""
    return Place.objects.for_actor(actor).exclude(status=Place.Status.CLOSED).order_by("name", "pk")


def visits_latest_first(actor: Membership) -> QuerySet[Visit]:
    return Visit.objects.for_actor(actor).select_related("place").order_by("-starts_on", "-pk")


def findings_latest_first(actor: Membership) -> QuerySet[Finding]:
    return (
        Finding.objects.for_actor(actor)
        .select_related("visit__place")
        .order_by("-visit__starts_on", "-pk")
    )


def _visit_label(visit: Visit) -> str:
    return f"{visit.reference} · {visit}" if visit.reference else str(visit)


def _finding_label(finding: Finding) -> str:
    return f"{finding.title} · {finding.visit}"


OPEN_PLACE = Lookup(
    "open-place",
    Place,
    open_places,
    search=("name", "external_ref"),
    capability=Capability.VIEW_PLACES,
)
VISIT = Lookup(
    "visit",
    Visit,
    visits_latest_first,
    search=("reference", "place__name", "starts_on"),
    label=_visit_label,
    narrow_by={"place": "place_id"},
    capability=Capability.VIEW_VISITS,
)
FINDING = Lookup(
    "finding",
    Finding,
    findings_latest_first,
    search=("title", "visit__place__name"),
    label=_finding_label,
    narrow_by={"visit": "visit_id", "place": "visit__place_id"},
    capability=Capability.VIEW_VISITS,
)
