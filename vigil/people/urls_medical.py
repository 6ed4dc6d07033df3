"""URLs of the people app: medical (included by vigil.people.urls)."""

from django.urls import path

from vigil.people.views import medical

urlpatterns = [
    path(
        "cases/<int:case_id>/examinations/new/",
        medical.examination_create,
        name="examination_create",
    ),
    path(
        "examinations/<int:examination_id>/", medical.examination_detail, name="examination_detail"
    ),
    path(
        "examinations/<int:examination_id>/edit/", medical.examination_edit, name="examination_edit"
    ),
    path(
        "examinations/<int:examination_id>/marks/add/",
        medical.examination_mark_add,
        name="examination_mark_add",
    ),
    path(
        "marks/<int:mark_id>/remove/",
        medical.examination_mark_remove,
        name="examination_mark_remove",
    ),
    path(
        "examinations/<int:examination_id>/psychological/add/",
        medical.examination_psychological_add,
        name="examination_psychological_add",
    ),
    path(
        "examinations/<int:examination_id>/report/",
        medical.examination_report,
        name="examination_report",
    ),
]
