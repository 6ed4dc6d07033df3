from django.urls import path

from vigil.recommendations.views import dashboard, matrix, recommendations, reminders

app_name = "recommendations"

urlpatterns = [
    # the register, a recommendation and its follow-up
    path("", recommendations.recommendation_list, name="recommendation_list"),
    path("export.csv", recommendations.recommendation_export, name="recommendation_export"),
    path("new/", recommendations.recommendation_create, name="recommendation_create"),
    path(
        "<int:recommendation_id>/",
        recommendations.recommendation_detail,
        name="recommendation_detail",
    ),
    path(
        "<int:recommendation_id>/edit/",
        recommendations.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "<int:recommendation_id>/responses/",
        recommendations.response_add,
        name="recommendation_response_add",
    ),
    path(
        "<int:recommendation_id>/status/",
        recommendations.status_add,
        name="recommendation_status_add",
    ),
    path(
        "<int:recommendation_id>/measures/",
        recommendations.measure_add,
        name="recommendation_measure_add",
    ),
    path(
        "measures/<int:measure_id>/",
        recommendations.measure_edit,
        name="recommendation_measure_edit",
    ),
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
]
