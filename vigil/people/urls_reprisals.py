"""URLs of the people app: the people home page, reprisals, check-backs, search, statistics."""

from django.urls import path

from vigil.people.views import home

urlpatterns = [
    path("", home.people_home, name="people_home"),
]
