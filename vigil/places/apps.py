from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "vigil.places"
    label = "places"
    verbose_name = _("Places of detention")

    def ready(self) -> None:
        from vigil.core.demo import register_step
        from vigil.core.navigation import NavEntry, register
        from vigil.core.roles import Capability
        from vigil.places import builtin, importers  # noqa: F401  (register data and importers)
        from vigil.places.demo import load_places
        from vigil.places.timeline import register_provider
        from vigil.places.timeline_entries import population_entries

        register(
            NavEntry(_("Places"), "places:place_list", order=10, capability=Capability.VIEW_PLACES)
        )
        register_provider(population_entries)
        register_step(load_places)
