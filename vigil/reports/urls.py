from django.urls import path

from vigil.reports import views

app_name = "reports"

urlpatterns = [
    path("annual/", views.annual_list, name="annual_list"),
    path("annual/<int:report_id>/", views.annual_detail, name="annual_detail"),
    path("annual/<int:report_id>/chapters/new/", views.chapter_add, name="chapter_add"),
    path("annual/<int:report_id>/generate/", views.annual_generate, name="annual_generate"),
    path(
        "annual/<int:report_id>/<slug:action>/", views.annual_transition, name="annual_transition"
    ),
    path("annual/chapters/<int:chapter_id>/", views.chapter_edit, name="chapter_edit"),
    path(
        "annual/chapters/<int:chapter_id>/arrange/", views.chapter_arrange, name="chapter_arrange"
    ),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/<int:submission_id>/", views.submission_detail, name="submission_detail"),
    path(
        "submissions/<int:submission_id>/generate/",
        views.submission_generate,
        name="submission_generate",
    ),
]
