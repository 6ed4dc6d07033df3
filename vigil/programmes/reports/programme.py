"""The programme report (`build_programme_report`): a summary (the protection gap, champion,
mentors, partners, period, budget), the logframe and its indicators (`reports.logframe`),
the activities, the trainings (`reports.trainings`), the outcomes with their evidence and the
contribution claimed, and the lessons (the programme's good-practice entries). It is built as
`DocumentData` and redacted for its audience (`reports.common` on names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core.models import Membership
from vigil.core.money import amount
from vigil.core.redaction import (
    MENTION_STAFF,
    Audience,
    Block,
    BulletList,
    DocumentData,
    Fact,
    Facts,
    Item,
    Mention,
    Paragraph,
    Row,
    Section,
    Table,
)
from vigil.programmes.models import Programme
from vigil.programmes.reports.common import (
    MENTION_MENTOR,
    RosterNames,
    day,
    period,
    practice_part,
    redacted_document,
)
from vigil.programmes.reports.logframe import IndicatorFigure, logframe_parts
from vigil.programmes.reports.trainings import trainings_part
from vigil.programmes.selectors.reports import programme_for_report

# Who may read a programme report; the Good Practice Report is always public.
PROGRAMME_AUDIENCES = (Audience.INTERNAL, Audience.PUBLIC)


@dataclass
class ProgrammeReport:
    """The redacted document and the charts of the indicators' parts it kept."""

    document: DocumentData
    # By the source of the indicator's part ("programmes.indicator:12"); the PDF draws a
    # chart only where that part survived redaction.
    figures: dict[str, IndicatorFigure] = field(default_factory=dict)


def _summary(programme: Programme, names: RosterNames) -> Section:
    """The protection gap, champion, mentors, partners, period, budget and status."""
    blocks: list[Block] = []
    if programme.summary.strip():
        blocks.extend(names.paragraphs(programme.summary))
    champion = programme.champion
    budget = "—"
    if programme.budget is not None:
        budget = amount(programme.budget, programme.currency)
    if programme.funding:
        has_budget = programme.budget is not None
        budget = f"{budget} ({programme.funding})" if has_budget else programme.funding
    partners = [" ".join(programme.partners.split())] if programme.partners.strip() else []
    partners += [a.name for a in programme.partner_authorities.all()]
    gap_places = [
        *(t.name for t in programme.themes.all()),
        *(k.name for k in programme.place_kinds.all()),
        *(p.name for p in programme.places.all()),
    ]
    facts = [
        Fact(_("Protection gap addressed"), names.runs(programme.protection_gap)),
        Fact(
            _("Champion"),
            [
                Mention(
                    kind=MENTION_STAFF,
                    name=champion.get_full_name() or champion.email,
                    role=_("the programme's champion"),
                    ref=f"core.user:{champion.pk}",
                )
            ],
        ),
        Fact(
            _("Mentors"),
            [Mention(kind=MENTION_MENTOR, name=programme.mentors, role=_("expert mentors"))]
            if programme.mentors.strip()
            else ["—"],
        ),
        Fact(_("Partners"), names.runs("; ".join(partners)) if partners else ["—"]),
        Fact(_("Period"), [period(programme.starts_on, programme.ends_on)]),
        Fact(_("Budget"), [budget]),
        Fact(_("Status"), [programme.get_status_display()]),
    ]
    if gap_places:
        facts.insert(1, Fact(_("Themes and places"), [", ".join(gap_places)]))
    blocks.append(Facts(facts))
    return Section(_("Summary"), key="summary", blocks=blocks)


def _activities(programme: Programme, names: RosterNames) -> Section:
    activities = list(programme.activities.all())
    rows = []
    for a in activities:
        where = ", ".join(x for x in (a.location, a.place.name if a.place else "") if x)
        outputs = " ".join(a.outputs.split())
        if a.documents.strip():
            outputs = (outputs + " " if outputs else "") + _("Documents: %(refs)s") % {
                "refs": " ".join(a.documents.split())
            }
        rows.append(
            Row(
                [
                    [period(a.starts_on, a.ends_on or a.starts_on)],
                    [a.get_kind_display()],
                    names.runs(a.title),
                    [where or "—"],
                    ["—" if a.participants is None else str(a.participants)],
                    names.runs(outputs) if outputs else ["—"],
                ],
                source=f"programmes.activity:{a.pk}",
            )
        )
    if not rows:
        return Section(
            _("Activities"), key="activities", blocks=[Paragraph([_("No activities recorded.")])]
        )
    counted = ngettext("%(n)s activity", "%(n)s activities", len(rows)) % {"n": len(rows)}
    return Section(
        _("Activities"),
        key="activities",
        blocks=[
            Paragraph([counted + "."]),
            Table(
                headers=[
                    _("Date"),
                    _("Type"),
                    _("Activity"),
                    _("Where"),
                    _("Participants"),
                    _("Outputs and documents"),
                ],
                rows=rows,
            ),
        ],
    )


