from django.urls import path

from vigil.registers import views

app_name = "registers"

urlpatterns = [
    path("", views.register_list, name="register_list"),
    path("upload/", views.register_upload, name="register_upload"),
    path("limits/", views.register_limits, name="register_limits"),
    path("safeguards/", views.safeguards, name="safeguards"),
    path("<int:register_id>/", views.register_detail, name="register_detail"),
    path("<int:register_id>/map/", views.register_map, name="register_map"),
    path("<int:register_id>/rows/", views.register_rows, name="register_rows"),
    path("<int:register_id>/delete/", views.register_delete, name="register_delete"),
]
