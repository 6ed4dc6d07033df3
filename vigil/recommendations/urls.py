from django.urls import path

from vigil.recommendations import views

urlpatterns = [
    path("", views.recommendation_list, name="recommendation_list"),
    path("export.csv", views.recommendation_export, name="recommendation_export"),
    path("new/", views.recommendation_create, name="recommendation_create"),
    path("<int:recommendation_id>/", views.recommendation_detail, name="recommendation_detail"),
    path("<int:recommendation_id>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path(
        "<int:recommendation_id>/responses/", views.response_add, name="recommendation_response_add"
    ),
    path("<int:recommendation_id>/status/", views.status_add, name="recommendation_status_add"),
    path("<int:recommendation_id>/measures/", views.measure_add, name="recommendation_measure_add"),
    path("measures/<int:measure_id>/", views.measure_edit, name="recommendation_measure_edit"),
]
