from django.urls import path

from vigil.recommendations.views import dashboard, matrix, reminders
from vigil.recommendations.views import recommendations as recs

app_name = "recommendations"
ONE = "<int:recommendation_id>/"

urlpatterns = [
    # the register, a recommendation and its follow-up
    path("", recs.recommendation_list, name="recommendation_list"),
    path("export.csv", recs.recommendation_export, name="recommendation_export"),
    path("new/", recs.recommendation_create, name="recommendation_create"),
    path(ONE, recs.recommendation_detail, name="recommendation_detail"),
    path(f"{ONE}edit/", recs.recommendation_edit, name="recommendation_edit"),
    path(f"{ONE}responses/", recs.response_add, name="recommendation_response_add"),
    path(f"{ONE}status/", recs.status_add, name="recommendation_status_add"),
    path(f"{ONE}measures/", recs.measure_add, name="recommendation_measure_add"),
    path("measures/<int:measure_id>/", recs.measure_edit, name="recommendation_measure_edit"),
    # the matrix sent to an authority
    path("matrix/", matrix.matrix_page, name="recommendation_matrix"),
    path("matrix.xlsx", matrix.matrix_download, name="recommendation_matrix_xlsx"),
    # the follow-up dashboard
    path("dashboard/", dashboard.recommendation_dashboard, name="recommendation_dashboard"),
    path(
        "dashboard.csv",
        dashboard.recommendation_dashboard_export,
        name="recommendation_dashboard_export",
    ),
    # a person's reminders
    path("reminders/", reminders.reminder_list, name="reminder_list"),
    path("reminders/read-all/", reminders.reminder_read_all, name="reminder_read_all"),
    path("reminders/<int:reminder_id>/read/", reminders.reminder_read, name="reminder_read"),
    path("reminders/day/<int:digest_id>/", reminders.reminder_digest, name="reminder_digest"),
    path(
        "reminders/day/<int:digest_id>/read/",
        reminders.reminder_digest_read,
        name="reminder_digest_read",
    ),
]
