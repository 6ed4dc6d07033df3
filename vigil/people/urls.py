"""URLs of the people app, one block per area."""

from django.urls import path

from vigil.people.views import (
    cases,
    consent,
    evidence,
    home,
    interviews,
    medical,
    reprisals,
    search,
)

app_name = "people"

urlpatterns = [
    # Interviews
    path(
        "visits/<int:visit_id>/interviews/new/",
        interviews.interview_create,
        name="interview_create",
    ),
    path("interviews/", interviews.interview_list, name="interview_list"),
    path("interviews/export/", interviews.interview_export, name="interview_export"),
    path(
        "interviews/export/named/",
        interviews.interview_export_named,
        name="interview_export_named",
    ),
    path("interviews/<int:interview_id>/", interviews.interview_detail, name="interview_detail"),
    path("interviews/<int:interview_id>/edit/", interviews.interview_edit, name="interview_edit"),
    path(
        "interviews/<int:interview_id>/consent/",
        interviews.interview_consent,
        name="interview_consent",
    ),
    path(
        "interviews/<int:interview_id>/consent/withdraw/",
        interviews.interview_consent_withdraw,
        name="interview_consent_withdraw",
    ),
    path("persons/<int:person_id>/edit/", interviews.person_edit, name="person_edit"),
    # Cases
    path("cases/", cases.case_list, name="case_list"),
    path("cases/export/", cases.case_export, name="case_export"),
    path("cases/export/named/", cases.case_export_named, name="case_export_named"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/overdue/", cases.case_overdue, name="case_overdue"),
    path("cases/deadlines/", cases.case_deadlines, name="case_deadlines"),
    path("cases/<int:case_id>/", cases.case_detail, name="case_detail"),
    path("cases/<int:case_id>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:case_id>/move/", cases.case_move, name="case_move"),
    path("cases/<int:case_id>/team/", cases.case_team, name="case_team"),
    path("cases/<int:case_id>/legal-hold/", cases.case_legal_hold, name="case_legal_hold"),
    path("cases/<int:case_id>/perpetrators/add/", cases.perpetrator_add, name="perpetrator_add"),
    path("cases/<int:case_id>/referrals/add/", cases.referral_add, name="referral_add"),
    path(
        "referrals/<int:referral_id>/follow-up/",
        cases.referral_follow_up,
        name="referral_follow_up",
    ),
    # Medical documentation
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
    # The evidence vault
    path(
        "interviews/<int:interview_id>/evidence/new/",
        evidence.interview_evidence_add,
        name="interview_evidence_add",
    ),
    path("cases/<int:case_id>/evidence/new/", evidence.case_evidence_add, name="case_evidence_add"),
    path(
        "examinations/<int:examination_id>/evidence/new/",
        evidence.examination_evidence_add,
        name="examination_evidence_add",
    ),
    path("evidence/<int:evidence_id>/", evidence.evidence_detail, name="evidence_detail"),
    path(
        "evidence/<int:evidence_id>/download/", evidence.evidence_download, name="evidence_download"
    ),
    path("evidence/<int:evidence_id>/view/", evidence.evidence_view, name="evidence_view"),
    # The people home page, reprisals, check-backs and search
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
    # Consent of a case's victims
    path(
        "cases/<int:case_id>/victims/<int:person_id>/consent/",
        consent.case_consent,
        name="case_consent",
    ),
    path(
        "cases/<int:case_id>/victims/<int:person_id>/consent/withdraw/",
        consent.case_consent_withdraw,
        name="case_consent_withdraw",
    ),
]
