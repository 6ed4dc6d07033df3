from django.urls import path

from vigil.recommendations import dashboard_views, matrix_views, reminder_views, views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="recommendation_list"),
    path("export.csv", views.recommendation_export, name="recommendation_export"),
    path("new/", views.recommendation_create, name="recommendation_create"),
    path("matrix/", matrix_views.matrix_page, name="recommendation_matrix"),
    path("matrix.xlsx", matrix_views.matrix_download, name="recommendation_matrix_xlsx"),
    path("<int:recommendation_id>/", views.recommendation_detail, name="recommendation_detail"),
    path("<int:recommendation_id>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path(
        "<int:recommendation_id>/responses/", views.response_add, name="recommendation_response_add"
    ),
    path("<int:recommendation_id>/status/", views.status_add, name="recommendation_status_add"),
    path("<int:recommendation_id>/measures/", views.measure_add, name="recommendation_measure_add"),
    path("measures/<int:measure_id>/", views.measure_edit, name="recommendation_measure_edit"),
    path("dashboard/", dashboard_views.recommendation_dashboard, name="recommendation_dashboard"),
    path(
        "dashboard.csv",
        dashboard_views.recommendation_dashboard_export,
        name="recommendation_dashboard_export",
    ),
    path("reminders/", reminder_views.reminder_list, name="reminder_list"),
    path("reminders/read-all/", reminder_views.reminder_read_all, name="reminder_read_all"),
    path("reminders/<int:reminder_id>/read/", reminder_views.reminder_read, name="reminder_read"),
]
