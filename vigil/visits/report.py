"""The visit report: assembled from the visit's facts, redacted, written as DOCX or PDF.

`build_visit_report(visit, reader=, audience=)` reads everything it needs in a fixed
number of queries and returns a redacted `DocumentData`; `render_docx` and
`render_pdf` write that same data, so both files say the same thing.

Other apps add sections without this module importing them, from their `hooks.py`:

    hooks.register(hooks.VISIT_REPORT_SECTION, recommendations_section)

A provider receives a `ReportContext` and returns sections. A section with the key
"recommendations" fills the Recommendations chapter; others go before the annexes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core import hooks, rendering
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
    Row,
    Runs,
    Section,
    Table,
    confidentiality_notice,
    redact,
    require_redacted,
)
from vigil.core.services.documents import document_store
from vigil.visits.access import visit_get
from vigil.visits.models import (
    SEVERITY_RANK,
    ChecklistSubmission,
    Finding,
    Observation,
    RegisterCheck,
    Severity,
    TeamMember,
    TeamRole,
    Visit,
)

if TYPE_CHECKING:
    from vigil.visits.xlsform import FormDefinition

RECOMMENDATIONS = "recommendations"
FORMATS = {
    "docx": rendering.DOCX_CONTENT_TYPE,
    "pdf": rendering.PDF_CONTENT_TYPE,
}


@dataclass(frozen=True)
class ReportContext:
    """What a section provider gets: the visit as loaded, and for whom the report is."""

    visit: Visit
    reader: Membership
    audience: str
    findings: list[Finding]


ReportSectionProvider = Callable[[ReportContext], Iterable[Section]]


# --- reading the visit ---------------------------------------------------------------


def _load(visit_pk: int) -> Visit:
    """The visit and everything the report shows, in a fixed number of queries."""
    findings = Finding.objects.select_related("theme").prefetch_related(
        "standards",
        Prefetch("observations", queryset=Observation.objects.order_by("created_at", "pk")),
        Prefetch("register_checks", queryset=RegisterCheck.objects.order_by("period_from", "pk")),
    )
    return (
        Visit.objects.select_related("institution", "place__kind", "place__authority", "plan")
        .prefetch_related(
            Prefetch("team", queryset=TeamMember.objects.select_related("user").order_by("pk")),
            "themes",
            Prefetch(
                "register_checks",
                queryset=RegisterCheck.objects.order_by("register", "period_from", "pk"),
            ),
            Prefetch(
                "checklists",
                queryset=ChecklistSubmission.objects.select_related("version__template").order_by(
                    "pk"
                ),
            ),
            Prefetch("findings", queryset=findings),
        )
        .get(pk=visit_pk)
    )


# --- wording -------------------------------------------------------------------------


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _dates(visit: Visit) -> str:
    if visit.starts_on and visit.ends_on and visit.ends_on != visit.starts_on:
        return _("from %(first)s to %(last)s") % {
            "first": _day(visit.starts_on),
            "last": _day(visit.ends_on),
        }
    if visit.starts_on:
        return _("on %(day)s") % {"day": _day(visit.starts_on)}
    if visit.planned_for:
        return _("planned for %(day)s") % {"day": _day(visit.planned_for)}
    return _("on dates not yet recorded")


def _period(check: RegisterCheck) -> str:
    return _("%(first)s to %(last)s") % {
        "first": _day(check.period_from),
        "last": _day(check.period_to),
    }


def _paragraphs(text: str, *, source: str = "") -> list[Block]:
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph([" ".join(part.split("\n"))], source=source) for part in parts if part]


_ROLE_ORDER = {role: position for position, role in enumerate(TeamRole.values)}


def _team(visit: Visit) -> list[TeamMember]:
    return sorted(visit.team.all(), key=lambda m: (_ROLE_ORDER.get(m.role, 99), m.pk))


def _mention(member: TeamMember, *, with_role: bool) -> Mention:
    name = member.user.get_full_name() if member.user else member.external_name
    role = member.get_role_display()
    ref = f"core.user:{member.user_id}" if member.user_id else f"visits.teammember:{member.pk}"
    named_as = _("%(name)s (%(role)s)") % {"name": name, "role": role} if with_role else name
    return Mention(kind=MENTION_STAFF, name=name, role=role, named_as=named_as, ref=ref)


def _joined(parts: list[Runs]) -> Runs:
    runs: Runs = []
    for position, part in enumerate(parts):
        if position:
            runs.append(", ")
        runs.extend(part)
    return runs


def _answer(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(_answer(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_answer(v)}" for k, v in value.items())
    return str(value)


def _finding_order(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.theme.order,
        finding.theme.name,
        finding.theme_id,
        -SEVERITY_RANK.get(Severity(finding.severity), 0),
        finding.created_at,
        finding.pk,
    )


# --- sections ------------------------------------------------------------------------


def _summary(visit: Visit, findings: list[Finding]) -> Section:
    place = visit.place
    blocks: list[Block] = []
    if visit.summary.strip():
        blocks.extend(_paragraphs(visit.summary))
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
                        "kind": place.kind.name,
                        "authority": place.authority.name,
                        "dates": _dates(visit),
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
        Fact(_("Dates"), [_dates(visit)]),
        Fact(
            _("Team"),
            _joined([[_mention(m, with_role=True)] for m in _team(visit)]) or [_("not recorded")],
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


def _methodology(visit: Visit) -> Section:
    if visit.methodology.strip():
        return Section(_("Methodology"), key="methodology", blocks=_paragraphs(visit.methodology))
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
                            % {"register": c.get_register_display(), "period": _period(c)}
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


def _evidence(
    finding: Finding,
    submissions: dict[int, ChecklistSubmission],
    parsed: dict[int, FormDefinition],
) -> list[Item]:
    items = [
        Item(
            [_("Observation: %(text)s") % {"text": " ".join(o.text.split())}],
            source=f"visits.observation:{o.pk}",
        )
        for o in finding.observations.all()
    ]
    for check in finding.register_checks.all():
        text = _("%(register)s, %(period)s: %(count)s irregularities") % {
            "register": check.get_register_display(),
            "period": _period(check),
            "count": check.irregularity_count,
        }
        if check.entries_examined is not None:
            text += " " + _("in %(n)s entries examined") % {"n": check.entries_examined}
        if check.irregularities.strip():
            text += ": " + " ".join(check.irregularities.split())
        items.append(Item([text], source=f"visits.registercheck:{check.pk}"))
    for cited in finding.checklist_evidence or []:
        submission = submissions.get(cited.get("submission"))
        path = str(cited.get("path", ""))
        if submission is None or not path:
            continue
        question, answer = _cited_answer(submission, path, parsed)
        text = _(
            "Checklist %(title)s (version %(version)s), %(path)s: %(question)s: %(answer)s"
        ) % {
            "title": submission.version.template.title,
            "version": submission.version.version,
            "path": path,
            "question": question,
            "answer": answer,
        }
        items.append(Item([text], source=f"visits.checklistsubmission:{submission.pk}"))
    return items


def _cited_answer(
    submission: ChecklistSubmission, path: str, parsed: dict[int, FormDefinition]
) -> tuple[str, str]:
    """The question's label and the answer as the form words it (choice labels, not codes)."""
    from vigil.visits.xlsform import FormDefinition, translate

    version = submission.version
    if version.pk not in parsed:  # one parse per checklist version, however many citations
        parsed[version.pk] = FormDefinition.from_dict(version.definition)
    definition = parsed[version.pk]
    value = submission.answers.get(path)
    element = definition.find(path)
    if element is None:
        return path, _answer(value) if value not in (None, "", []) else _("no answer")
    language = definition.default_language
    question = translate(element.labels, language, language) or path
    if value in (None, "", []):
        return question, _("no answer")
    if element.list_name:
        labels = {
            name: translate(texts, language, language) or name
            for name, texts in definition.choices.get(element.list_name, [])
        }
        chosen = value if isinstance(value, list) else str(value).split()
        return question, ", ".join(labels.get(str(name), str(name)) for name in chosen)
    return question, _answer(value)


