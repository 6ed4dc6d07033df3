"""Addresses of the prevention programmes app, a block per area."""

from django.urls import path

from vigil.programmes.views import good_practice, programmes, reports, training

app_name = "programmes"

urlpatterns = [
    # Programmes, their logframe, indicators, activities and outcomes (views/programmes.py).
    path("", programmes.programme_list, name="programme_list"),
    path("export.csv", programmes.programme_export, name="prevention_export"),
    path("new/", programmes.programme_create, name="prevention_create"),
    path("<int:programme_id>/", programmes.programme_detail, name="prevention_detail"),
    path("<int:programme_id>/edit/", programmes.programme_edit, name="prevention_edit"),
    path("<int:programme_id>/logframe/add/", programmes.logframe_add, name="logframe_add"),
    path("logframe/<int:item_id>/edit/", programmes.logframe_edit, name="logframe_edit"),
    path("logframe/<int:item_id>/delete/", programmes.logframe_delete, name="logframe_delete"),
    path("logframe/<int:item_id>/move/", programmes.logframe_move, name="logframe_move"),
    path("logframe/<int:item_id>/indicators/add/", programmes.indicator_add, name="indicator_add"),
    path("indicators/<int:indicator_id>/", programmes.indicator_detail, name="indicator_detail"),
    path("indicators/<int:indicator_id>/edit/", programmes.indicator_edit, name="indicator_edit"),
    path(
        "indicators/<int:indicator_id>/values/",
        programmes.indicator_value_add,
        name="indicator_value_add",
    ),
    path("<int:programme_id>/activities/new/", programmes.activity_create, name="activity_create"),
    path("activities/<int:activity_id>/edit/", programmes.activity_edit, name="activity_edit"),
    path("<int:programme_id>/outcomes/new/", programmes.outcome_create, name="outcome_create"),
    path("outcomes/<int:outcome_id>/edit/", programmes.outcome_edit, name="outcome_edit"),
    # Good practice (views/good_practice.py).
    path("good-practice/", good_practice.good_practice_list, name="good_practice_list"),
    path("good-practice/new/", good_practice.good_practice_create, name="good_practice_create"),
    path(
        "good-practice/<int:entry_id>/",
        good_practice.good_practice_detail,
        name="good_practice_detail",
    ),
    path(
        "good-practice/<int:entry_id>/edit/",
        good_practice.good_practice_edit,
        name="good_practice_edit",
    ),
    # Trainings of law enforcement officials (views/training.py).
    path("<int:programme_id>/trainings/", training.training_list, name="training_list"),
    path("<int:programme_id>/trainings/new/", training.training_create, name="training_create"),
    path(
        "activities/<int:activity_id>/training/",
        training.training_for_activity,
        name="training_for_activity",
    ),
    path("trainings/<int:training_id>/", training.training_detail, name="training_detail"),
    path(
        "trainings/<int:training_id>/participants/add/",
        training.training_group_add,
        name="training_group_add",
    ),
    path(
        "trainings/<int:training_id>/roster/add/",
        training.training_roster_add,
        name="training_roster_add",
    ),
    path(
        "trainings/roster/<int:entry_id>/",
        training.training_roster_edit,
        name="training_roster_edit",
    ),
    path(
        "trainings/<int:training_id>/certificates/",
        training.training_certificates,
        name="training_certificates",
    ),
    path(
        "trainings/roster/<int:entry_id>/certificate/",
        training.training_certificate,
        name="training_certificate",
    ),
    path(
        "trainings/questions/",
        training.training_question_bank,
        name="training_question_bank",
    ),
    path(
        "trainings/<int:training_id>/questions/",
        training.training_questions,
        name="training_questions",
    ),
    path(
        "trainings/roster/<int:entry_id>/answers/",
        training.training_answers,
        name="training_answers",
    ),
    path(
        "trainings/learning-gain/",
        training.training_gain_by_topic,
        name="training_gain_by_topic",
    ),
    # Programme reports and the Good Practice Report (views/reports.py).
    path("<int:programme_id>/report/", reports.programme_report, name="prevention_report"),
    path("good-practice/report/", reports.good_practice_report, name="good_practice_report"),
]
