from django.urls import path

from vigil.core.views import (
    audit,
    documents,
    home,
    imports,
    jobs,
    language,
    lookup,
    members,
    retention,
    system,
    terms,
)

app_name = "core"

urlpatterns = [
    # home and institution
    path("", home.home, name="home"),
    path("institution/switch/", home.institution_switch, name="institution_switch"),
    path("language/", language.language_set, name="language_set"),
    path("institution/terms/", terms.term_wordings, name="term_wordings"),
    path("institution/settings/", home.institution_settings, name="institution_settings"),
    # retention of personal data
    path("institution/retention/", retention.retention_settings, name="retention_settings"),
    path(
        "institution/retention/expiring/", retention.retention_expiring, name="retention_expiring"
    ),
    # members
    path("institution/members/", members.member_list, name="member_list"),
    path("institution/members/invite/", members.member_invite, name="member_invite"),
    path("institution/members/<int:membership_id>/", members.member_detail, name="member_detail"),
    # audit trail
    path("audit/", audit.audit_list, name="audit_list"),
    path("audit/export.csv", audit.audit_export, name="audit_export"),
    # imports and jobs
    path("imports/<slug:importer_key>/", imports.import_upload, name="import_upload"),
    path("imports/<slug:importer_key>/<int:upload_id>/", imports.import_map, name="import_map"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/progress/", jobs.job_progress, name="job_progress"),
    path("jobs/<int:job_id>/retry/", jobs.job_start_again, name="job_retry"),
    path("jobs/<int:job_id>/problems.csv", jobs.job_problems_csv, name="job_problems"),
    # generated documents
    path(
        "documents/<int:document_id>/download/",
        documents.document_download,
        name="document_download",
    ),
    # searchable choices (ADR 0022)
    path("lookup/<slug:kind>/", lookup.lookup, name="lookup"),
    # system
    path("healthz", system.healthz, name="healthz"),
]
