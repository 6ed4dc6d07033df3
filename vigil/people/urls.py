"""URLs of the people app, one module per area."""

from django.urls import include, path

from vigil.people.views import consent

app_name = "people"

urlpatterns = [
    path("", include("vigil.people.urls_interviews")),
    path("", include("vigil.people.urls_cases")),
    path("", include("vigil.people.urls_medical")),
    path("", include("vigil.people.urls_evidence")),
    path("", include("vigil.people.urls_reprisals")),
    path(
        "cases/<int:case_id>/victims/<int:person_id>/consent/",
        consent.case_consent,
        name="case_consent",
    ),
    path(
        "cases/<int:case_id>/victims/<int:person_id>/consent/withdraw/",
        consent.case_consent_withdraw,
        name="case_consent_withdraw",
    ),
]
