"""The medico-legal report of an Istanbul Protocol examination (its chart: `body_chart`).

`build_examination_report(examination, reader=, audience=)` assembles the report in the
Protocol's order and passes it through `redact`: the examined person appears only as a
`Mention` of an interviewee, and every section that tells their story carries the person's
`source`, so their consent in force decides what each audience reads. The PDF shows the
chart, and embeds the photographs, only when their sections survived redaction.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core import rendering
from vigil.core.dates import long_day
from vigil.core.jobs import JobFailed, JobProgress, document_result, job_reader, job_start
from vigil.core.languages import document_language
from vigil.core.models import Job, Membership
from vigil.core.redaction import (
    MENTION_STAFF,
    Audience,
    Block,
    DocumentData,
    Fact,
    Facts,
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
from vigil.people import access
from vigil.people.consent_rules import MENTION_INTERVIEWEE, consents_in_force, person_ref
from vigil.people.models import (
    BodyMark,
    ConsentRecord,
    Evidence,
    Examination,
    PsychologicalFinding,
)
from vigil.people.reports.body_chart import chart_context

# --- reading the examination ------------------------------------------------------------


def load_examination(pk: int) -> Examination:
    """The examination and everything the report shows, in a fixed number of queries."""
    return (
        Examination.objects.select_related("institution", "case", "person", "examiner")
        .prefetch_related(
            Prefetch("marks", queryset=BodyMark.objects.order_by("number")),
            Prefetch("psychological_items", queryset=PsychologicalFinding.objects.order_by("pk")),
        )
        .get(pk=pk)
    )


def consent_in_force_for(examination: Examination) -> ConsentRecord | None:
    """The examined person's latest consent (the one redaction applies), or None."""
    by_person, _by_interview = consents_in_force(
        institution_id=examination.institution_id,
        person_ids={examination.person_id},
        interview_ids=set(),
    )
    return by_person.get(examination.person_id)


# --- wording ------------------------------------------------------------------------------


def _day(value: date) -> str:
    return long_day(value)


