"""What the visits app adds to the platform (discovered by vigil.core.hooks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vigil.core import fulltext, hooks, searchable
from vigil.core.navigation import NavEntry
from vigil.core.roles import Capability
from vigil.visits import builtin, search
from vigil.visits.demo.builder import load_visits
from vigil.visits.demo.indonesian import load_indonesian
from vigil.visits.reports import jobs
from vigil.visits.selectors.lookups import FINDING, OPEN_PLACE, VISIT
from vigil.visits.selectors.overview import visits_overview, visits_steps
from vigil.visits.selectors.visits import urgent_findings_attention, visits_on_timeline

hooks.register(
    hooks.NAVIGATION, NavEntry(_("Visits"), "visits:visit_list", 20, Capability.VIEW_VISITS)
)
hooks.register(
    hooks.NAVIGATION, NavEntry(_("Visit plan"), "visits:plan_list", 21, Capability.VIEW_VISITS)
)
hooks.register(
    hooks.NAVIGATION, NavEntry(_("Checklists"), "visits:checklist_list", 22, Capability.VIEW_VISITS)
)
hooks.register(hooks.PLACE_TIMELINE, visits_on_timeline)
hooks.register(hooks.ATTENTION, urgent_findings_attention)
hooks.register(hooks.OVERVIEW, visits_overview)
hooks.register(hooks.GETTING_STARTED, visits_steps)
hooks.register(hooks.DEMO_STEP, load_visits, key="visits", after=["places"])
hooks.register(
    hooks.DEMO_STEP, load_indonesian, key="indonesian", after=["places", "visits", "programmes"]
)
hooks.register(hooks.BUILTIN_DATA, builtin.load_visit_vocabularies, key="visits")
hooks.register(
    hooks.BUILTIN_DATA, builtin.load_starter_checklists, key="checklists", after=["visits"]
)
hooks.register(hooks.JOB, jobs.generate_report, key=jobs.JOB_KIND)

searchable.register(OPEN_PLACE, VISIT, FINDING)
fulltext.register(search.VISIT, search.FINDING, search.OBSERVATION, search.CHECKLIST_ANSWERS)
