"""The programme report and the Good Practice Report: built as `DocumentData`, redacted,
written as DOCX or PDF in the background.

The programme report (`build_programme_report`) has a summary (the protection gap, champion,
mentors, partners, period, budget), the logframe with each indicator's baseline, target,
latest actual value and progress, one part per indicator with its dated values (and, in
the PDF, the progress chart of `vigil.programmes.charts`), the activities, the training
figures (participants, learning gain, from `vigil.programmes.training`), the outcomes with
their evidence and the contribution claimed, and the lessons (the programme's good-practice
entries).

The Good Practice Report (`build_good_practice_report`) gathers, across the programmes the
reader chose, the entries marked ready to share, grouped by their first good-practice theme.
It is always written for the public audience: staff appear by their role, and it names no
participant of a training. Names typed into free text are caught too: every name and badge
number on the institution's training rosters becomes a `Mention` that no rule discloses, so
`redact` withholds it (in the programme report as well).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core import rendering
from vigil.core.access import actor_can, get_for_actor, scoped
from vigil.core.jobs import JobFailed, JobProgress, job_reader, job_start
from vigil.core.models import Job, Membership
from vigil.core.redaction import (
    MENTION_STAFF,
    Audience,
    Block,
    BulletList,
    DocumentData,
    Fact,
    Facts,
    Item,
    Letterhead,
    Mention,
    Paragraph,
    RedactionContext,
    Row,
    Runs,
    Section,
    Table,
    confidentiality_notice,
    redact,
    require_redacted,
)
from vigil.core.roles import Capability
from vigil.core.services.documents import document_store
from vigil.programmes.charts import IndicatorChart, indicator_chart
from vigil.programmes.models import (
    Activity,
    GoodPractice,
    GoodPracticeTheme,
    Outcome,
    Programme,
    RosterEntry,
    TrainingSession,
)
from vigil.programmes.progress import Progress
from vigil.programmes.selectors import logframe_lines
from vigil.programmes.training import participant_breakdown, session_figures

FORMATS = {
    "docx": rendering.DOCX_CONTENT_TYPE,
    "pdf": rendering.PDF_CONTENT_TYPE,
}
PROGRAMME_JOB = "programmes.report"
GOOD_PRACTICE_JOB = "programmes.good_practice_report"
# Who may read a programme report; the Good Practice Report is always public.
PROGRAMME_AUDIENCES = (Audience.INTERNAL, Audience.PUBLIC)

MENTION_MENTOR = "mentor"
MENTION_PARTICIPANT = "training_participant"  # a roster name found in free text
INDICATOR_PART = "indicator"
_MIN_NAME = 3  # shorter roster values (initials) would match ordinary words


def mentors_by_audience(document: DocumentData, context: RedactionContext) -> None:
    """A programme's mentors are named inside the institution; elsewhere by their role.

    Participants of trainings are never disclosed by any rule, so they are always withheld.
    """

    def decide(mention: Mention) -> Mention:
        if mention.kind != MENTION_MENTOR:
            return mention
        if context.audience == Audience.INTERNAL:
            return mention.disclose()
        return mention.show_as(mention.role)

    document.map_mentions(decide)


# --- wording ---------------------------------------------------------------------------


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _number(value: Decimal | float | int | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return formats.number_format(round(value, 1), 1)
    text = f"{Decimal(value).normalize():f}"
    return text


def _period(starts_on: date, ends_on: date | None) -> str:
    if ends_on and ends_on != starts_on:
        return _("%(first)s to %(last)s") % {"first": _day(starts_on), "last": _day(ends_on)}
    if ends_on:
        return _day(starts_on)
    return _("from %(first)s (open)") % {"first": _day(starts_on)}


def _progress_text(progress: Progress) -> str:
    if progress.raw is None:
        return str(progress.explanation) or "—"
    text = f"{_number(progress.raw)} %"
    if progress.reached:
        text += " " + _("(target reached)")
    return text


def _latest_text(progress: Progress, unit: str = "") -> str:
    if progress.latest is None or progress.latest_on is None:
        return _("none yet")
    return _("%(value)s on %(day)s") % {
        "value": _number(progress.latest) + unit,
        "day": formats.date_format(progress.latest_on, "j M Y"),
    }


class _Names:
    """Roster names and badge numbers, turned into mentions wherever free text has them."""

    def __init__(self, values: Iterable[str]) -> None:
        words = sorted(
            {v.strip() for v in values if len(v.strip()) >= _MIN_NAME}, key=len, reverse=True
        )
        self.pattern = (
            re.compile(
                r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
            )
            if words
            else None
        )

    @classmethod
    def of_rosters(cls, institution_id: int) -> _Names:
        values: list[str] = []
        for person in RosterEntry.objects.filter(institution_id=institution_id).values_list(
            "person", flat=True
        ):
            if isinstance(person, dict):
                values += [str(v) for v in person.values() if v]
        return cls(values)

    def runs(self, text: str) -> Runs:
        text = " ".join(text.split())
        if self.pattern is None:
            return [text]
        runs: Runs = []
        position = 0
        for match in self.pattern.finditer(text):
            if match.start() > position:
                runs.append(text[position : match.start()])
            runs.append(
                Mention(kind=MENTION_PARTICIPANT, name=match.group(0), role=_("[a participant]"))
            )
            position = match.end()
        if position < len(text):
            runs.append(text[position:])
        return runs or [""]

    def scrub(self, text: str) -> str:
        """For headings, which are plain text and cannot hold a mention: the name is replaced."""
        text = " ".join(text.split())
        if self.pattern is None:
            return text
        return self.pattern.sub(_("[a participant]"), text)

    def paragraphs(self, text: str, *, source: str = "") -> list[Block]:
        parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
        return [Paragraph(self.runs(part), source=source) for part in parts if part]


def _letterhead(programme_or_institution: Any) -> Letterhead:
    institution = programme_or_institution
    return Letterhead(
        institution=institution.name,
        country=institution.country,
        kind=institution.get_kind_display(),
    )


def _practice_theme_labels(codes: Sequence[str]) -> list[str]:
    labels = dict(GoodPracticeTheme.choices)
    return [str(labels[c]) for c in codes if c in labels]


# --- the programme report ----------------------------------------------------------------


@dataclass
class IndicatorFigure:
    """An indicator's chart for the PDF, kept beside the document (charts are not text)."""

    name: str
    unit: str
    progress: Progress
    chart: IndicatorChart