def _paragraphs(text: str, *, empty: str = "") -> list[Block]:
    parts = [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n")]
    blocks: list[Block] = [
        Paragraph([" ".join(part.split("\n"))]) for part in parts if part.strip()
    ]
    if not blocks and empty:
        blocks.append(Paragraph([empty], style="note"))
    return blocks


def _person(examination: Examination) -> Mention:
    person = examination.person
    return Mention(
        kind=MENTION_INTERVIEWEE,
        name=person.full_name,
        pseudonym=person.pseudonym,
        ref=person_ref(person.pk),
    )


def _examiner(examination: Examination) -> Mention:
    examiner = examination.examiner
    name = examiner.get_full_name() or examiner.email
    return Mention(
        kind=MENTION_STAFF,
        name=name,
        role=_("the examiner"),
        ref=f"core.user:{examiner.pk}",
    )


def _interpreter(examination: Examination) -> Runs:
    if not examination.interpreter.strip():
        return [_("No interpreter")]
    interpreter = Mention(
        kind=MENTION_STAFF,
        name=examination.interpreter.strip(),
        role=_("interpreter"),
        ref=f"people.examination:{examination.pk}:interpreter",
    )
    return [_("Present: "), interpreter]


SCALE_NOTE = gettext_lazy(
    "Each finding is related to the allegation on the Istanbul Protocol's scale: not "
    "consistent, consistent, highly consistent, typical, diagnostic."
)


# --- sections -----------------------------------------------------------------------------

STORY_SECTIONS = ("history", "physical", "body-chart", "psychological", "photographs", "opinion")


def _particulars(examination: Examination) -> Section:
    facts = [
        Fact(_("Case"), [examination.case.reference]),
        Fact(_("Examined person"), [_person(examination)]),
        Fact(_("Examiner"), [_examiner(examination)]),
        Fact(_("Qualifications"), [examination.examiner_qualifications]),
        Fact(_("Date of the examination"), [_day(examination.examined_on)]),
        Fact(
            _("Consent to the examination"),
            [_("given") if examination.consent_given else _("not recorded")],
        ),
        Fact(_("Interpreter"), _interpreter(examination)),
    ]
    return Section(_("Case and examination"), key="particulars", blocks=[Facts(facts)])


def _marks_table(marks: list[BodyMark]) -> Table:
    return Table(
        headers=[_("No."), _("Side"), _("Finding"), _("Consistency with the allegation")],
        rows=[
            Row(
                [
                    [str(m.number)],
                    [m.get_side_display()],
                    [" ".join(m.description.split())],
                    [m.get_consistency_display()],
                ]
            )
            for m in marks
        ],
    )


def _psychological_table(items: list[PsychologicalFinding]) -> Table:
    return Table(
        headers=[_("No."), _("Finding"), _("Consistency with the allegation")],
        rows=[
            Row(
                [
                    [str(position)],
                    [" ".join(item.description.split())],
                    [item.get_consistency_display()],
                ]
            )
            for position, item in enumerate(items, start=1)
        ],
    )


def _photographs(evidence: list[Evidence], source: str) -> Section:
    blocks: list[Block]
    if evidence:
        blocks = [
            Table(
                headers=[_("File"), _("Kind"), _("Received"), _("SHA-256 at intake")],
                rows=[
                    Row(
                        [
                            [item.stored_name],
                            [item.get_kind_display()],
                            [_day(timezone.localtime(item.uploaded_at).date())],
                            [item.sha256_original],
                        ]
                    )
                    for item in evidence
                ],
            ),
            Paragraph(
                [
                    _(
                        "The files are kept encrypted in the evidence vault; each SHA-256 was "
                        "taken from the file as received, before any metadata was removed."
                    )
                ],
                style="note",
            ),
        ]
    else:
        blocks = [Paragraph([_("No photographs or files are attached.")], style="note")]
    return Section(_("Photographs and files"), key="photographs", blocks=blocks, source=source)


def _story(examination: Examination, evidence: list[Evidence]) -> list[Section]:
    source = person_ref(examination.person_id)
    marks = list(examination.marks.all())
    psychological = list(examination.psychological_items.all())
    not_recorded = _("Not recorded.")
    chart_blocks: list[Block] = [
        Paragraph(
            [
                _(
                    "The numbers on the chart refer to the table. On the front view the "
                    "person's right is on the left of the drawing; on the back view, their left."
                )
            ],
            style="note",
        )
    ]
    if marks:
        chart_blocks.append(_marks_table(marks))
    else:
        chart_blocks.append(Paragraph([_("No marks were placed on the chart.")], style="note"))
    psychological_blocks = _paragraphs(examination.psychological_findings)
    if psychological:
        psychological_blocks.append(_psychological_table(psychological))
    if not psychological_blocks:
        psychological_blocks.append(Paragraph([not_recorded], style="note"))
    return [
        Section(
            _("History"),
            key="history",
            blocks=_paragraphs(examination.history, empty=not_recorded),
            source=source,
        ),
        Section(
            _("Physical findings"),
            key="physical",
            blocks=_paragraphs(examination.physical_findings, empty=not_recorded),
            source=source,
        ),
        Section(_("Body chart"), key="body-chart", blocks=chart_blocks, source=source),
        Section(
            _("Psychological findings"),
            key="psychological",
            blocks=psychological_blocks,
            source=source,
        ),
        _photographs(evidence, source),
        Section(
            _("Interpretation and overall opinion"),
            key="opinion",
            blocks=[
                Paragraph([str(SCALE_NOTE)], style="note"),
                *_paragraphs(examination.overall_opinion, empty=not_recorded),
            ],
            source=source,
        ),
    ]


def _statement(examination: Examination) -> Section:
    return Section(
        _("Examiner's statement"),
        key="statement",
        blocks=[
            Paragraph(
                [
                    _("Examined and written by "),
                    _examiner(examination),
                    ", ",
                    examination.examiner_qualifications,
                    ".",
                ]
            ),
            Paragraph([_("Signature: ______________________    Date: ______________")]),
        ],
    )


def build_examination_report(
    examination: Examination,
    *,
    reader: Membership,
    audience: str,
    evidence: list[Evidence] | None = None,
) -> DocumentData:
    """The medico-legal report for `audience`, as `reader` may read it; already redacted.

    `evidence` is what the reader may see of the examination's files (see
    `selectors.evidence_for`); the caller reads it, with the reader's access.
    """
    if examination.institution_id != reader.institution_id:
        raise ValueError("A report is built only for a member of the examination's institution.")
    examination = load_examination(examination.pk)
    institution = examination.institution
    document = DocumentData(
        title=_("Medico-legal report"),
        letterhead=Letterhead(
            institution=institution.name,
            country=institution.country,
            kind=institution.get_kind_display(),
        ),
        confidentiality=confidentiality_notice(audience, institution=institution.name),
        subtitle=_("Istanbul Protocol examination of %(day)s, case %(case)s")
        % {"day": _day(examination.examined_on), "case": examination.case.reference},
        sections=[
            _particulars(examination),
            *_story(examination, evidence or []),
            _statement(examination),
        ],
        language=translation.get_language() or "en",
    )
    redacted = redact(document, reader=reader, audience=audience)
    kept = {section.key for section in redacted.sections}
    if any(key not in kept for key in STORY_SECTIONS):
        # Said after redaction, so the reader knows something is left out, and why.
        redacted.sections.insert(
            1,
            Section(
                _("Withheld"),
                key="withheld",
                blocks=[
                    Paragraph(
                        [
                            _(
                                "The history and findings are left out of this copy: the "
                                "person's consent in force does not cover this audience."
                            )
                        ],
                        style="note",
                    )
                ],
            ),
        )
    return redacted


# --- the PDF ------------------------------------------------------------------------------

EMBEDDED_PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})
MAX_EMBEDDED_PHOTOS = 12


