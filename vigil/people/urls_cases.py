"""URLs of the people app: cases (included by vigil.people.urls)."""

from django.urls import path

from vigil.people.views import cases

urlpatterns = [
    path("cases/", cases.case_list, name="case_list"),
    path("cases/export/", cases.case_export, name="case_export"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/overdue/", cases.case_overdue, name="case_overdue"),
    path("cases/deadlines/", cases.case_deadlines, name="case_deadlines"),
    path("cases/<int:case_id>/", cases.case_detail, name="case_detail"),
    path("cases/<int:case_id>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:case_id>/move/", cases.case_move, name="case_move"),
    path("cases/<int:case_id>/team/", cases.case_team, name="case_team"),
    path("cases/<int:case_id>/perpetrators/add/", cases.perpetrator_add, name="perpetrator_add"),
    path("cases/<int:case_id>/referrals/add/", cases.referral_add, name="referral_add"),
    path(
        "referrals/<int:referral_id>/follow-up/",
        cases.referral_follow_up,
        name="referral_follow_up",
    ),
]
