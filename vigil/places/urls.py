from django.urls import path

from vigil.places.views import places, population, register

app_name = "places"

urlpatterns = [
    # places: the list, its map and exports, a place
    path("", places.place_list, name="place_list"),
    path("new/", places.place_create, name="place_create"),
    path("map/", places.place_map, name="place_map"),
    path("map/places.json", places.place_map_data, name="place_map_data"),
    path("export.<str:fmt>", places.place_export, name="place_export"),
    path("<int:place_id>/", places.place_detail, name="place_detail"),
    path("<int:place_id>/edit/", places.place_edit, name="place_edit"),
    path("<int:place_id>/close/", places.place_close, name="place_close"),
    # population counts
    path("population/export.<str:fmt>", places.population_export, name="population_export"),
    path("<int:place_id>/population/", population.population_add, name="population_add"),
    path(
        "population/<int:snapshot_id>/delete/",
        population.population_delete,
        name="population_delete",
    ),
    # the register's own lists
    path("register/", register.register_settings, name="register_settings"),
]