def _finding_section(
    finding: Finding,
    submissions: dict[int, ChecklistSubmission],
    parsed: dict[int, FormDefinition],
) -> Section:
    standards = [f"{s.instrument} {s.reference}" for s in finding.standards.all()]
    facts = [Fact(_("Severity"), [finding.get_severity_display()])]
    if standards:
        facts.append(Fact(_("Standards"), ["; ".join(standards)]))
    blocks: list[Block] = [Facts(facts)]
    blocks.extend(_paragraphs(finding.description))
    evidence = _evidence(finding, submissions, parsed)
    if evidence:
        blocks.append(BulletList(title=_("Evidence"), items=evidence))
    return Section(
        finding.title, key="finding", blocks=blocks, source=f"visits.finding:{finding.pk}"
    )


def _findings(visit: Visit, findings: list[Finding]) -> Section:
    section = Section(_("Findings"), key="findings")
    if not findings:
        section.blocks.append(Paragraph([_("The team recorded no findings.")]))
        return section
    submissions = {s.pk: s for s in visit.checklists.all()}
    parsed: dict[int, FormDefinition] = {}
    for finding in findings:
        if (
            not section.sections
            or section.sections[-1].source != f"visits.theme:{finding.theme_id}"
        ):
            section.sections.append(
                Section(finding.theme.name, key="theme", source=f"visits.theme:{finding.theme_id}")
            )
        section.sections[-1].sections.append(_finding_section(finding, submissions, parsed))
    return section


