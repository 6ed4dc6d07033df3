"""The audit log (administrators only) and the people section's counts (never a person)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vigil.api.resources import Aggregate, Resource
from vigil.api.schema import documented, documented_aggregate
from vigil.api.selectors.records import audit_event_get
from vigil.api.selectors.statistics import people_figures
from vigil.api.serializers import core as s
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.core.selectors import audit_event_list


@documented
class AuditResource(Resource):
    resource, tag, noun, plural = "audit-events", "audit", "audit event", "audit events"
    about = (
        "The institution's audit trail, newest first; `channel` says whether a change came "
        "through the pages (`web`) or the API (`api`). Administrators only."
    )
    # Through the API the trail is for administrators alone (issue 17), whom this names.
    capability = Capability.MANAGE_INSTITUTION
    output, filters = s.AuditEventOut, s.AuditFiltersIn
    orderings = {"-sequence": ("-sequence",), "sequence": ("sequence",)}
    default_ordering = "-sequence"
    example = {
        "id": 9001,
        "sequence": 9001,
        "created_at": "2026-12-07T10:00:00Z",
        "actor": {"id": 4, "name": "Amina Odhiambo"},
        "action": "place.updated",
        "target_type": "places.place",
        "target_id": "12",
        "details": {"fields": ["capacity"]},
        "channel": "api",
        "hash": "5f2c…",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return audit_event_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return audit_event_get(actor=actor, pk=pk)


@documented_aggregate
class PeopleFigures(Aggregate):
    resource, tag = "people-statistics", "people"
    capability = Capability.VIEW_PEOPLE_STATISTICS
    summary = "People: counts only"
    about = (
        "Interviews, cases by stage, reprisals and check-backs, counted as on the statistics "
        "page, with small counts withheld. No identity, interview note or medical finding "
        "leaves through the API (docs/api.md says why)."
    )
    output = s.PeopleFiguresOut
    example = {
        "suppressed_below": 5,
        "sections": [
            {
                "key": "cases",
                "title": "Cases",
                "totals": [{"label": "Open", "count": 14, "suppressed": False}],
                "breakdowns": [
                    {
                        "key": "cases-stage",
                        "title": "Open cases by stage",
                        "note": "",
                        "rows": [{"label": "Intake", "count": None, "suppressed": True}],
                    }
                ],
            }
        ],
    }

    def figures(self, actor: Membership, filters: dict[str, Any]) -> Any:
        return people_figures(actor=actor)
