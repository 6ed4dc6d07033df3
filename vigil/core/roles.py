"""Roles and what each may do. Later apps add their capabilities here, in one table."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    COMMISSIONER = "commissioner", _("Commissioner")
    MONITOR = "monitor", _("Monitor")
    INVESTIGATOR = "investigator", _("Investigator")
    MEDICAL_EXPERT = "medical_expert", _("Medical expert")
    ANALYST = "analyst", _("Analyst")
    PROGRAMME_OFFICER = "programme_officer", _("Programme officer")
    VIEWER = "viewer", _("Viewer")


class Capability(StrEnum):
    MANAGE_MEMBERS = "manage_members"
    MANAGE_INSTITUTION = "manage_institution"
    VIEW_AUDIT = "view_audit"
    VIEW_MEMBERS = "view_members"
    VIEW_PLACES = "view_places"
    MANAGE_PLACES = "manage_places"
    VIEW_VISITS = "view_visits"
    PLAN_VISITS = "plan_visits"
    EDIT_ANY_VISIT = "edit_any_visit"
    MANAGE_CHECKLISTS = "manage_checklists"
    VIEW_RECOMMENDATIONS = "view_recommendations"
    MANAGE_RECOMMENDATIONS = "manage_recommendations"
    VIEW_PROGRAMMES = "view_programmes"
    MANAGE_PROGRAMMES = "manage_programmes"
    VIEW_PEOPLE_STATISTICS = "view_people_statistics"
    RECORD_INTERVIEWS = "record_interviews"
    OPEN_CASES = "open_cases"
    OVERSEE_CASES = "oversee_cases"
    CONFIGURE_CASES = "configure_cases"
    SEARCH_PEOPLE = "search_people"
    VIEW_RISK = "view_risk"
    CONFIGURE_RISK = "configure_risk"
    UPLOAD_REGISTERS = "upload_registers"
    READ_REGISTER_ROWS = "read_register_rows"
    SEE_SMALL_COUNTS = "see_small_counts"
    VIEW_OVERVIEW = "view_overview"
    WRITE_REPORTS = "write_reports"
    APPROVE_REPORTS = "approve_reports"


_EVERYONE = frozenset(Role)
_PEOPLE_WORKERS = frozenset(
    {Role.COMMISSIONER, Role.MONITOR, Role.INVESTIGATOR, Role.MEDICAL_EXPERT}
)

CAPABILITIES: dict[Capability, frozenset[Role]] = {
    Capability.MANAGE_MEMBERS: frozenset({Role.ADMIN}),
    Capability.MANAGE_INSTITUTION: frozenset({Role.ADMIN}),
    # The issue asks for the audit page to serve admins and viewers (oversight readers).
    Capability.VIEW_AUDIT: frozenset({Role.ADMIN, Role.COMMISSIONER, Role.VIEWER}),
    Capability.VIEW_MEMBERS: _EVERYONE,
    Capability.VIEW_PLACES: _EVERYONE,
    # The register is kept by those who visit: monitors, and administrators.
    Capability.MANAGE_PLACES: frozenset({Role.ADMIN, Role.MONITOR}),
    Capability.VIEW_VISITS: _EVERYONE,
    Capability.PLAN_VISITS: frozenset({Role.ADMIN, Role.COMMISSIONER, Role.MONITOR}),
    # Others edit a visit only as members of its team (see vigil.visits.access).
    Capability.EDIT_ANY_VISIT: frozenset({Role.ADMIN, Role.COMMISSIONER}),
    Capability.MANAGE_CHECKLISTS: frozenset({Role.ADMIN, Role.COMMISSIONER}),
    Capability.VIEW_RECOMMENDATIONS: _EVERYONE,
    # Those who write recommendations and chase them: monitors, investigators, leadership.
    Capability.MANAGE_RECOMMENDATIONS: frozenset(
        {Role.ADMIN, Role.COMMISSIONER, Role.MONITOR, Role.INVESTIGATOR}
    ),
    Capability.VIEW_PROGRAMMES: _EVERYONE,
    Capability.MANAGE_PROGRAMMES: frozenset(
        {Role.ADMIN, Role.COMMISSIONER, Role.PROGRAMME_OFFICER}
    ),
    # Counts and breakdowns of people, cases and reprisals: never an identity.
    Capability.VIEW_PEOPLE_STATISTICS: _EVERYONE,
    # Those who speak with detainees and document allegations. Administrators run the
    # system and analysts study it: neither reads testimony (see docs/decisions/0011).
    Capability.RECORD_INTERVIEWS: _PEOPLE_WORKERS,
    Capability.OPEN_CASES: _PEOPLE_WORKERS,
    # Need to know: a case is seen by its team, and by commissioners who oversee them all.
    Capability.OVERSEE_CASES: frozenset({Role.COMMISSIONER}),
    Capability.CONFIGURE_CASES: frozenset({Role.ADMIN, Role.COMMISSIONER}),
    Capability.SEARCH_PEOPLE: frozenset({Role.COMMISSIONER, Role.INVESTIGATOR}),
    # Scores, the priority list and the gaps hold no personal data: everyone reads them.
    Capability.VIEW_RISK: _EVERYONE,
    Capability.CONFIGURE_RISK: frozenset({Role.ADMIN, Role.COMMISSIONER}),
    # Custody-register extracts: those who examine registers on visits bring them in; their
    # counts are aggregates for everyone, the entries behind them (under pseudonyms) are for
    # those who follow individual detentions up (docs/custody-registers.md).
    Capability.UPLOAD_REGISTERS: frozenset({Role.ADMIN, Role.COMMISSIONER, Role.MONITOR}),
    Capability.READ_REGISTER_ROWS: frozenset(
        {Role.COMMISSIONER, Role.MONITOR, Role.INVESTIGATOR, Role.MEDICAL_EXPERT}
    ),
    # Casework: those who hold testimony see exact counts; every other role sees counts
    # below the institution's threshold as "fewer than 5" (vigil/core/suppression.py).
    Capability.SEE_SMALL_COUNTS: _PEOPLE_WORKERS,
    # The home page's figures with their trend (issue 20): the institution's leadership.
    Capability.VIEW_OVERVIEW: frozenset({Role.COMMISSIONER}),
    # The annual report and submissions to UN bodies: written by the staff who know the work,
    # approved by a commissioner (vigil.reports).
    Capability.WRITE_REPORTS: frozenset(
        {Role.ADMIN, Role.COMMISSIONER, Role.MONITOR, Role.ANALYST, Role.PROGRAMME_OFFICER}
    ),
    Capability.APPROVE_REPORTS: frozenset({Role.COMMISSIONER}),
}


def role_can(role: str, capability: Capability) -> bool:
    return role in CAPABILITIES[capability]