def _annexes(visit: Visit) -> Section:
    team = Table(
        headers=[_("Name"), _("Role")],
        rows=[Row([[_mention(m, with_role=False)], [m.get_role_display()]]) for m in _team(visit)],
    )
    registers = Table(
        headers=[_("Register"), _("Period"), _("Entries examined"), _("Irregularities")],
        rows=[
            Row(
                [
                    [c.get_register_display()],
                    [_period(c)],
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


def _provided(context: ReportContext) -> tuple[Section, list[Section]]:
    recommendations = Section(_("Recommendations"), key=RECOMMENDATIONS)
    others: list[Section] = []
    providers: list[ReportSectionProvider] = hooks.get_hooks(hooks.VISIT_REPORT_SECTION)
    for provider in providers:
        for section in provider(context):
            if section.key == RECOMMENDATIONS:
                recommendations.blocks.extend(section.blocks)
                recommendations.sections.extend(section.sections)
            else:
                others.append(section)
    if not recommendations.blocks and not recommendations.sections:
        recommendations.blocks.append(
            Paragraph([_("No recommendations are recorded for this visit.")], style="note")
        )
    return recommendations, others


def build_visit_report(
    visit: Visit, *, reader: Membership, audience: str = Audience.AUTHORITIES
) -> DocumentData:
    """The report on `visit` for `audience`, as `reader` may read it; already redacted."""
    if visit.institution_id != reader.institution_id:
        raise ValueError("A report is built only for a member of the visit's institution.")
    visit = _load(visit.pk)
    findings = sorted(visit.findings.all(), key=_finding_order)
    institution = visit.institution
    context = ReportContext(visit=visit, reader=reader, audience=audience, findings=findings)
    recommendations, others = _provided(context)
    document = DocumentData(
        title=_("Report on the visit to %(place)s") % {"place": visit.place.name},
        letterhead=Letterhead(
            institution=institution.name,
            country=institution.country,
            kind=institution.get_kind_display(),
        ),
        confidentiality=confidentiality_notice(audience, institution=institution.name),
        subtitle=_("%(type)s visit, %(notice)s, %(dates)s")
        % {
            "type": visit.get_visit_type_display(),
            "notice": _("announced") if visit.announced else _("unannounced"),
            "dates": _dates(visit),
        },
        sections=[
            _summary(visit, findings),
            _methodology(visit),
            _findings(visit, findings),
            recommendations,
            *others,
            _annexes(visit),
        ],
        language=translation.get_language() or "en",
    )
    return redact(document, reader=reader, audience=audience)


# --- files ---------------------------------------------------------------------------


def render_docx(document: DocumentData) -> bytes:
    return rendering.render_docx(document)


def render_pdf(document: DocumentData) -> bytes:
    require_redacted(document)
    html = render_to_string("visits/report_pdf.html", {"doc": document})
    return rendering.pdf_from_html(
        html,
        stylesheets=["visits/report_print.css"],
        extra_css=rendering.page_footer_css(running_header=document.confidentiality),
    )


def render(document: DocumentData, fmt: str) -> bytes:
    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    raise ValueError(f"Unknown report format {fmt!r}.")


def report_filename(visit: Visit, fmt: str) -> str:
    """Chosen by Vigil, never by the request: place, first day, file type."""
    day = visit.starts_on or visit.planned_for
    parts = ["visit-report", slugify(visit.place.name)[:60] or str(visit.pk)]
    if day:
        parts.append(day.isoformat())
    return "-".join(parts) + f".{fmt}"


# --- in the background -----------------------------------------------------------------

JOB_KIND = "visits.report"


def report_job_start(*, actor: Membership, visit: Visit, fmt: str, audience: str) -> Job:
    """Queue the writing of the report; the job's result links to the stored document."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown report format {fmt!r}.")
    if audience not in Audience.values:
        raise ValueError(f"Unknown audience {audience!r}.")
    return job_start(
        actor=actor,
        kind=JOB_KIND,
        params={
            "visit": visit.pk,
            "format": fmt,
            "audience": audience,
            "language": translation.get_language() or "en",
        },
        title=_("Report on the visit to %(place)s (%(format)s)")
        % {"place": visit.place.name, "format": fmt.upper()},
    )


def generate_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The job: build the report as its starter may read it, write the file, keep it encrypted."""
    fmt, audience = job.params.get("format", ""), job.params.get("audience", "")
    if fmt not in FORMATS or audience not in Audience.values:
        raise JobFailed(_("This report cannot be written: unknown format or audience."))
    reader = job_reader(job)
    with translation.override(job.params.get("language") or None):
        try:
            visit = visit_get(actor=reader, pk=job.params.get("visit"))
        except Http404:
            raise JobFailed(_("The visit no longer exists.")) from None
        progress(0, 3, _("Gathering the visit's facts…"))
        document = build_visit_report(visit, reader=reader, audience=audience)
        progress(1, 3, _("Writing the %(format)s file…") % {"format": fmt.upper()})
        content = render(document, fmt)
        progress(2, 3, _("Storing the document…"))
        stored = document_store(
            actor=reader,
            title=document.title,
            filename=report_filename(visit, fmt),
            content_type=FORMATS[fmt],
            content=content,
            audience=audience,
            subject=visit,
            job=job,
        )
        progress(3, 3, _("The report is ready."))
    return {
        "document": stored.pk,
        "download_url": reverse("core:document_download", args=[stored.pk]),
    }
