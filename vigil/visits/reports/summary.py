"""The opening parts of the visit report: the summary and the methodology."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core.redaction import Block, BulletList, Fact, Facts, Item, Paragraph, Section
from vigil.visits.models import Finding, Severity, Visit
from vigil.visits.reports.common import (
    check_period,
    joined,
    paragraphs,
    staff_mention,
    team_in_order,
    visit_dates,
)


def summary_section(visit: Visit, findings: list[Finding]) -> Section:
    place = visit.place
    blocks: list[Block] = []
    if visit.summary.strip():
        blocks.extend(paragraphs(visit.summary))
    else:
        blocks.append(
            Paragraph(
                [
                    _(
                        "%(institution)s visited %(place)s (%(kind)s; operating authority: "
                        "%(authority)s) %(dates)s."
                    )
                    % {
                        "institution": visit.institution.name,
                        "place": place.name,
                        "kind": place.kind.label,
                        "authority": place.authority.name,
                        "dates": visit_dates(visit),
                    }
                ]
            )
        )
    urgent = sum(1 for f in findings if f.severity == Severity.URGENT)
    counted = ngettext("%(n)s finding", "%(n)s findings", len(findings)) % {"n": len(findings)}
    if urgent:
        counted += " " + ngettext("(%(n)s urgent)", "(%(n)s urgent)", urgent) % {"n": urgent}
    facts = [
        Fact(_("Type of visit"), [visit.get_visit_type_display()]),
        Fact(_("Notice"), [_("announced") if visit.announced else _("unannounced")]),
        Fact(_("Dates"), [visit_dates(visit)]),
        Fact(
            _("Team"),
            joined([[staff_mention(m, with_role=True)] for m in team_in_order(visit)])
            or [_("not recorded")],
        ),
        Fact(
            _("Focus themes"),
            [", ".join(t.name for t in visit.themes.all()) or _("none chosen")],
        ),
        Fact(_("Findings"), [counted]),
    ]
    if visit.objectives.strip():
        facts.insert(4, Fact(_("Objectives"), [" ".join(visit.objectives.split())]))
    blocks.append(Facts(facts))
    return Section(_("Summary"), key="summary", blocks=blocks)


def methodology_section(visit: Visit) -> Section:
    if visit.methodology.strip():
        return Section(_("Methodology"), key="methodology", blocks=paragraphs(visit.methodology))
    blocks: list[Block] = [
        Paragraph(
            [
                _(
                    "The team followed the preventive visit method: a talk with the management "
                    "on arrival, a tour of the premises, private interviews with persons deprived "
                    "of liberty and talks with staff, the examination of registers and a final "
                    "talk with the management. What detainees said, what staff said, what the "
                    "team saw and what the documents showed were checked against each other."
                )
            ]
        )
    ]
    checks = list(visit.register_checks.all())
    if checks:
        blocks.append(
            BulletList(
                title=_("Registers examined"),
                items=[
                    Item(
                        [
                            _("%(register)s, entries from %(period)s")
                            % {"register": c.get_register_display(), "period": check_period(c)}
                        ],
                        source=f"visits.registercheck:{c.pk}",
                    )
                    for c in checks
                ],
            )
        )
    checklists = list(visit.checklists.all())
    if checklists:
        blocks.append(
            BulletList(
                title=_("Checklists used"),
                items=[
                    Item(
                        [
                            _("%(title)s (version %(version)s)")
                            % {"title": s.version.template.title, "version": s.version.version}
                        ],
                        source=f"visits.checklistsubmission:{s.pk}",
                    )
                    for s in checklists
                ],
            )
        )
    return Section(_("Methodology"), key="methodology", blocks=blocks)
