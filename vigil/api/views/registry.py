"""Every resource of /api/v1/, by the name in its address (and in a token's resource list)."""

from __future__ import annotations

from typing import Any

from vigil.api.views import core, places, programmes, recommendations, risk, visits

_RESOURCES: list[Any] = [
    places.PlaceResource,
    places.AuthorityResource,
    places.AreaResource,
    places.PopulationResource,
    visits.PlanResource,
    visits.VisitResource,
    visits.TeamResource,
    visits.ObservationResource,
    visits.FindingResource,
    visits.ChecklistTemplateResource,
    visits.SubmissionResource,
    recommendations.RecommendationResource,
    recommendations.ResponseResource,
    recommendations.StatusUpdateResource,
    programmes.ProgrammeResource,
    programmes.IndicatorResource,
    programmes.ActivityResource,
    programmes.TrainingResource,
    programmes.GoodPracticeResource,
    risk.ScoreResource,
    core.AuditResource,
]
_AGGREGATES: list[Any] = [
    recommendations.UnSourcesAggregate,
    risk.GapsAggregate,
    core.PeopleFigures,
]

RESOURCES: dict[str, Any] = {r.resource: r for r in _RESOURCES}
AGGREGATES: dict[str, Any] = {a.resource: a for a in _AGGREGATES}


def resource_choices() -> list[tuple[str, str]]:
    """The resources a token may be limited to, as (name, name) choices."""
    return [(name, name) for name in sorted({*RESOURCES, *AGGREGATES})]
