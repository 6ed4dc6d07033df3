"""What the places app adds to the platform (discovered by vigil.core.hooks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vigil.core import hooks
from vigil.core.navigation import NavEntry
from vigil.core.roles import Capability
from vigil.places import builtin, demo, importers, timeline_entries

hooks.register(
    hooks.NAVIGATION, NavEntry(_("Places"), "places:place_list", 10, Capability.VIEW_PLACES)
)
hooks.register(hooks.PLACE_TIMELINE, timeline_entries.population_entries)
hooks.register(hooks.DEMO_STEP, demo.load_places, key="places")
hooks.register(hooks.BUILTIN_DATA, builtin.load_place_kinds, key="places")
hooks.register(hooks.IMPORTER, importers.PLACES_IMPORTER, key=importers.PLACES_IMPORTER.key)
hooks.register(hooks.IMPORTER, importers.POPULATION_IMPORTER, key=importers.POPULATION_IMPORTER.key)
