"""What the places app adds to the platform (discovered by vigil.core.hooks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vigil.core import fulltext, hooks, searchable
from vigil.core.navigation import NavEntry
from vigil.core.roles import Capability
from vigil.places import search
from vigil.places.builtin import load_place_kinds
from vigil.places.demo.builder import load_places
from vigil.places.imports.places import PLACES_IMPORTER
from vigil.places.imports.population import POPULATION_IMPORTER
from vigil.places.selectors.lookups import AREA, AUTHORITY, PARENT_AREA, PLACE
from vigil.places.selectors.places import places_steps
from vigil.places.selectors.population import population_on_timeline

hooks.register(
    hooks.NAVIGATION, NavEntry(_("Places"), "places:place_list", 10, Capability.VIEW_PLACES)
)
hooks.register(hooks.PLACE_TIMELINE, population_on_timeline)
hooks.register(hooks.GETTING_STARTED, places_steps)
hooks.register(hooks.DEMO_STEP, load_places, key="places")
hooks.register(hooks.BUILTIN_DATA, load_place_kinds, key="places")
hooks.register(hooks.IMPORTER, PLACES_IMPORTER, key=PLACES_IMPORTER.key)
hooks.register(hooks.IMPORTER, POPULATION_IMPORTER, key=POPULATION_IMPORTER.key)

searchable.register(PLACE, AUTHORITY, AREA, PARENT_AREA)
fulltext.register(search.PLACE)
