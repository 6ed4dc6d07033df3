"""What custody registers add to the other apps: the job, panels, retention, risk evidence."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core import hooks
from vigil.core.navigation import NavEntry
from vigil.core.retention import RetentionRule
from vigil.core.roles import Capability
from vigil.registers import jobs, panels, report, services
from vigil.registers.models import CustodyRegister

hooks.register(hooks.JOB, jobs.run_intake, key=jobs.JOB_KIND)
hooks.register(
    hooks.NAVIGATION,
    NavEntry(gettext_lazy("Registers"), "registers:register_list", 45, Capability.VIEW_PLACES),
)
hooks.register(hooks.PLACE_PANEL, panels.place_panel, order=35)
hooks.register(hooks.VISIT_PANEL, panels.visit_panel, order=35)
hooks.register(hooks.RISK_EVIDENCE, panels.risk_evidence, key="custody_registers")

REGISTERS = RetentionRule(
    key="custody_registers",
    label=gettext_lazy("Custody register extracts"),
    action=gettext_lazy("deleted"),
    model=CustodyRegister,
    dated_by="created_at",
    remove=services.registers_remove,
    describe=lambda register: _("Register extract %(number)s") % {"number": register.pk},
)
hooks.register(hooks.RETENTION, REGISTERS, key=REGISTERS.key, order=80)
hooks.register(hooks.VISIT_REPORT_SECTION, report.visit_registers_section)
