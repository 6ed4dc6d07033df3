"""What the prevention programmes app adds to the platform (discovered by vigil.core.hooks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vigil.core import fulltext, hooks, searchable
from vigil.core.access import actor_can
from vigil.core.models import Membership
from vigil.core.navigation import NavEntry
from vigil.core.panels import Panel
from vigil.core.roles import Capability
from vigil.programmes import search
from vigil.programmes.demo.builder import load_programmes
from vigil.programmes.imports.roster import ROSTER_IMPORTER
from vigil.programmes.reports.certificates import CERTIFICATE_JOB, generate_certificates
from vigil.programmes.reports.common import mentors_by_audience
from vigil.programmes.reports.jobs import (
    GOOD_PRACTICE_JOB,
    PROGRAMME_JOB,
    generate_good_practice_report,
    generate_programme_report,
)
from vigil.programmes.selectors.lookups import PROGRAMME
from vigil.programmes.selectors.programmes import outcomes_for_recommendation
from vigil.recommendations.models import Recommendation

hooks.register(
    hooks.NAVIGATION,
    NavEntry(_("Prevention"), "programmes:programme_list", 40, Capability.VIEW_PROGRAMMES),
)


@hooks.register(hooks.RECOMMENDATION_PANEL)
def recommendation_outcomes_panel(recommendation: Recommendation, actor: Membership) -> Panel:
    """The programme outcomes that claim to implement the recommendation."""
    outcomes = list(outcomes_for_recommendation(actor=actor, recommendation=recommendation))
    return (
        "programmes/_recommendation_outcomes_panel.html",
        {
            "outcomes": outcomes,
            # Everyone may see programmes today; the link follows the capability if that changes.
            "can_view_programmes": actor_can(actor, Capability.VIEW_PROGRAMMES),
        },
    )


hooks.register(hooks.REDACTION_RULE, mentors_by_audience)
hooks.register(hooks.JOB, generate_programme_report, key=PROGRAMME_JOB)
hooks.register(hooks.JOB, generate_good_practice_report, key=GOOD_PRACTICE_JOB)
hooks.register(hooks.JOB, generate_certificates, key=CERTIFICATE_JOB)
hooks.register(
    hooks.DEMO_STEP, load_programmes, key="programmes", after=["recommendations", "risk"]
)

searchable.register(PROGRAMME)
fulltext.register(search.PROGRAMME, search.ACTIVITY, search.TRAINING, search.GOOD_PRACTICE)

hooks.register(hooks.IMPORTER, ROSTER_IMPORTER, key=ROSTER_IMPORTER.key)
