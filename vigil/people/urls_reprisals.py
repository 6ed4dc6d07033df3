"""URLs of the people app: the people home page, reprisals, check-backs, search, statistics."""

from django.urls import path

from vigil.people.views import home, reprisals, search

urlpatterns = [
    path("", home.people_home, name="people_home"),
    path("reprisals/", reprisals.reprisal_list, name="reprisal_list"),
    path("reprisals/new/", reprisals.reprisal_create, name="reprisal_create"),
    path("reprisals/<int:reprisal_id>/", reprisals.reprisal_detail, name="reprisal_detail"),
    path("reprisals/<int:reprisal_id>/edit/", reprisals.reprisal_edit, name="reprisal_edit"),
    path("check-backs/", reprisals.check_back_list, name="check_back_list"),
    path("check-backs/new/", reprisals.check_back_create, name="check_back_create"),
    path(
        "check-backs/<int:check_back_id>/done/",
        reprisals.check_back_done,
        name="check_back_done",
    ),
    path("search/", search.people_search, name="people_search"),
]
