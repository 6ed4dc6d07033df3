"""Lists the API offers that no page needed yet. Each starts from the access layer
(`for_actor`, an app's selector), so nothing of another institution can be reached."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from vigil.core.access import get_for_actor
from vigil.core.models import AuditEvent, Membership
from vigil.core.selectors import audit_event_list, narrowed
from vigil.places.models import PopulationSnapshot
from vigil.places.selectors.places import place_list
from vigil.places.selectors.population import snapshots_of_places
from vigil.programmes.models import Activity, Indicator, IndicatorValue, TrainingSession
from vigil.recommendations.models import (
    AuthorityResponse,
    Mechanism,
    Recommendation,
    Source,
    Status,
    StatusUpdate,
)
from vigil.recommendations.selectors.recommendations import (
    RecommendationFilters,
    open_q,
    recommendation_list,
)
from vigil.risk.models import RiskScore
from vigil.risk.selectors.scores import latest_scores
from vigil.visits.models import ChecklistSubmission, Finding, Observation, TeamMember, Visit
from vigil.visits.selectors.visits import VisitFilters, visit_list


def population_list(*, actor: Membership, place: int | None = None) -> QuerySet[PopulationSnapshot]:
    snapshots = snapshots_of_places(actor=actor, places=place_list(actor=actor))
    if place is not None:
        snapshots = snapshots.filter(place_id=place)
    return snapshots.select_related("place")


# --- visits -------------------------------------------------------------------------------


def visit_rows(*, actor: Membership, filters: VisitFilters) -> QuerySet[Visit]:
    """The visits list, with the focus themes each answer names."""
    return visit_list(actor=actor, filters=filters).prefetch_related("themes")


def team_list(*, actor: Membership, visit: int | None = None) -> QuerySet[TeamMember]:
    members = TeamMember.objects.for_actor(actor).select_related("user")
    return members if visit is None else members.filter(visit_id=visit)


def observation_list(*, actor: Membership, visit: int | None = None) -> QuerySet[Observation]:
    observations = Observation.objects.for_actor(actor).select_related("theme")
    return observations if visit is None else observations.filter(visit_id=visit)


def finding_list(
    *, actor: Membership, visit: int | None = None, severity: str = "", theme: int | None = None
) -> QuerySet[Finding]:
    findings = narrowed(
        Finding.objects.for_actor(actor),
        {"visit_id": visit, "severity": severity, "theme_id": theme},
    )
    return findings.select_related("theme").prefetch_related("standards")


def submission_list(
    *, actor: Membership, visit: int | None = None
) -> QuerySet[ChecklistSubmission]:
    submissions = ChecklistSubmission.objects.for_actor(actor).select_related("version__template")
    return submissions if visit is None else submissions.filter(visit_id=visit)


# --- recommendations ------------------------------------------------------------------------


def recommendation_rows(
    *, actor: Membership, filters: RecommendationFilters
) -> QuerySet[Recommendation]:
    """The recommendations list, with the places, themes and findings each answer names."""
    return recommendation_list(actor=actor, filters=filters).prefetch_related(
        "places", "themes", "findings"
    )


def response_list(
    *, actor: Membership, recommendation: int | None = None
) -> QuerySet[AuthorityResponse]:
    responses = AuthorityResponse.objects.for_actor(actor)
    return narrowed(responses, {"recommendation_id": recommendation})


def status_update_list(
    *, actor: Membership, recommendation: int | None = None
) -> QuerySet[StatusUpdate]:
    updates = StatusUpdate.objects.for_actor(actor)
    return narrowed(updates, {"recommendation_id": recommendation})


def un_sources(*, actor: Membership) -> list[dict[str, Any]]:
    """Each UN mechanism's documents, with how many of their recommendations are
    implemented and how many are still open."""
    recs = recommendation_list(actor=actor).filter(source=Source.UN_MECHANISM).order_by()
    rows = (
        recs.values("mechanism", "source_document")
        .annotate(
            recommendations=Count("pk"),
            implemented=Count("pk", filter=Q(status=Status.IMPLEMENTED)),
            open=Count("pk", filter=open_q()),
        )
        .order_by("mechanism", "source_document")
    )
    labels = dict(Mechanism.choices)
    return [{**row, "mechanism_label": str(labels.get(row["mechanism"], ""))} for row in rows]


# --- programmes -----------------------------------------------------------------------------


def indicator_list(*, actor: Membership, programme: int | None = None) -> QuerySet[Indicator]:
    indicators = Indicator.objects.for_actor(actor).select_related("item")
    indicators = narrowed(indicators, {"item__programme_id": programme})
    return indicators.prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("measured_on", "pk"))
    )


def activity_list(
    *, actor: Membership, programme: int | None = None, kind: str = ""
) -> QuerySet[Activity]:
    return narrowed(Activity.objects.for_actor(actor), {"programme_id": programme, "kind": kind})


def training_list(*, actor: Membership, programme: int | None = None) -> QuerySet[TrainingSession]:
    sessions = TrainingSession.objects.for_actor(actor).select_related("activity")
    sessions = narrowed(sessions, {"activity__programme_id": programme})
    return sessions.prefetch_related("topics")


# --- risk -----------------------------------------------------------------------------------


def score_list(*, actor: Membership, place: int | None = None) -> QuerySet[RiskScore]:
    scores = narrowed(latest_scores(actor=actor), {"place_id": place})
    return scores.select_related("place", "configuration")


def score_get(*, actor: Membership, pk: Any) -> RiskScore:
    return get_for_actor(score_list(actor=actor), actor=actor, pk=pk)


# --- audit ----------------------------------------------------------------------------------


def audit_event_get(*, actor: Membership, pk: Any) -> AuditEvent:
    """One event of the actor's trail (members' sign-ins included), or 404."""
    event = audit_event_list(actor=actor).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event