@dataclass(frozen=True)
class EmbeddedPhoto:
    stored_name: str
    data_uri: str


def embed_photos(
    *, reader: Membership, document: DocumentData, evidence: list[Evidence]
) -> list[EmbeddedPhoto]:
    """The photographs to print, read from the vault only if their section survived."""
    from vigil.people.services.evidence import evidence_read

    if not any(section.key == "photographs" for section in document.sections):
        return []
    photos: list[EmbeddedPhoto] = []
    for item in evidence:
        if item.kind != Evidence.Kind.PHOTO or item.content_type not in EMBEDDED_PHOTO_TYPES:
            continue
        if len(photos) == MAX_EMBEDDED_PHOTOS:
            break
        content = evidence_read(actor=reader, evidence=item, purpose="viewed")
        encoded = base64.b64encode(content).decode("ascii")
        photos.append(EmbeddedPhoto(item.stored_name, f"data:{item.content_type};base64,{encoded}"))
    return photos


def render_pdf(
    document: DocumentData,
    *,
    marks: Iterable[BodyMark] = (),
    photos: list[EmbeddedPhoto] | None = None,
) -> bytes:
    """The report as PDF; the chart is drawn only where its (redacted) section remains."""
    require_redacted(document)
    html = render_to_string(
        "people/examination_report_pdf.html",
        {"doc": document, "chart": chart_context(marks), "photos": photos or []},
    )
    return rendering.pdf_from_html(
        html,
        stylesheets=["visits/report_print.css", "people/medical_report.css"],
        extra_css=rendering.page_footer_css(running_header=document.confidentiality),
    )


def report_filename(examination: Examination) -> str:
    """Chosen by Vigil: case reference, examination number and date; never a name."""
    return (
        f"medico-legal-report-{examination.case.reference}-E{examination.pk}-"
        f"{examination.examined_on.isoformat()}.pdf"
    )


# --- in the background --------------------------------------------------------------------

JOB_KIND = "people.medical_report"
REPORT_AUDIENCES = (Audience.INTERNAL, Audience.AUTHORITIES, Audience.SPT)


def report_job_start(
    *, actor: Membership, examination: Examination, audience: str, language: str = ""
) -> Job:
    """Queue the writing of the report; the job's result links to the stored document."""
    if audience not in REPORT_AUDIENCES:
        raise ValueError(f"Unknown audience {audience!r}.")
    return job_start(
        actor=actor,
        kind=JOB_KIND,
        params={
            "examination": examination.pk,
            "audience": audience,
            "language": document_language(language),
        },
        title=_("Medico-legal report, case %(case)s, %(person)s (PDF)")
        % {"case": examination.case.reference, "person": examination.person.pseudonym},
    )


def generate_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    """The job: build the report as its starter may read it, write the PDF, keep it encrypted."""
    from vigil.people.selectors.evidence import evidence_for

    audience = job.params.get("audience", "")
    if audience not in REPORT_AUDIENCES:
        raise JobFailed(_("This report cannot be written: unknown audience."))
    reader = job_reader(job)
    with translation.override(job.params.get("language") or None):
        try:
            # Need to know is checked again: the starter may have left the case since.
            examination = access.examination_get(actor=reader, pk=job.params.get("examination"))
        except Http404:
            raise JobFailed(
                _("The examination no longer exists, or you may no longer see it.")
            ) from None
        progress(0, 4, _("Gathering the examination's findings…"))
        evidence = evidence_for(actor=reader, holder=examination)
        document = build_examination_report(
            examination, reader=reader, audience=audience, evidence=evidence
        )
        progress(1, 4, _("Reading the photographs…"))
        photos = embed_photos(reader=reader, document=document, evidence=evidence)
        progress(2, 4, _("Writing the PDF file…"))
        content = render_pdf(
            document, marks=load_examination(examination.pk).marks.all(), photos=photos
        )
        progress(3, 4, _("Storing the document…"))
        stored = document_store(
            actor=reader,
            title=_("Medico-legal report, case %(case)s") % {"case": examination.case.reference},
            filename=report_filename(examination),
            content_type=rendering.PDF_CONTENT_TYPE,
            content=content,
            audience=audience,
            subject=examination,
            job=job,
        )
        progress(4, 4, _("The report is ready."))
    return document_result(stored)
