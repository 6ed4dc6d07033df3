"""URLs of the risk app."""

from django.urls import path

from vigil.risk import views

urlpatterns = [
    path("", views.risk_priorities, name="risk_priorities"),
]