@dataclass
class ProgrammeReport:
    document: DocumentData
    # By the source of the indicator's part ("programmes.indicator:12"); the PDF draws a
    # chart only where that part survived redaction.
    figures: dict[str, IndicatorFigure] = field(default_factory=dict)


def _load(programme_pk: int) -> Programme:
    activities = Activity.objects.select_related("place", "logframe_item").order_by(
        "starts_on", "pk"
    )
    outcomes = Outcome.objects.prefetch_related("recommendations").order_by("achieved_on", "pk")
    practices = GoodPractice.objects.prefetch_related("themes").order_by("created_at", "pk")
    return (
        Programme.objects.select_related("institution", "champion")
        .prefetch_related(
            "themes",
            "place_kinds",
            "places",
            "partner_authorities",
            Prefetch("activities", queryset=activities),
            Prefetch("outcomes", queryset=outcomes),
            Prefetch("good_practices", queryset=practices),
        )
        .get(pk=programme_pk)
    )


def _summary(programme: Programme, names: _Names) -> Section:
    blocks: list[Block] = []
    if programme.summary.strip():
        blocks.extend(names.paragraphs(programme.summary))
    champion = programme.champion
    budget = "—"
    if programme.budget is not None:
        budget = f"{_number(programme.budget)} {programme.currency}".strip()
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
        Fact(_("Period"), [_period(programme.starts_on, programme.ends_on)]),
        Fact(_("Budget"), [budget]),
        Fact(_("Status"), [programme.get_status_display()]),
    ]
    if gap_places:
        facts.insert(1, Fact(_("Themes and places"), [", ".join(gap_places)]))
    blocks.append(Facts(facts))
    return Section(_("Summary"), key="summary", blocks=blocks)