def _recommendation_text(recommendation: Any) -> str:
    text = " ".join(recommendation.text.split())
    if len(text) > 160:
        text = text[:157].rstrip() + "…"
    reference = getattr(recommendation, "reference", "")
    return f"{reference}: {text}" if reference else text


def _outcomes(programme: Programme, names: RosterNames) -> Section:
    section = Section(_("Outcomes"), key="outcomes")
    outcomes = list(programme.outcomes.all())
    if not outcomes:
        section.blocks.append(Paragraph([_("No outcomes recorded yet.")], style="note"))
        return section
    for outcome in outcomes:
        facts = [
            Fact(_("Date"), [day(outcome.achieved_on)]),
            Fact(_("Kind"), [outcome.get_kind_display()]),
            Fact(_("Evidence"), names.runs(outcome.evidence)),
            Fact(_("Contribution claimed"), [outcome.get_contribution_display()]),
        ]
        blocks: list[Block] = [*names.paragraphs(outcome.statement), Facts(facts)]
        recommendations = list(outcome.recommendations.all())
        if recommendations:
            blocks.append(
                BulletList(
                    title=_("Recommendations it implements"),
                    items=[
                        Item(
                            [_recommendation_text(r)],
                            source=f"recommendations.recommendation:{r.pk}",
                        )
                        for r in recommendations
                    ],
                )
            )
        title = names.scrub(outcome.statement)
        section.sections.append(
            Section(
                title if len(title) <= 90 else title[:87].rstrip() + "…",
                key="outcome",
                blocks=blocks,
                source=f"programmes.outcome:{outcome.pk}",
            )
        )
    return section


def _lessons(programme: Programme, names: RosterNames, audience: str) -> Section:
    """The programme's good-practice entries; for the public, only those ready to share."""
    section = Section(_("Lessons and good practice"), key="lessons")
    entries = list(programme.good_practices.all())
    if audience == Audience.PUBLIC:
        entries = [e for e in entries if e.ready_to_share]
    if not entries:
        section.blocks.append(Paragraph([_("No lessons written yet.")], style="note"))
        return section
    for entry in entries:
        part = practice_part(entry, names)
        if audience != Audience.PUBLIC:
            state = _("ready to share with peers") if entry.ready_to_share else _("not shared")
            part.blocks.insert(0, Paragraph([state], style="note"))
        section.sections.append(part)
    return section


def build_programme_report(
    programme: Programme, *, reader: Membership, audience: str = Audience.INTERNAL
) -> ProgrammeReport:
    """The report on `programme` for `audience`, as `reader` may read it; already redacted."""
    if programme.institution_id != reader.institution_id:
        raise ValueError("A report is built only for a member of the programme's institution.")
    if audience not in PROGRAMME_AUDIENCES:
        raise ValueError(f"A programme report is not written for {audience!r}.")
    programme = programme_for_report(actor=reader, pk=programme.pk)
    names = RosterNames.of_rosters(reader)
    figures: dict[str, IndicatorFigure] = {}
    document = redacted_document(
        reader=reader,
        audience=audience,
        title=_("Programme report: %(title)s") % {"title": programme.title},
        subtitle=_("Prevention programme, %(period)s; report of %(day)s")
        % {
            "period": period(programme.starts_on, programme.ends_on),
            "day": day(timezone.localdate()),
        },
        sections=[
            _summary(programme, names),
            *logframe_parts(programme, figures),
            _activities(programme, names),
            trainings_part(programme, names),
            _outcomes(programme, names),
            _lessons(programme, names, audience),
        ],
    )
    kept = {s.source for s in document.all_sections() if s.source}
    return ProgrammeReport(document, {k: v for k, v in figures.items() if k in kept})


def programme_report_filename(programme: Programme, fmt: str) -> str:
    slug = slugify(programme.title)[:60] or str(programme.pk)
    return f"programme-report-{slug}-{timezone.localdate().isoformat()}.{fmt}"
