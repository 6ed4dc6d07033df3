"""URLs of the people app, one module per area."""

from django.urls import include, path

urlpatterns = [
    path("", include("vigil.people.urls_interviews")),
    path("", include("vigil.people.urls_cases")),
    path("", include("vigil.people.urls_medical")),
    path("", include("vigil.people.urls_evidence")),
    path("", include("vigil.people.urls_reprisals")),
]
