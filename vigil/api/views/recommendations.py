"""Recommendations, the authorities' responses, the implementation history and UN sources."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vigil.api.resources import Aggregate, Creates, Resource
from vigil.api.schema import documented, documented_aggregate
from vigil.api.selectors import records
from vigil.api.serializers import recommendations as s
from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.recommendations.selectors.recommendations import (
    RecommendationFilters,
    recommendation_get,
)
from vigil.recommendations.services.recommendations import response_record, status_record

BY_ID = {"id": ("pk",), "-id": ("-pk",)}
RECOMMENDATION = {
    "id": 210,
    "reference": "R-2026-0042",
    "text": "Reduce the population of block C.",
    "source": "visit_report",
    "source_label": "Visit report",
    "mechanism": "",
    "mechanism_label": "",
    "source_document": "",
    "paragraph": "",
    "visit": 31,
    "issued_on": "2026-10-20",
    "addressee": "detaining_authority",
    "addressee_label": "Detaining authority",
    "authority": {"id": 2, "name": "Prison Service"},
    "law_or_policy": "",
    "places": [12],
    "themes": [2],
    "findings": [55],
    "priority": "high",
    "priority_label": "High",
    "due_on": "2027-01-31",
    "response": "accepted",
    "response_label": "Accepted",
    "status": "in_progress",
    "status_label": "In progress",
    "status_on": "2026-11-15",
    "implemented_on": None,
    "version": 3,
}


class RecommendationArea(Resource):
    tag, capability = "recommendations", Capability.VIEW_RECOMMENDATIONS
    write_capability = Capability.MANAGE_RECOMMENDATIONS


@documented
class RecommendationResource(RecommendationArea):
    resource, noun, plural = "recommendations", "recommendation", "recommendations"
    about = "Recommendations, with the latest response and implementation status."
    output, filters = s.RecommendationOut, s.RecommendationFiltersIn
    orderings = {**BY_ID, "issued_on": ("issued_on", "pk"), "-issued_on": ("-issued_on", "-pk")}
    default_ordering = "-issued_on"
    example = RECOMMENDATION

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.recommendation_rows(actor=actor, filters=RecommendationFilters(**filters))

    def record(self, actor: Membership, pk: Any) -> Any:
        return recommendation_get(actor=actor, pk=pk)


@documented
class ResponseResource(RecommendationArea, Creates):
    resource, noun, plural = "responses", "authority response", "authority responses"
    about = (
        "What the authority answered to a recommendation, dated. Recording one updates the "
        "recommendation's response, as on its page."
    )
    output, filters, create_input = s.ResponseOut, s.ByRecommendationIn, s.ResponseIn
    orderings = {
        **BY_ID,
        "received_on": ("received_on", "pk"),
        "-received_on": ("-received_on", "-pk"),
    }
    default_ordering = "-received_on"
    example = {
        "id": 77,
        "recommendation": 210,
        "response": "accepted",
        "response_label": "Accepted",
        "received_on": "2026-11-15",
        "text": "The ministry will open a new wing.",
        "document": "Letter MJ/2026/118",
        "created_at": "2026-11-16T08:00:00Z",
    }
    input_example = {
        "recommendation": 210,
        "response": "accepted",
        "received_on": "2026-11-15",
        "text": "The ministry will open a new wing.",
        "document": "Letter MJ/2026/118",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.response_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return get_for_actor(records.response_list(actor=actor), actor=actor, pk=pk)

    def create_record(self, actor: Membership, data: dict[str, Any]) -> Any:
        return response_record(actor=actor, **data)


@documented
class StatusUpdateResource(RecommendationArea, Creates):
    resource, noun, plural = "status-updates", "status update", "status updates"
    about = "The implementation history of recommendations: each dated status and its evidence."
    output, filters, create_input = s.StatusUpdateOut, s.ByRecommendationIn, s.StatusUpdateIn
    orderings = {**BY_ID, "on": ("on", "pk"), "-on": ("-on", "-pk")}
    default_ordering = "-on"
    example = {
        "id": 80,
        "recommendation": 210,
        "status": "in_progress",
        "status_label": "In progress",
        "on": "2026-11-15",
        "note": "Works started.",
        "evidence": "Photos of the site.",
        "verified_at_visit": None,
        "created_at": "2026-11-16T08:00:00Z",
    }
    input_example = {
        "recommendation": 210,
        "status": "in_progress",
        "on": "2026-11-15",
        "note": "Works started.",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.status_update_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return get_for_actor(records.status_update_list(actor=actor), actor=actor, pk=pk)

    def create_record(self, actor: Membership, data: dict[str, Any]) -> Any:
        return status_record(actor=actor, **data)


@documented_aggregate
class UnSourcesAggregate(Aggregate):
    resource, tag = "un-sources", "recommendations"
    capability = Capability.VIEW_RECOMMENDATIONS
    summary = "UN sources of recommendations"
    about = (
        "Each UN mechanism's documents (SPT, CAT, UPR…) that recommendations were taken from, "
        "with how many are implemented and how many are still open."
    )
    output = s.UnSourcesOut
    example = {
        "sources": [
            {
                "mechanism": "spt",
                "mechanism_label": "Subcommittee on Prevention of Torture (SPT)",
                "source_document": "CAT/OP/XX/1",
                "recommendations": 40,
                "implemented": 9,
                "open": 28,
            }
        ]
    }

    def figures(self, actor: Membership, filters: dict[str, Any]) -> Any:
        return {"sources": records.un_sources(actor=actor)}