def _logframe(programme: Programme, figures: dict[str, IndicatorFigure]) -> list[Section]:
    lines = logframe_lines(programme)
    headers = [
        _("No."),
        _("Level"),
        _("Statement"),
        _("Indicator"),
        _("Baseline"),
        _("Target"),
        _("Latest actual"),
        _("Progress"),
    ]
    rows: list[Row] = []
    parts: list[Section] = []
    for line in lines:
        item = line.item
        statement = " ".join(item.text.split())
        source = f"programmes.logframeitem:{item.pk}"
        if not line.indicators:
            cells: list[Runs] = [[line.code], [item.get_level_display()], [statement]]
            rows.append(Row(cells + [["—"] for _n in range(5)], source=source))
            continue
        for position, (indicator, progress) in enumerate(line.indicators):
            unit = f" {indicator.unit}" if indicator.unit else ""
            rows.append(
                Row(
                    [
                        [line.code if position == 0 else ""],
                        [item.get_level_display() if position == 0 else ""],
                        [statement if position == 0 else ""],
                        [indicator.name],
                        [_number(progress.baseline) + unit],
                        [_number(progress.target) + unit],
                        [_latest_text(progress, unit)],
                        [_progress_text(progress)],
                    ],
                    source=source,
                )
            )
            part_source = f"programmes.indicator:{indicator.pk}"
            values = Table(
                headers=[_("Date"), _("Actual value"), _("Note")],
                rows=[
                    Row(
                        [
                            [formats.date_format(v.measured_on, "j M Y")],
                            [_number(v.value) + unit],
                            [" ".join(v.note.split())],
                        ]
                    )
                    for v in indicator.values.all()
                ],
                caption=_("Actual values"),
            )
            facts = [
                Fact(_("Logframe line"), [f"{line.code} {statement}"]),
                Fact(_("Baseline"), [_number(progress.baseline) + unit]),
                Fact(_("Target"), [_number(progress.target) + unit]),
                Fact(_("Latest actual"), [_latest_text(progress, unit)]),
                Fact(_("Progress"), [_progress_text(progress)]),
            ]
            if indicator.means_of_verification:
                facts.append(Fact(_("Means of verification"), [indicator.means_of_verification]))
            blocks: list[Block] = [Facts(facts)]
            blocks.append(
                values
                if values.rows
                else Paragraph([_("No actual value recorded yet.")], style="note")
            )
            parts.append(
                Section(indicator.name, key=INDICATOR_PART, blocks=blocks, source=part_source)
            )
            figures[part_source] = IndicatorFigure(
                indicator.name, indicator.unit, progress, indicator_chart(progress)
            )
    table = Table(headers=headers, rows=rows, caption=_("Logframe and indicator progress"))
    logframe = Section(
        _("Logframe progress"),
        key="logframe",
        blocks=[
            Paragraph(
                [
                    _(
                        "Progress is how far the latest actual value has moved from the "
                        "baseline towards the target: (latest − baseline) ÷ (target − baseline)."
                    )
                ],
                style="note",
            ),
            table if rows else Paragraph([_("No logframe has been written yet.")]),
        ],
    )
    indicators = Section(_("Indicators"), key="indicators", sections=parts)
    if not parts:
        indicators.blocks.append(Paragraph([_("No indicators are defined.")], style="note"))
    return [logframe, indicators]


def _activities(programme: Programme, names: _Names) -> Section:
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
                    [_period(a.starts_on, a.ends_on or a.starts_on)],
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


def _gain_text(value: float | None) -> str:
    return "—" if value is None else _number(value)


