"""URLs of the risk app."""

from django.urls import include, path

from vigil.risk import views

app_name = "risk"

urlpatterns = [
    path("", views.risk_priorities, name="risk_priorities"),
    path("gaps/", include("vigil.risk.urls_gaps")),
    path("export.<str:fmt>", views.risk_priorities_export, name="risk_priorities_export"),
    path("recompute/", views.risk_recompute, name="risk_recompute"),
    path("places/<int:place_id>/", views.risk_place, name="risk_place"),
    path(
        "places/<int:place_id>/add-to-plan/",
        views.risk_add_to_plan,
        name="risk_add_to_plan",
    ),
    path("configuration/", views.risk_configuration, name="risk_configuration"),
    path("factors/", views.risk_factors, name="risk_factors"),
    path("factors/new/", views.risk_factor_create, name="risk_factor_create"),
    path("mappings/", views.risk_mappings, name="risk_mappings"),
    path(
        "mappings/<int:mapping_id>/remove/",
        views.risk_mapping_remove,
        name="risk_mapping_remove",
    ),
]
