"""URLs of the protection gaps (included from vigil/risk/urls.py under "gaps/")."""

from django.urls import path

from vigil.risk import views_gaps

urlpatterns = [
    path("", views_gaps.risk_gaps, name="risk_gaps"),
    path("cell/", views_gaps.risk_gaps_cell, name="risk_gaps_cell"),
    path("export.xlsx", views_gaps.risk_gaps_xlsx, name="risk_gaps_xlsx"),
    path("report/", views_gaps.risk_gaps_pdf, name="risk_gaps_pdf"),
]
