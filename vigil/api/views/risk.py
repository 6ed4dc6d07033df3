"""Risk scores with their explanation, and the protection-gaps table."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vigil.api.resources import Aggregate, Resource
from vigil.api.schema import documented, documented_aggregate
from vigil.api.selectors import records
from vigil.api.serializers import risk as s
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.risk.selectors.gap_scope import GapsFilters
from vigil.risk.selectors.gaps import gaps_build

SCORE = {
    "id": 500,
    "place": {"id": 12, "name": "Central Prison"},
    "score": "71.50",
    "computed_on": "2026-12-01",
    "configuration_version": 3,
    "top_reasons": [{"factor": "overcrowding", "name": "Overcrowding", "points": "18.00"}],
}


@documented
class ScoreResource(Resource):
    resource, tag, noun, plural = "risk-scores", "risk", "risk score", "risk scores"
    about = (
        "Each open place's latest risk score and its top reasons; one score adds its "
        "explanation, factor by factor."
    )
    capability = Capability.VIEW_RISK
    output, detail_output, filters = s.ScoreOut, s.ScoreExplainedOut, s.ScoreFiltersIn
    orderings = {
        "-score": ("-score", "-pk"),
        "score": ("score", "pk"),
        "id": ("pk",),
        "-id": ("-pk",),
    }
    default_ordering = "-score"
    example = SCORE

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.score_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return records.score_get(actor=actor, pk=pk)


@documented_aggregate
class GapsAggregate(Aggregate):
    resource, tag = "protection-gaps", "risk"
    capability = Capability.VIEW_RISK
    summary = "Protection gaps"
    about = (
        "How often each risk factor is present in the open places, by kind of place, authority "
        "or area: the table of the protection-gaps page."
    )
    output, filters = s.GapsOut, s.GapsFiltersIn
    example = {
        "dimension": "kind",
        "scored": 120,
        "unscored": 4,
        "oldest_score": "2026-11-01",
        "newest_score": "2026-12-01",
        "versions": [3],
        "columns": [{"key": "3", "label": "Prison", "places": 40}],
        "groups": [
            {
                "key": "first_hours",
                "label": "First hours of custody",
                "rows": [
                    {
                        "code": "no_lawyer",
                        "name": "No lawyer in the first hours",
                        "cells": [
                            {
                                "places": 40,
                                "contributing": 12,
                                "share": 30.0,
                                "mean_value": "0.3000",
                            }
                        ],
                        "total": {
                            "places": 40,
                            "contributing": 12,
                            "share": 30.0,
                            "mean_value": "0.3000",
                        },
                    }
                ],
            }
        ],
    }

    def figures(self, actor: Membership, filters: dict[str, Any]) -> Any:
        return gaps_build(actor=actor, filters=GapsFilters(**filters))
