"""URLs of the people app: interviews (included by vigil.people.urls)."""

from django.urls import path

from vigil.people.views import interviews

urlpatterns = [
    path(
        "visits/<int:visit_id>/interviews/new/",
        interviews.interview_create,
        name="interview_create",
    ),
    path("interviews/", interviews.interview_list, name="interview_list"),
    path("interviews/export/", interviews.interview_export, name="interview_export"),
    path("interviews/<int:interview_id>/", interviews.interview_detail, name="interview_detail"),
    path("interviews/<int:interview_id>/edit/", interviews.interview_edit, name="interview_edit"),
    path(
        "interviews/<int:interview_id>/consent/",
        interviews.interview_consent,
        name="interview_consent",
    ),
    path(
        "interviews/<int:interview_id>/consent/withdraw/",
        interviews.interview_consent_withdraw,
        name="interview_consent_withdraw",
    ),
    path("persons/<int:person_id>/edit/", interviews.person_edit, name="person_edit"),
]
