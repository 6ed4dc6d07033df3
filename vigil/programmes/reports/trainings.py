"""The trainings part of the programme report: each session's participants and learning
gain (from `vigil.programmes.selectors.training`), and participants by agency and gender."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core.dates import day
from vigil.core.redaction import Paragraph, Row, Section, Table
from vigil.programmes.models import Programme
from vigil.programmes.reports.common import RosterNames, number
from vigil.programmes.selectors.reports import sessions_for_report
from vigil.programmes.selectors.training import GainPool, participant_breakdown, session_figures


def trainings_part(programme: Programme, names: RosterNames) -> Section:
    """Each session's participants and learning gain, the pooled gain, and participants by
    agency and gender (counts only: a roster's names never reach a document)."""
    sessions = sessions_for_report(programme)
    section = Section(_("Training of law enforcement officials"), key="trainings")
    if not sessions:
        section.blocks.append(Paragraph([_("No trainings recorded.")], style="note"))
        return section
    figures = session_figures(sessions)
    rows = []
    agencies: dict[tuple[str, str], int] = {}
    total_participants = 0
    pool = GainPool()
    for session in sessions:
        figure = figures[session.pk]
        gain = figure.gain
        total_participants += figure.participants
        means = f"{number(gain.pre)} / {number(gain.post)} ({number(session.max_score)})"
        pool.add(gain, float(session.max_score))
        rows.append(
            Row(
                [
                    names.runs(session.activity.title),
                    [day(session.activity.starts_on)],
                    [", ".join(t.name for t in session.topics.all()) or "—"],
                    [str(figure.participants)],
                    [str(gain.scored)],
                    [means],
                    [number(gain.gain)],
                    [number(gain.normalised)],
                ],
                source=f"programmes.activity:{session.activity_id}",
            )
        )
        for row in participant_breakdown(session, source=figure.source).rows:
            key = (row.agency, row.gender_label)
            agencies[key] = agencies.get(key, 0) + row.count
    overall = ngettext(
        "%(sessions)s training session, %(n)s participant in all.",
        "%(sessions)s training sessions, %(n)s participants in all.",
        total_participants,
    ) % {"sessions": len(sessions), "n": total_participants}
    pooled = pool.gain
    if pooled.scored:
        overall += " " + _(
            "Mean test score of the %(n)s participants tested: %(pre)s %% before, %(post)s %% "
            "after (%(gain)s points gained)."
        ) % {
            "n": pooled.scored,
            "pre": number(pooled.pre),
            "post": number(pooled.post),
            "gain": number(pooled.gain),
        }
    section.blocks += [
        Paragraph([overall]),
        Table(
            headers=[
                _("Training"),
                _("Date"),
                _("Topics"),
                _("Participants"),
                _("Tested"),
                _("Pre / post mean (highest score)"),
                _("Learning gain (points)"),
                _("Normalised gain"),
            ],
            rows=rows,
            caption=_("Sessions and learning gain"),
        ),
        Paragraph(
            [
                _(
                    "Learning gain is the mean post-test score minus the mean pre-test score of "
                    "those who took both tests; the normalised gain is that gain divided by what "
                    "was left to learn (highest score minus pre-test mean)."
                )
            ],
            style="note",
        ),
    ]
    if agencies:
        section.blocks.append(
            Table(
                headers=[_("Agency"), _("Gender"), _("Participants")],
                rows=[
                    Row([[agency], [gender], [str(count)]])
                    for (agency, gender), count in sorted(agencies.items())
                ],
                caption=_("Participants by agency and gender"),
            )
        )
    return section
