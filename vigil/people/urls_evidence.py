"""URLs of the people app: the evidence vault (included by vigil.people.urls)."""

from django.urls import path

from vigil.people.views import evidence

urlpatterns = [
    path(
        "interviews/<int:interview_id>/evidence/new/",
        evidence.interview_evidence_add,
        name="interview_evidence_add",
    ),
    path("cases/<int:case_id>/evidence/new/", evidence.case_evidence_add, name="case_evidence_add"),
    path(
        "examinations/<int:examination_id>/evidence/new/",
        evidence.examination_evidence_add,
        name="examination_evidence_add",
    ),
    path("evidence/<int:evidence_id>/", evidence.evidence_detail, name="evidence_detail"),
    path(
        "evidence/<int:evidence_id>/download/", evidence.evidence_download, name="evidence_download"
    ),
    path("evidence/<int:evidence_id>/view/", evidence.evidence_view, name="evidence_view"),
]
