"""Addresses of the risk app, a block per area."""

from django.urls import path

from vigil.risk.views import configuration, gaps, mappings, place, priorities

app_name = "risk"

urlpatterns = [
    # The visit priority list (views/priorities.py).
    path("", priorities.risk_priorities, name="risk_priorities"),
    path("export.<str:fmt>", priorities.risk_priorities_export, name="risk_priorities_export"),
    path("recompute/", priorities.risk_recompute, name="risk_recompute"),
    path(
        "places/<int:place_id>/add-to-plan/",
        priorities.risk_add_to_plan,
        name="risk_add_to_plan",
    ),
    # One place's score explained (views/place.py).
    path("places/<int:place_id>/", place.risk_place, name="risk_place"),
    # Protection gaps (views/gaps.py).
    path("gaps/", gaps.risk_gaps, name="risk_gaps"),
    path("gaps/cell/", gaps.risk_gaps_cell, name="risk_gaps_cell"),
    path("gaps/export.xlsx", gaps.risk_gaps_xlsx, name="risk_gaps_xlsx"),
    path("gaps/report/", gaps.risk_gaps_pdf, name="risk_gaps_pdf"),
    # The scoring configuration and the catalogue of factors (views/configuration.py).
    path("configuration/", configuration.risk_configuration, name="risk_configuration"),
    path("factors/", configuration.risk_factors, name="risk_factors"),
    path("factors/new/", configuration.risk_factor_create, name="risk_factor_create"),
    # Checklist mappings (views/mappings.py).
    path("mappings/", mappings.risk_mappings, name="risk_mappings"),
    path(
        "mappings/<int:mapping_id>/remove/",
        mappings.risk_mapping_remove,
        name="risk_mapping_remove",
    ),
]
