"""URLs of the people app: medical (included by vigil.people.urls)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
