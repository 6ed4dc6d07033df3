"""What the reports app adds to the platform (discovered by vigil.core.hooks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vigil.core import hooks
from vigil.core.navigation import NavEntry
from vigil.core.roles import Capability
from vigil.reports import jobs
from vigil.reports.demo import load_annual_report

hooks.register(
    hooks.NAVIGATION,
    NavEntry(_("Annual report"), "reports:annual_list", 50, Capability.VIEW_VISITS),
)
hooks.register(hooks.JOB, jobs.generate_annual_report, key=jobs.JOB_KIND)
hooks.register(
    hooks.DEMO_STEP,
    load_annual_report,
    key="annual_report",
    after=["places", "visits", "recommendations", "programmes"],
)
hooks.register(hooks.JOB, jobs.generate_submission, key=jobs.SUBMISSION_JOB_KIND)
hooks.register(
    hooks.NAVIGATION,
    NavEntry(_("UN submissions"), "reports:submission_list", 51, Capability.VIEW_VISITS),
)
