"""The annual report as a document: chapters in order, numbered, redacted for its audience.

Generated chapters come from `figures` (frozen ones once the report is approved); narrative
chapters from their sanitised HTML. Quotes pass through the consent rule like the visit
report's interviews (vigil.people.consent_rules); small counts in the chapters on cases and
reprisals are withheld for every reader outside casework, and for every audience but the
institution itself.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from vigil.core.models import Membership
from vigil.core.redaction import (
    Audience,
    Block,
    BulletList,
    DocumentData,
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
)
from vigil.core.suppression import suppress, threshold, threshold_for
from vigil.people.consent_rules import MENTION_INTERVIEWEE, interview_ref, person_ref
from vigil.people.models import Interview
from vigil.reports import figures as report_figures
from vigil.reports.models import AnnualReport, Chapter
from vigil.reports.richtext import blocks as narrative_blocks

AUDIENCES = [Audience.PUBLIC, Audience.INTERNAL]


def small_count_threshold(reader: Membership, audience: str) -> int | None:
    """Only the institution's own copy, read by someone in casework, shows every count (None);
    every other copy withholds counts below the institution's threshold (vigil.core.suppression)."""
    if audience != Audience.INTERNAL:
        return threshold(reader.institution)
    return threshold_for(reader)


def report_figures_of(report: AnnualReport) -> dict[str, list[dict[str, Any]]]:
    """The frozen figures of an approved report, else the records' figures of today."""
    if report.status == AnnualReport.Status.APPROVED and report.frozen is not None:
        return report.frozen
    return report_figures.compute(report.institution_id, report.year)


def _suppress(rows: list[list[Any]], below: int) -> list[list[Any]]:
    """Each column of counts withheld on its own (with the next smallest where needed)."""
    if not rows:
        return rows
    out = [list(row) for row in rows]
    for column in range(1, len(rows[0])):
        values = [row[column] for row in rows]
        if not all(isinstance(v, int) for v in values):
            continue
        for row, figure in zip(out, suppress(list(enumerate(values)), below), strict=True):
            row[column] = figure.text if figure.suppressed else figure.count
    return out


def _quotes(pks: list[int]) -> dict[int, Interview]:
    return {
        i.pk: i
        for i in Interview.objects.filter(pk__in=pks)
        .select_related("person")
        .only(
            "pk",
            "institution_id",
            "person_id",
            "group_size",
            "summary_for_report",
            "person__pseudonym",
        )
    }


def _quote(interview: Interview) -> Paragraph | None:
    summary = " ".join(interview.summary_for_report.split())
    if not summary:
        return None
    if interview.person is not None:
        # The annual report is published: a person is never named, only their pseudonym.
        speaker: Runs = [
            Mention(
                kind=MENTION_INTERVIEWEE,
                name=interview.person.pseudonym,
                pseudonym=interview.person.pseudonym,
                ref=person_ref(interview.person.pk),
            )
        ]
    else:
        speaker = [_("A group of people")]
    return Paragraph([*speaker, ": ", f"“{summary}”"], source=interview_ref(interview.pk))


def _generated_blocks(
    data: list[dict[str, Any]], *, below: int | None, quotes: dict[int, Interview]
) -> list[Block]:
    out: list[Block] = []
    for block in data:
        kind = block.get("t")
        if kind == "p":
            out.append(Paragraph([block["text"]]))
        elif kind == "list":
            out.append(
                BulletList([Item([text]) for text in block["items"]], title=block.get("title", ""))
            )
        elif kind == "table":
            rows = (
                _suppress(block["rows"], below)
                if below is not None and block.get("small")
                else block["rows"]
            )
            out.append(
                Table(
                    headers=list(block["headers"]),
                    rows=[Row([[str(cell)] for cell in row]) for row in rows],
                    caption=block.get("caption", ""),
                )
            )
        elif kind == "quote" and (interview := quotes.get(block["interview"])):
            paragraph = _quote(interview)
            if paragraph is not None:
                out.append(paragraph)
    return out


def build_annual_report(
    report: AnnualReport, *, reader: Membership, audience: str = Audience.PUBLIC
) -> DocumentData:
    """The report for `audience`, as `reader` may read it; already redacted."""
    if report.institution_id != reader.institution_id:
        raise ValueError("A report is built only for a member of its institution.")
    institution = reader.institution
    data = report_figures_of(report)
    chapters = list(
        Chapter.objects.for_institution(report.institution_id).filter(report=report, included=True)
    )
    quote_pks = [
        block["interview"]
        for chapter in chapters
        if not chapter.is_narrative
        for block in data.get(chapter.kind, [])
        if block.get("t") == "quote"
    ]
    quotes = _quotes(quote_pks) if quote_pks else {}
    quotes = {pk: i for pk, i in quotes.items() if i.institution_id == report.institution_id}
    below = small_count_threshold(reader, audience)
    sections = []
    for number, chapter in enumerate(chapters, start=1):
        if chapter.is_narrative:
            body = narrative_blocks(chapter.body)
        else:
            body = _generated_blocks(data.get(chapter.kind, []), below=below, quotes=quotes)
        sections.append(
            Section(f"{number}. {chapter.title}", key=f"chapter-{chapter.kind}", blocks=body)
        )
    document = DocumentData(
        title=report.title,
        letterhead=Letterhead(
            institution=institution.name,
            country=institution.country,
            kind=institution.get_kind_display(),
        ),
        confidentiality=confidentiality_notice(audience, institution=institution.name),
        subtitle=_("Annual report of the national preventive mechanism, %(year)s")
        % {"year": report.year},
        sections=sections,
    )
    return redact(document, reader=reader, audience=audience)
