from django.urls import path
from django.views.generic import RedirectView

from vigil.visits import views

app_name = "visits"

urlpatterns = [
    path("", views.visit_list, name="visit_list"),
    path("export.csv", views.visit_export, name="visit_export"),
    path("new/", views.visit_create, name="visit_create"),
    path("<int:visit_id>/", views.visit_detail, name="visit_detail"),
    path("<int:visit_id>/edit/", views.visit_edit, name="visit_edit"),
    path("<int:visit_id>/status/", views.visit_status, name="visit_status"),
    path("<int:visit_id>/team/", views.team_add, name="visit_team_add"),
    path("team/<int:member_id>/remove/", views.team_remove, name="visit_team_remove"),
    path("<int:visit_id>/observations/", views.observation_add, name="visit_observation_add"),
    path("<int:visit_id>/registers/", views.register_check_add, name="visit_register_add"),
    path("<int:visit_id>/report-sent/", views.report_sent, name="visit_report_sent"),
    path("<int:visit_id>/findings/new/", views.finding_create, name="finding_create"),
    path("findings/<int:finding_id>/act/", views.finding_act, name="finding_act"),
    path("plan/", views.plan_list, name="plan_list"),
    path("plan/new/", views.plan_create, name="plan_create"),
    path("plan/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    # The visit plan was called the "programme" before 2026-12; old links and bookmarks
    # still arrive.
    path("programmes/", RedirectView.as_view(pattern_name="visits:plan_list")),
    path("programmes/new/", RedirectView.as_view(pattern_name="visits:plan_create")),
    path(
        "programmes/<int:plan_id>/",
        RedirectView.as_view(pattern_name="visits:plan_detail"),
    ),
]

from vigil.visits import checklist_views  # noqa: E402

urlpatterns += [
    path("checklists/", checklist_views.checklist_list, name="checklist_list"),
    path(
        "checklists/versions/<int:version_id>/xlsform.xlsx",
        checklist_views.checklist_export,
        name="checklist_export",
    ),
    path(
        "<int:visit_id>/checklists/start/",
        checklist_views.submission_start,
        name="submission_start",
    ),
    path(
        "<int:visit_id>/checklists/import/",
        checklist_views.submission_import,
        name="submission_import",
    ),
    path(
        "checklists/filled/<int:submission_id>/",
        checklist_views.submission_fill,
        name="submission_fill",
    ),
]

from vigil.visits import report_views  # noqa: E402

urlpatterns += [
    path("<int:visit_id>/report.<str:fmt>", report_views.visit_report, name="visit_report"),
]
