"""The annexes of the visit report: the team, the registers examined, the checklists used."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vigil.core.redaction import Paragraph, Row, Section, Table
from vigil.visits.models import Visit
from vigil.visits.reports.common import check_period, staff_mention, team_in_order


def annexes_section(visit: Visit) -> Section:
    team = Table(
        headers=[_("Name"), _("Role")],
        rows=[
            Row([[staff_mention(m, with_role=False)], [m.get_role_display()]])
            for m in team_in_order(visit)
        ],
    )
    registers = Table(
        headers=[_("Register"), _("Period"), _("Entries examined"), _("Irregularities")],
        rows=[
            Row(
                [
                    [c.get_register_display()],
                    [check_period(c)],
                    ["—" if c.entries_examined is None else str(c.entries_examined)],
                    [str(c.irregularity_count)],
                ],
                source=f"visits.registercheck:{c.pk}",
            )
            for c in visit.register_checks.all()
        ],
    )
    checklists = Table(
        headers=[_("Checklist"), _("Version"), _("State"), _("Source")],
        rows=[
            Row(
                [
                    [s.version.template.title],
                    [s.version.version],
                    [_("complete") if s.is_complete else _("in progress")],
                    [s.get_source_display()],
                ],
                source=f"visits.checklistsubmission:{s.pk}",
            )
            for s in visit.checklists.all()
        ],
    )
    none = Paragraph([_("None.")])
    return Section(
        _("Annexes"),
        key="annexes",
        sections=[
            Section(_("Annex 1: Team"), key="annex-team", blocks=[team if team.rows else none]),
            Section(
                _("Annex 2: Registers examined"),
                key="annex-registers",
                blocks=[registers if registers.rows else none],
            ),
            Section(
                _("Annex 3: Checklists used"),
                key="annex-checklists",
                blocks=[checklists if checklists.rows else none],
            ),
        ],
    )
