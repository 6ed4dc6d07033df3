from django.urls import path

from vigil.core import document_views, import_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("institution/switch/", views.institution_switch, name="institution_switch"),
    path("institution/settings/", views.institution_settings, name="institution_settings"),
    path("institution/members/", views.member_list, name="member_list"),
    path("institution/members/invite/", views.member_invite, name="member_invite"),
    path("institution/members/<int:membership_id>/", views.member_detail, name="member_detail"),
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("imports/<slug:importer_key>/", import_views.import_upload, name="import_upload"),
    path(
        "imports/<slug:importer_key>/<int:upload_id>/",
        import_views.import_map,
        name="import_map",
    ),
    path("jobs/<int:job_id>/", import_views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/progress/", import_views.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/problems.csv", import_views.job_problems_csv, name="job_problems"),
    path(
        "documents/<int:document_id>/download/",
        document_views.document_download,
        name="document_download",
    ),
    path("healthz", views.healthz, name="healthz"),
]