def _trainings(programme: Programme, names: _Names) -> Section:
    sessions = list(
        TrainingSession.objects.filter(activity__programme=programme)
        .select_related("activity")
        .prefetch_related("topics", "groups")
        .order_by("activity__starts_on", "pk")
    )
    section = Section(_("Training of law enforcement officials"), key="trainings")
    if not sessions:
        section.blocks.append(Paragraph([_("No trainings recorded.")], style="note"))
        return section
    figures = session_figures(sessions)
    rows = []
    agencies: dict[tuple[str, str], int] = {}
    total_participants = scored = 0
    pre_sum = post_sum = 0.0
    for session in sessions:
        figure = figures[session.pk]
        gain = figure.gain
        total_participants += figure.participants
        means = f"{_gain_text(gain.pre)} / {_gain_text(gain.post)} ({_number(session.max_score)})"
        if gain.scored and gain.pre is not None and gain.post is not None:
            max_score = float(session.max_score) or 100.0
            scored += gain.scored
            pre_sum += gain.scored * 100 * gain.pre / max_score
            post_sum += gain.scored * 100 * gain.post / max_score
        rows.append(
            Row(
                [
                    names.runs(session.activity.title),
                    [formats.date_format(session.activity.starts_on, "j M Y")],
                    [", ".join(t.name for t in session.topics.all()) or "—"],
                    [str(figure.participants)],
                    [str(gain.scored)],
                    [means],
                    [_gain_text(gain.gain)],
                    [_gain_text(gain.normalised)],
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
    if scored:
        pre, post = pre_sum / scored, post_sum / scored
        overall += " " + _(
            "Mean test score of the %(n)s participants tested: %(pre)s %% before, %(post)s %% "
            "after (%(gain)s points gained)."
        ) % {
            "n": scored,
            "pre": _number(pre),
            "post": _number(post),
            "gain": _number(post - pre),
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


def _recommendation_text(recommendation: Any) -> str:
    text = " ".join(recommendation.text.split())
    if len(text) > 160:
        text = text[:157].rstrip() + "…"
    reference = getattr(recommendation, "reference", "")
    return f"{reference}: {text}" if reference else text


def _outcomes(programme: Programme, names: _Names) -> Section:
    section = Section(_("Outcomes"), key="outcomes")
    outcomes = list(programme.outcomes.all())
    if not outcomes:
        section.blocks.append(Paragraph([_("No outcomes recorded yet.")], style="note"))
        return section
    for outcome in outcomes:
        facts = [
            Fact(_("Date"), [_day(outcome.achieved_on)]),
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


def _practice_part(entry: GoodPractice, names: _Names, *, programme: str = "") -> Section:
    facts = [
        Fact(
            _("Good-practice themes"),
            [", ".join(_practice_theme_labels(entry.practice_themes)) or "—"],
        )
    ]
    if programme:
        facts.insert(0, Fact(_("Programme"), names.runs(programme)))
    if entry.protection_gap:
        facts.append(Fact(_("Protection gap"), names.runs(entry.protection_gap)))
    topics = [t.name for t in entry.themes.all()]
    if topics:
        facts.append(Fact(_("Themes"), [", ".join(topics)]))
    blocks: list[Block] = [Facts(facts)]
    for label, text in (
        (_("What worked"), entry.what_worked),
        (_("In what context"), entry.context),
        (_("Lessons learned"), entry.lessons),
    ):
        if text.strip():
            blocks.append(Paragraph([label], style="lead"))
            blocks.extend(names.paragraphs(text))
    return Section(
        names.scrub(entry.title),
        key="practice",
        blocks=blocks,
        source=f"programmes.goodpractice:{entry.pk}",
    )


def _lessons(programme: Programme, names: _Names, audience: str) -> Section:
    section = Section(_("Lessons and good practice"), key="lessons")
    entries = list(programme.good_practices.all())
    if audience == Audience.PUBLIC:
        entries = [e for e in entries if e.ready_to_share]
    if not entries:
        section.blocks.append(Paragraph([_("No lessons written yet.")], style="note"))
        return section
    for entry in entries:
        part = _practice_part(entry, names)
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
    programme = _load(programme.pk)
    institution = programme.institution
    names = _Names.of_rosters(institution.pk)
    figures: dict[str, IndicatorFigure] = {}
    document = DocumentData(
        title=_("Programme report: %(title)s") % {"title": programme.title},
        letterhead=_letterhead(institution),
        confidentiality=confidentiality_notice(audience, institution=institution.name),
        subtitle=_("Prevention programme, %(period)s; report of %(day)s")
        % {
            "period": _period(programme.starts_on, programme.ends_on),
            "day": _day(timezone.localdate()),
        },
        sections=[
            _summary(programme, names),
            *_logframe(programme, figures),
            _activities(programme, names),
            _trainings(programme, names),
            _outcomes(programme, names),
            _lessons(programme, names, audience),
        ],
        language=translation.get_language() or "en",
    )
    redacted = redact(document, reader=reader, audience=audience)
    kept = {s.source for s in redacted.all_sections() if s.source}
    return ProgrammeReport(redacted, {k: v for k, v in figures.items() if k in kept})


# --- the Good Practice Report ------------------------------------------------------------


def build_good_practice_report(
    programmes: Sequence[Programme], *, reader: Membership
) -> DocumentData:
    """Entries ready to share from `programmes`, by good-practice theme; public, redacted."""
    if not programmes:
        raise ValueError("Choose at least one programme.")
    if any(p.institution_id != reader.institution_id for p in programmes):
        raise ValueError("A report is built only from the reader's own programmes.")
    institution = reader.institution
    names = _Names.of_rosters(institution.pk)
    chosen = sorted(programmes, key=lambda p: (p.starts_on, p.title, p.pk))
    titles = {p.pk: p.title for p in chosen}
    entries = list(
        GoodPractice.objects.filter(
            institution_id=institution.pk,
            programme_id__in=list(titles),
            ready_to_share=True,
        )
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    covered = Table(
        headers=[_("Programme"), _("Period"), _("Protection gap addressed"), _("Entries")],
        rows=[
            Row(
                [
                    names.runs(p.title),
                    [_period(p.starts_on, p.ends_on)],
                    names.runs(p.protection_gap),
                    [str(sum(1 for e in entries if e.programme_id == p.pk))],
                ],
                source=f"programmes.programme:{p.pk}",
            )
            for p in chosen
        ],
        caption=_("Programmes covered"),
    )
    introduction = Section(
        _("About this report"),
        key="summary",
        blocks=[
            Paragraph(
                [
                    ngettext(
                        "%(n)s good practice that %(institution)s shares with its peers, "
                        "from the programmes below, grouped by good-practice theme.",
                        "%(n)s good practices that %(institution)s shares with its peers, "
                        "from the programmes below, grouped by good-practice theme.",
                        len(entries),
                    )
                    % {"n": len(entries), "institution": institution.name}
                ]
            ),
            covered,
        ],
    )
    by_theme: dict[str, list[GoodPractice]] = {}
    for entry in entries:
        known = [c for c in entry.practice_themes if c in GoodPracticeTheme.values]
        by_theme.setdefault(known[0] if known else "", []).append(entry)
    sections = [introduction]
    for code, label in [*GoodPracticeTheme.choices, ("", _("Other good practice"))]:
        if code not in by_theme:
            continue
        sections.append(
            Section(
                str(label),
                key="practice-theme",
                sections=[
                    _practice_part(e, names, programme=titles.get(e.programme_id or 0, ""))
                    for e in by_theme[code]
                ],
            )
        )
    if not entries:
        introduction.blocks.append(
            Paragraph([_("None of these programmes has an entry ready to share.")], style="note")
        )
    document = DocumentData(
        title=_("Good Practice Report"),
        letterhead=_letterhead(institution),
        confidentiality=confidentiality_notice(Audience.PUBLIC, institution=institution.name),
        subtitle=_("Lessons from prevention programmes, %(day)s")
        % {"day": _day(timezone.localdate())},
        sections=sections,
        language=translation.get_language() or "en",
    )
    return redact(document, reader=reader, audience=Audience.PUBLIC)


# --- files ------------------------------------------------------------------------------


def render_docx(document: DocumentData) -> bytes:
    return rendering.render_docx(document)


def render_pdf(document: DocumentData, figures: dict[str, IndicatorFigure] | None = None) -> bytes:
    require_redacted(document)
    figures = figures or {}
    parts = [
        (part, figures.get(part.source))
        for section in document.sections
        if section.key == "indicators"
        for part in section.sections
    ]
    html = render_to_string(
        "programmes/report_pdf.html", {"doc": document, "indicator_parts": parts}
    )
    return rendering.pdf_from_html(
        html,
        stylesheets=["visits/report_print.css"],
        extra_css=rendering.page_footer_css(running_header=document.confidentiality) + _PDF_CSS,
    )


_PDF_CSS = """
.indicator-chart { margin: 2mm 0 3mm; }
.indicator-chart svg { width: 150mm; height: 51.5mm; }
.indicator-chart figcaption { font-size: 8pt; color: #444; }
.part--indicator { break-inside: avoid; }
dl.facts { display: grid; grid-template-columns: 40mm 1fr; column-gap: 4mm; row-gap: 1mm; }
dl.facts dt { float: none; width: auto; }
dl.facts dd { margin: 0; }
.chapter--logframe table { font-size: 8pt; }
.chapter--logframe th:nth-child(1) { width: 9mm; }
.chapter--logframe th:nth-child(2) { width: 16mm; }
.chapter--logframe th:nth-child(5), .chapter--logframe th:nth-child(6) { width: 16mm; }
.chapter--logframe th:nth-child(7), .chapter--logframe th:nth-child(8) { width: 20mm; }
p.lead { font-weight: bold; margin: 2mm 0 1mm; clear: both; }
"""


def render(report: ProgrammeReport | DocumentData, fmt: str) -> bytes:
    document = report.document if isinstance(report, ProgrammeReport) else report
    figures = report.figures if isinstance(report, ProgrammeReport) else None
    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document, figures)
    raise ValueError(f"Unknown report format {fmt!r}.")


def report_filename(programme: Programme, fmt: str) -> str:
    slug = slugify(programme.title)[:60] or str(programme.pk)
    return f"programme-report-{slug}-{timezone.localdate().isoformat()}.{fmt}"


def good_practice_filename(fmt: str) -> str:
    return f"good-practice-report-{timezone.localdate().isoformat()}.{fmt}"


# --- in the background --------------------------------------------------------------------


def programme_report_start(
    *, actor: Membership, programme: Programme, fmt: str, audience: str
) -> Job:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown report format {fmt!r}.")
    if audience not in PROGRAMME_AUDIENCES:
        raise ValueError(f"Unknown audience {audience!r}.")
    if programme.institution_id != actor.institution_id or not actor_can(
        actor, Capability.VIEW_PROGRAMMES
    ):
        raise Http404
    return job_start(
        actor=actor,
        kind=PROGRAMME_JOB,
        params={
            "programme": programme.pk,
            "format": fmt,
            "audience": audience,
            "language": translation.get_language() or "en",
        },
        title=_("Programme report: %(title)s (%(format)s)")
        % {"title": programme.title, "format": fmt.upper()},
    )


def good_practice_report_start(
    *, actor: Membership, programmes: Sequence[Programme], fmt: str
) -> Job:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown report format {fmt!r}.")
    if not programmes:
        raise ValueError("Choose at least one programme.")
    if any(p.institution_id != actor.institution_id for p in programmes) or not actor_can(
        actor, Capability.VIEW_PROGRAMMES
    ):
        raise Http404
    return job_start(
        actor=actor,
        kind=GOOD_PRACTICE_JOB,
        params={
            "programmes": sorted(p.pk for p in programmes),
            "format": fmt,
            "language": translation.get_language() or "en",
        },
        title=_("Good Practice Report (%(format)s)") % {"format": fmt.upper()},
    )


def _stored(
    job: Job,
    reader: Membership,
    *,
    title: str,
    filename: str,
    fmt: str,
    content: bytes,
    audience: str,
    subject: Programme | None,
) -> dict[str, Any]:
    stored = document_store(
        actor=reader,
        title=title,
        filename=filename,
        content_type=FORMATS[fmt],
        content=content,
        audience=audience,
        subject=subject,
        job=job,
    )
    return {
        "document": stored.pk,
        "download_url": reverse("core:document_download", args=[stored.pk]),
    }


def generate_programme_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    fmt, audience = job.params.get("format", ""), job.params.get("audience", "")
    if fmt not in FORMATS or audience not in PROGRAMME_AUDIENCES:
        raise JobFailed(_("This report cannot be written: unknown format or audience."))
    reader = job_reader(job, Capability.VIEW_PROGRAMMES)
    with translation.override(job.params.get("language") or None):
        try:
            programme = get_for_actor(
                Programme.objects.all(), actor=reader, pk=job.params.get("programme")
            )
        except Http404:
            raise JobFailed(_("The programme no longer exists.")) from None
        progress(0, 3, _("Gathering the programme's facts…"))
        report = build_programme_report(programme, reader=reader, audience=audience)
        progress(1, 3, _("Writing the %(format)s file…") % {"format": fmt.upper()})
        content = render(report, fmt)
        progress(2, 3, _("Storing the document…"))
        result = _stored(
            job,
            reader,
            title=report.document.title,
            filename=report_filename(programme, fmt),
            fmt=fmt,
            content=content,
            audience=audience,
            subject=programme,
        )
        progress(3, 3, _("The report is ready."))
    return result


def generate_good_practice_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    fmt = job.params.get("format", "")
    if fmt not in FORMATS:
        raise JobFailed(_("This report cannot be written: unknown format."))
    reader = job_reader(job, Capability.VIEW_PROGRAMMES)
    wanted = [pk for pk in job.params.get("programmes") or [] if isinstance(pk, int)]
    with translation.override(job.params.get("language") or None):
        programmes = list(scoped(Programme.objects.all(), actor=reader).filter(pk__in=wanted))
        if not programmes:
            raise JobFailed(_("None of the chosen programmes exists any more."))
        progress(0, 3, _("Gathering the entries ready to share…"))
        document = build_good_practice_report(programmes, reader=reader)
        progress(1, 3, _("Writing the %(format)s file…") % {"format": fmt.upper()})
        content = render(document, fmt)
        progress(2, 3, _("Storing the document…"))
        result = _stored(
            job,
            reader,
            title=document.title,
            filename=good_practice_filename(fmt),
            fmt=fmt,
            content=content,
            audience=Audience.PUBLIC,
            subject=None,
        )
        progress(3, 3, _("The report is ready."))
    return result
