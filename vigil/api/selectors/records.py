"""Lists the API offers that no page needed yet. Each starts from the access layer
(`for_actor`, an app's selector), so nothing of another institution can be reached."""

from __future__ import annotations

from django.db.models import QuerySet

from vigil.core.models import Membership
from vigil.core.selectors import narrowed
from vigil.places.models import PopulationSnapshot
from vigil.places.selectors.places import place_list
from vigil.places.selectors.population import snapshots_of_places
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


def submission_list(*, actor: Membership, visit: int | None = None) -> QuerySet[ChecklistSubmission]:
    submissions = ChecklistSubmission.objects.for_actor(actor).select_related("version__template")
    return submissions if visit is None else submissions.filter(visit_id=visit)
