from django.urls import path

from vigil.places import views

app_name = "places"

urlpatterns = [
    path("", views.place_list, name="place_list"),
    path("new/", views.place_create, name="place_create"),
    path("map/", views.place_map, name="place_map"),
    path("map/places.json", views.place_map_data, name="place_map_data"),
    path("export.<str:fmt>", views.place_export, name="place_export"),
    path("population/export.<str:fmt>", views.population_export, name="population_export"),
    path("register/", views.register_settings, name="register_settings"),
    path("<int:place_id>/", views.place_detail, name="place_detail"),
    path("<int:place_id>/edit/", views.place_edit, name="place_edit"),
    path("<int:place_id>/close/", views.place_close, name="place_close"),
    path("<int:place_id>/population/", views.population_add, name="population_add"),
    path(
        "population/<int:snapshot_id>/delete/",
        views.population_delete,
        name="population_delete",
    ),
]
