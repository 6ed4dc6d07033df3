from django.urls import path

from vigil.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("export.csv", views.programme_export, name="prevention_export"),
    path("new/", views.programme_create, name="prevention_create"),
    path("<int:programme_id>/", views.programme_detail, name="prevention_detail"),
    path("<int:programme_id>/edit/", views.programme_edit, name="prevention_edit"),
    path("<int:programme_id>/logframe/add/", views.logframe_add, name="logframe_add"),
    path("logframe/<int:item_id>/edit/", views.logframe_edit, name="logframe_edit"),
    path("logframe/<int:item_id>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("indicators/<int:indicator_id>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path(
        "indicators/<int:indicator_id>/values/",
        views.indicator_value_add,
        name="indicator_value_add",
    ),
    path("<int:programme_id>/activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:programme_id>/outcomes/new/", views.outcome_create, name="outcome_create"),
    path("outcomes/<int:outcome_id>/edit/", views.outcome_edit, name="outcome_edit"),
    path("good-practice/", views.good_practice_list, name="good_practice_list"),
    path("good-practice/new/", views.good_practice_create, name="good_practice_create"),
    path("good-practice/<int:entry_id>/", views.good_practice_detail, name="good_practice_detail"),
    path("good-practice/<int:entry_id>/edit/", views.good_practice_edit, name="good_practice_edit"),
]

# Trainings of law enforcement officials (vigil/programmes/training_views.py).
from vigil.programmes import training_views  # noqa: E402

urlpatterns += [
    path("<int:programme_id>/trainings/", training_views.training_list, name="training_list"),
    path(
        "<int:programme_id>/trainings/new/",
        training_views.training_create,
        name="training_create",
    ),
    path(
        "activities/<int:activity_id>/training/",
        training_views.training_for_activity,
        name="training_for_activity",
    ),
    path("trainings/<int:training_id>/", training_views.training_detail, name="training_detail"),
    path(
        "trainings/<int:training_id>/participants/add/",
        training_views.training_group_add,
        name="training_group_add",
    ),
    path(
        "trainings/<int:training_id>/roster/add/",
        training_views.training_roster_add,
        name="training_roster_add",
    ),
    path(
        "trainings/roster/<int:entry_id>/",
        training_views.training_roster_edit,
        name="training_roster_edit",
    ),
    path(
        "trainings/<int:training_id>/certificates/",
        training_views.training_certificates,
        name="training_certificates",
    ),
    path(
        "trainings/roster/<int:entry_id>/certificate/",
        training_views.training_certificate,
        name="training_certificate",
    ),
    path(
        "trainings/learning-gain/",
        training_views.training_gain_by_topic,
        name="training_gain_by_topic",
    ),
]

# Programme reports and the Good Practice Report (vigil/programmes/report_views.py).
from vigil.programmes import report_views  # noqa: E402

urlpatterns += [
    path("<int:programme_id>/report/", report_views.programme_report, name="prevention_report"),
    path("good-practice/report/", report_views.good_practice_report, name="good_practice_report"),
]
