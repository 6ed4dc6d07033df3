"""URLs of the people app: interviews (included by vigil.people.urls)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
