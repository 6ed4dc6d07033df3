"""The visit plan, visits, teams, observations, findings, checklists and filled checklists."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vigil.api.resources import Resource
from vigil.api.schema import documented
from vigil.api.selectors import records
from vigil.api.serializers import visits as s
from vigil.core.access import get_for_actor
from vigil.core.models import Membership
from vigil.core.roles import Capability
from vigil.visits.access import visit_get
from vigil.visits.selectors.checklists import (
    checklist_template_get,
    checklist_templates,
    submission_get,
)
from vigil.visits.selectors.plan import plan_list
from vigil.visits.selectors.visits import VisitFilters, finding_get, team_member_get

BY_ID = {"id": ("pk",), "-id": ("-pk",)}
CREATED = {**BY_ID, "created": ("created_at", "pk"), "-created": ("-created_at", "-pk")}


class VisitArea(Resource):
    tag, capability = "visits", Capability.VIEW_VISITS


@documented
class PlanResource(VisitArea):
    resource, noun, plural = "visit-plans", "visit plan", "visit plans"
    about = "The plans of visits for a period, with how many planned visits were made."
    output = s.PlanOut
    orderings = {**BY_ID, "starts_on": ("starts_on", "pk"), "-starts_on": ("-starts_on", "-pk")}
    default_ordering = "-starts_on"
    example = {
        "id": 3,
        "title": "Visit plan 2026",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "notes": "",
        "planned": 40,
        "done": 31,
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return plan_list(actor=actor)

    def record(self, actor: Membership, pk: Any) -> Any:
        return get_for_actor(plan_list(actor=actor), actor=actor, pk=pk)


@documented
class VisitResource(VisitArea):
    resource, noun, plural = "visits", "visit", "visits"
    about = "Preventive visits to places, with their status and dates."
    output, filters, orderings, default_ordering = s.VisitOut, s.VisitFiltersIn, CREATED, "-id"
    example = {
        "id": 31,
        "place": {"id": 12, "name": "Central Prison"},
        "plan": 3,
        "visit_type": "regular",
        "visit_type_label": "Regular",
        "announced": False,
        "planned_for": "2026-10-12",
        "starts_on": "2026-10-14",
        "ends_on": "2026-10-15",
        "status": "reporting",
        "status_label": "Reporting",
        "themes": [2, 5],
        "objectives": "",
        "summary": "",
        "methodology": "",
        "report_sent_on": None,
        "version": 6,
        "created_at": "2026-09-01T08:00:00Z",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.visit_rows(actor=actor, filters=VisitFilters(**filters))

    def record(self, actor: Membership, pk: Any) -> Any:
        return visit_get(actor=actor, pk=pk)


@documented
class TeamResource(VisitArea):
    resource, noun, plural = "team-members", "team member", "team members"
    about = "The staff (and external experts) on each visit's team."
    output, filters, orderings = s.TeamMemberOut, s.ByVisitIn, BY_ID
    example = {
        "id": 7,
        "visit": 31,
        "user": 4,
        "name": "Amina Odhiambo",
        "role": "leader",
        "role_label": "Team leader",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.team_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return team_member_get(actor=actor, pk=pk)


@documented
class ObservationResource(VisitArea):
    resource, noun, plural = "observations", "observation", "observations"
    about = "What the team saw on a visit, by theme."
    output, filters, orderings = s.ObservationOut, s.ByVisitIn, CREATED
    example = {
        "id": 90,
        "visit": 31,
        "theme": {"id": 2, "name": "Material conditions"},
        "text": "Cells of block C hold four people each.",
        "created_at": "2026-10-14T10:00:00Z",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.observation_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return get_for_actor(records.observation_list(actor=actor), actor=actor, pk=pk)


@documented
class FindingResource(VisitArea):
    resource, noun, plural = "findings", "finding", "findings"
    about = "Findings of visits, each with a theme, a severity and the standards it cites."
    output, filters, orderings = s.FindingOut, s.FindingFiltersIn, CREATED
    example = {
        "id": 55,
        "visit": 31,
        "theme": {"id": 2, "name": "Material conditions"},
        "severity": "serious",
        "severity_label": "Serious",
        "title": "Overcrowding",
        "description": "Block C holds twice its capacity.",
        "standards": [14],
        "acted_on_at": None,
        "action_note": "",
        "created_at": "2026-10-16T12:00:00Z",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.finding_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return finding_get(actor=actor, pk=pk)


@documented
class ChecklistTemplateResource(VisitArea):
    resource, noun, plural = "checklist-templates", "checklist", "checklists"
    about = "The checklists (XLSForms) shipped with Vigil and your institution's own."
    output, orderings = s.ChecklistTemplateOut, BY_ID
    example = {
        "id": 1,
        "form_id": "police_custody",
        "title": "Police custody",
        "shipped": True,
        "versions": ["2026-01"],
        "created_at": "2026-01-01T00:00:00Z",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return checklist_templates(actor=actor)

    def record(self, actor: Membership, pk: Any) -> Any:
        return checklist_template_get(actor=actor, pk=pk)


@documented
class SubmissionResource(VisitArea):
    resource, noun, plural = "checklist-submissions", "filled checklist", "filled checklists"
    about = "Checklists filled on visits, with their answers by question name."
    output, filters, orderings = s.SubmissionOut, s.ByVisitIn, BY_ID
    example = {
        "id": 18,
        "visit": 31,
        "checklist": "Police custody",
        "checklist_version": "2026-01",
        "answers": {"cells_lit": "yes", "people_in_cell": 4},
        "is_complete": True,
        "source": "browser",
        "source_label": "Filled in Vigil",
        "updated_at": "2026-10-14T16:00:00Z",
    }

    def records(self, actor: Membership, filters: dict[str, Any]) -> QuerySet[Any]:
        return records.submission_list(actor=actor, **filters)

    def record(self, actor: Membership, pk: Any) -> Any:
        return submission_get(actor=actor, pk=pk)
