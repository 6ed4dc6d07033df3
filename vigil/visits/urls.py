from django.urls import path
from django.views.generic import RedirectView

from vigil.visits.views import checklists, dashboard, plan, reports, visits

app_name = "visits"
ONE = "<int:visit_id>/"

urlpatterns = [
    # the visits and what the team records on them
    path("", visits.visit_list, name="visit_list"),
    path("export.csv", visits.visit_export, name="visit_export"),
    path("new/", visits.visit_create, name="visit_create"),
    path(ONE, visits.visit_detail, name="visit_detail"),
    path(f"{ONE}edit/", visits.visit_edit, name="visit_edit"),
    path(f"{ONE}status/", visits.visit_status, name="visit_status"),
    path(f"{ONE}team/", visits.team_add, name="visit_team_add"),
    path("team/<int:member_id>/remove/", visits.team_remove, name="visit_team_remove"),
    path(f"{ONE}observations/", visits.observation_add, name="visit_observation_add"),
    path(f"{ONE}registers/", visits.register_check_add, name="visit_register_add"),
    path(f"{ONE}report-sent/", visits.report_sent, name="visit_report_sent"),
    path(f"{ONE}findings/new/", visits.finding_create, name="finding_create"),
    path("findings/<int:finding_id>/act/", visits.finding_act, name="finding_act"),
    # the visits and findings dashboard
    path("dashboard/", dashboard.visit_dashboard, name="visit_dashboard"),
    path("dashboard/export.csv", dashboard.visit_dashboard_export, name="visit_dashboard_export"),
    # the visit plan
    path("plan/", plan.plan_list, name="plan_list"),
    path("plan/new/", plan.plan_create, name="plan_create"),
    path("plan/<int:plan_id>/", plan.plan_detail, name="plan_detail"),
    # The visit plan was called the "programme" before 2026-12; old links and bookmarks
    # still arrive.
    path("programmes/", RedirectView.as_view(pattern_name="visits:plan_list")),
    path("programmes/new/", RedirectView.as_view(pattern_name="visits:plan_create")),
    path(
        "programmes/<int:plan_id>/",
        RedirectView.as_view(pattern_name="visits:plan_detail"),
    ),
    # checklists
    path("checklists/", checklists.checklist_list, name="checklist_list"),
    path(
        "checklists/versions/<int:version_id>/xlsform.xlsx",
        checklists.checklist_export,
        name="checklist_export",
    ),
    path(f"{ONE}checklists/start/", checklists.submission_start, name="submission_start"),
    path(f"{ONE}checklists/import/", checklists.submission_import, name="submission_import"),
    path(
        "checklists/filled/<int:submission_id>/",
        checklists.submission_fill,
        name="submission_fill",
    ),
    # the visit report
    path(f"{ONE}report.<str:fmt>", reports.visit_report, name="visit_report"),
]
