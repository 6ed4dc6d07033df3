"""What the interviews part of the people app registers with the platform at start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigil.core.models import Membership
    from vigil.visits.models import Visit
    from vigil.visits.panels import Panel


def visit_interviews_panel(visit: Visit, actor: Membership) -> Panel | None:
    """The visit's interviews the actor needs to know, in a fixed number of queries.

    Roles that do not work with people get no panel at all (they see counts elsewhere).
    """
    from vigil.core.access import scoped
    from vigil.people import access
    from vigil.people.forms_interviews import InterviewFilters
    from vigil.people.models import Interview
    from vigil.people.views.interviews import describe, interview_rows

    if not access.can_record_interviews(actor):
        return None
    visible = interview_rows(actor, InterviewFilters()).filter(visit_id=visit.pk)
    interviews = [describe(interview) for interview in visible]
    total = scoped(Interview.objects.filter(visit_id=visit.pk), actor=actor).count()
    return (
        "people/_visit_interviews_panel.html",
        {
            "visit": visit,
            "interviews": interviews,
            "hidden": max(total - len(interviews), 0),
            "can_record": access.can_record_interviews(actor),
        },
    )


def register() -> None:
    """Called once from PeopleConfig.ready() (panels, report sections, attention, demo)."""
    from vigil.people.report_section import visit_interviews_section
    from vigil.visits.panels import register_visit_panel
    from vigil.visits.report import register_report_section

    register_visit_panel(visit_interviews_panel)
    register_report_section(visit_interviews_section)
