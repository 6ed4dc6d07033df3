"""The protection gaps as files: a workbook (XLSX, at once) and a PDF (written in the background).

Both hold figures only: shares and averages per factor and per kind of place, authority or
area. They name no person and no place. The PDF is still built as a `DocumentData` and passed
through `redact`, as every document is, so that the institution's rules apply to it too.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vigil.core import rendering
from vigil.core.access import actor_can
from vigil.core.jobs import JobFailed, JobProgress, job_reader, job_start
from vigil.core.models import Institution, Job, Membership
from vigil.core.redaction import (
    Audience,
    Block,
    DocumentData,
    Fact,
    Facts,
    Letterhead,
    Paragraph,
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
from vigil.risk.selectors_gaps import DIMENSIONS, Gaps, GapsFilters, TrendChart, gaps_build

GAPS_JOB = "risk.gaps_report"
AUDIENCES = (Audience.INTERNAL, Audience.PUBLIC)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GROUP_SOURCE = "risk.factorgroup"  # rows that head a group of factors in the heat map
PDF_COLUMNS = 6  # columns of the heat map per table on an A4 page


def _day(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else "—"


def _row(*texts: str, source: str = "") -> Row:
    cells: list[Runs] = [[text] for text in texts]
    return Row(cells, source=source)


def _percent(share_text: str) -> str:
    return f"{share_text} %"


def explanation() -> str:
    return _(
        "A factor contributes at a place when the place's latest risk score found evidence of "
        "it (its value is above 0). Each cell gives the share of the scored places of the "
        "column where the factor contributes, how many places that is, and the mean value of "
        "the factor over those places (0: no evidence, 1: the factor at its maximum)."
    )


def scope_text(gaps: Gaps) -> str:
    text = _("%(n)s places scored") % {"n": gaps.scored}
    if gaps.newest_score:
        text += ", " + _("scores of %(first)s to %(last)s") % {
            "first": _day(gaps.oldest_score),
            "last": _day(gaps.newest_score),
        }
    if gaps.versions:
        versions = ", ".join(f"v{v}" for v in gaps.versions)
        text += ", " + _("configuration %(versions)s") % {"versions": versions}
    return text


def filename(gaps: Gaps, fmt: str) -> str:
    """Chosen by Vigil, never by the request."""
    dimension = slugify(gaps.filters.dimension) or "kind"
    return f"vigil-protection-gaps-{dimension}-{gaps.today.isoformat()}.{fmt}"


# --- the document ---------------------------------------------------------------------------


def _heat_tables(gaps: Gaps) -> list[Block]:
    columns = [(c.label, c.places) for c in gaps.columns] + [(str(_("All places")), gaps.scored)]
    tables: list[Block] = []
    chunks = [columns[i : i + PDF_COLUMNS] for i in range(0, len(columns), PDF_COLUMNS)]
    for number, chunk in enumerate(chunks):
        start = number * PDF_COLUMNS
        headers = [_("Factor")] + [
            _("%(label)s (%(n)s places)") % {"label": label, "n": n} for label, n in chunk
        ]
        rows: list[Row] = []
        for group in gaps.groups:
            # A heading row: the PDF template draws it across the table.
            rows.append(_row(group.label, source=f"{GROUP_SOURCE}:{group.key}"))
            for row in group.rows:
                cells = [*row.cells, row.total][start : start + len(chunk)]
                rows.append(
                    _row(
                        row.name,
                        *(f"{_percent(c.share_text)} ({c.contributing}/{c.places})" for c in cells),
                    )
                )
        caption = _("Share of places where each factor contributes, by %(dimension)s") % {
            "dimension": gaps.dimension_label.lower()
        }
        if len(chunks) > 1:
            caption += " " + _("(part %(n)s of %(total)s)") % {
                "n": number + 1,
                "total": len(chunks),
            }
        tables.append(Table(headers=headers, rows=rows, caption=caption))
    return tables


def _safeguard_table(gaps: Gaps) -> Table:
    return Table(
        headers=[_("Rank"), _("Safeguard"), _("Group"), _("Places"), _("Share"), _("Mean value")],
        rows=[
            _row(
                str(s.rank),
                s.name,
                s.group_label,
                f"{s.cell.contributing} / {s.cell.places}",
                _percent(s.cell.share_text),
                s.cell.mean_text,
            )
            for s in gaps.safeguards
        ],
        caption=_("Safeguards most often missing"),
    )


def _trend_tables(gaps: Gaps) -> list[Block]:
    headers = [_("Group of factors")] + [str(year) for year in gaps.years]
    rows = [
        _row(
            row.label,
            *(
                _("%(share)s (%(count)s/%(total)s), %(points)s points")
                % {
                    "share": _percent(c.share_text),
                    "count": c.contributing,
                    "total": c.places,
                    "points": c.mean_points_text,
                }
                for c in row.cells
            ),
        )
        for row in gaps.trend
    ]
    rows.append(
        _row(
            _("Mean score"),
            *(
                _("%(score)s (%(n)s places)")
                % {"score": figure.mean_score_text, "n": figure.places}
                for figure in gaps.year_figures
            ),
        )
    )
    return [Table(headers=headers, rows=rows, caption=_("Trend over the years"))]


def gaps_document(gaps: Gaps, *, institution: Institution, audience: str) -> DocumentData:
    """The unredacted document; pass it through `redact` before rendering it."""
    facts = [
        Fact(_("As of"), [_day(gaps.today)]),
        Fact(_("Columns"), [gaps.dimension_label]),
        Fact(_("Places"), [scope_text(gaps)]),
    ]
    if gaps.summary:
        facts.append(Fact(_("Chosen places"), ["; ".join(gaps.summary)]))
    if gaps.unscored:
        facts.append(Fact(_("Not yet scored"), [str(gaps.unscored)]))
    about = Section(
        _("About these figures"),
        key="summary",
        blocks=[Facts(facts), Paragraph([explanation()], style="note")],
    )
    if gaps.empty:
        about.blocks.append(Paragraph([_("No place has a risk score yet.")]))
        sections = [about]
    else:
        trend_note = Paragraph(
            [
                _(
                    "For each year, every place counts with the score it had on 31 December "
                    "(today for the current year). Share: places where at least one factor of "
                    "the group contributes. Points: the mean number of points of the score the "
                    "group accounts for."
                )
            ],
            style="note",
        )
        sections = [
            about,
            Section(_("Heat map"), key="heat-map", blocks=_heat_tables(gaps)),
            Section(
                _("Safeguards most often missing"),
                key="safeguards",
                blocks=[
                    Paragraph(
                        [
                            _(
                                "The safeguards of the first hours of custody and the registers, "
                                "ranked by the share of places where they are found missing."
                            )
                        ],
                        style="note",
                    ),
                    _safeguard_table(gaps),
                ],
            ),
            Section(_("Trend"), key="trend", blocks=[trend_note, *_trend_tables(gaps)]),
        ]
    return DocumentData(
        title=_("Protection gaps"),
        letterhead=Letterhead(
            institution=institution.name,
            country=institution.country,
            kind=institution.get_kind_display(),
        ),
        confidentiality=confidentiality_notice(audience, institution=institution.name),
        subtitle=_("Risk factors by %(dimension)s, %(day)s")
        % {"dimension": gaps.dimension_label.lower(), "day": _day(gaps.today)},
        sections=sections,
        language=translation.get_language() or "en",
    )


_PDF_CSS = """
@page { size: A4 landscape; }
.chapter--heat-map table, .chapter--trend table { font-size: 8pt; }
.chapter--heat-map td:first-child { width: 60mm; }
.chapter--heat-map table { margin-bottom: 5mm; }
.gaps-chart { margin: 2mm 0 4mm; break-inside: avoid; }
.gaps-chart svg { width: 170mm; }
.gaps-chart figcaption { font-size: 8pt; color: #333; }
.gaps-chart__legend { list-style: none; padding: 0; margin: 1mm 0 0; }
.gaps-chart__legend li { display: inline-block; margin-right: 5mm; }
.gaps-chart__swatch { display: inline-block; width: 3mm; height: 3mm; margin-right: 1.5mm; }
.gaps-chart__swatch--current { background: #1f4e79; }
.gaps-chart__swatch--past { background: #6b7585; }
tr.group-row th { background: #eef1f5; text-align: left; }
"""


def render_pdf(document: DocumentData, chart: TrendChart | None = None) -> bytes:
    require_redacted(document)
    html = render_to_string("risk/gaps_pdf.html", {"doc": document, "chart": chart})
    return rendering.pdf_from_html(
        html,
        stylesheets=["visits/report_print.css"],
        extra_css=rendering.page_footer_css(running_header=document.confidentiality) + _PDF_CSS,
    )


# --- the workbook -----------------------------------------------------------------------------


def gaps_xlsx(gaps: Gaps, *, institution: Institution) -> bytes:
    """About, Heat map (shares), Cells (every figure), Safeguards, Trend: one sheet each."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {
        band: PatternFill("solid", fgColor=colour)
        for band, colour in {1: "FEF3C7", 2: "FCD34D", 3: "F59E0B", 4: "DC2626"}.items()
    }
    book = Workbook()

    about = book.active
    assert about is not None
    about.title = str(_("About"))[:31]
    lines: list[tuple[str, Any]] = [
        (str(_("Protection gaps")), institution.name),
        (str(_("As of")), gaps.today),
        (str(_("Columns")), gaps.dimension_label),
        (str(_("Places")), scope_text(gaps)),
        (str(_("Chosen places")), "; ".join(gaps.summary) or str(_("All"))),
        (str(_("Not yet scored")), gaps.unscored),
        (str(_("How to read")), explanation()),
    ]
    for label, value in lines:
        about.append([label, value])
    about["B2"].number_format = "yyyy-mm-dd"
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    for row in about.iter_rows():
        row[0].font = bold
        row[1].alignment = wrap

    heat = book.create_sheet(str(_("Heat map"))[:31])
    columns = [*gaps.columns]
    heat.append(
        [str(_("Group")), str(_("Factor"))]
        + [f"{c.label} (n={c.places})" for c in columns]
        + [f"{_('All places')} (n={gaps.scored})"]
    )
    for group in gaps.groups:
        for row in group.rows:
            cells = [*row.cells, row.total]
            heat.append([group.label, row.name] + [c.share / 100 for c in cells])
            for offset, cell in enumerate(cells):
                target = heat.cell(row=heat.max_row, column=3 + offset)
                target.number_format = "0.0%"
                if cell.band:
                    target.fill = fills[cell.band]
                    if cell.band == 4:
                        target.font = Font(color="FFFFFF", bold=True)
    heat.freeze_panes = "C2"
    heat.column_dimensions["A"].width = 28
    heat.column_dimensions["B"].width = 48
    for index in range(3, len(columns) + 4):
        heat.column_dimensions[get_column_letter(index)].width = 16
    for cell in heat[1]:
        cell.font = bold
        cell.alignment = wrap

    detail = book.create_sheet(str(_("Cells"))[:31])
    detail.append(
        [
            str(_("Group")),
            str(_("Factor code")),
            str(_("Factor")),
            gaps.dimension_label,
            str(_("Places scored")),
            str(_("Places where it contributes")),
            str(_("Share")),
            str(_("Mean value")),
        ]
    )
    labelled = [*((c.label, c) for c in columns), (str(_("All places")), None)]
    for group in gaps.groups:
        for row in group.rows:
            for (label, _column), cell in zip(labelled, [*row.cells, row.total], strict=True):
                detail.append(
                    [
                        group.label,
                        row.code,
                        row.name,
                        label,
                        cell.places,
                        cell.contributing,
                        cell.share / 100,
                        float(cell.mean_value),
                    ]
                )
                detail.cell(row=detail.max_row, column=7).number_format = "0.0%"
                detail.cell(row=detail.max_row, column=8).number_format = "0.00"

    safeguards = book.create_sheet(str(_("Safeguards"))[:31])
    safeguards.append(
        [
            str(_("Rank")),
            str(_("Safeguard")),
            str(_("Group")),
            str(_("Places where it is missing")),
            str(_("Places scored")),
            str(_("Share")),
            str(_("Mean value")),
        ]
    )
    for s in gaps.safeguards:
        safeguards.append(
            [
                s.rank,
                s.name,
                s.group_label,
                s.cell.contributing,
                s.cell.places,
                s.cell.share / 100,
                float(s.cell.mean_value),
            ]
        )
        safeguards.cell(row=safeguards.max_row, column=6).number_format = "0.0%"
        safeguards.cell(row=safeguards.max_row, column=7).number_format = "0.00"

    trend = book.create_sheet(str(_("Trend"))[:31])
    trend.append(
        [
            str(_("Year")),
            str(_("Group of factors")),
            str(_("Places scored")),
            str(_("Places where it shows")),
            str(_("Share")),
            str(_("Mean points")),
        ]
    )
    for row in gaps.trend:
        for c in row.cells:
            trend.append(
                [c.year, row.label, c.places, c.contributing, c.share / 100, float(c.mean_points)]
            )
            trend.cell(row=trend.max_row, column=5).number_format = "0.0%"
    for figure in gaps.year_figures:
        trend.append(
            [figure.year, str(_("Mean score")), figure.places, None, None,
             float(figure.mean_score)]
        )  # fmt: skip

    for sheet in (detail, safeguards, trend):
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = bold
        for index in range(1, sheet.max_column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 20
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the PDF, in the background ---------------------------------------------------------------


def gaps_report_start(*, actor: Membership, filters: GapsFilters, audience: str) -> Job:
    if audience not in AUDIENCES:
        raise ValueError(f"Unknown audience {audience!r}.")
    if not actor_can(actor, Capability.VIEW_RISK):
        raise Http404
    return job_start(
        actor=actor,
        kind=GAPS_JOB,
        params={
            **filters.as_params(),
            "audience": audience,
            "language": translation.get_language() or "en",
        },
        title=_("Protection gaps by %(dimension)s (PDF)")
        % {"dimension": str(DIMENSIONS[filters.dimension]).lower()},
    )


def generate_gaps_report(job: Job, progress: JobProgress) -> dict[str, Any]:
    audience = job.params.get("audience", "")
    if audience not in AUDIENCES:
        raise JobFailed(_("This report cannot be written: unknown audience."))
    reader = job_reader(job, Capability.VIEW_RISK)
    filters = GapsFilters.from_params(job.params)
    with translation.override(job.params.get("language") or None):
        progress(0, 3, _("Adding up the risk factors…"))
        gaps = gaps_build(actor=reader, filters=filters)
        document = redact(
            gaps_document(gaps, institution=reader.institution, audience=audience),
            reader=reader,
            audience=audience,
        )
        progress(1, 3, _("Writing the PDF file…"))
        content = render_pdf(document, gaps.chart if not gaps.empty else None)
        progress(2, 3, _("Storing the document…"))
        stored = document_store(
            actor=reader,
            title=document.title,
            filename=filename(gaps, "pdf"),
            content_type=rendering.PDF_CONTENT_TYPE,
            content=content,
            audience=audience,
            subject=None,
            job=job,
        )
        progress(3, 3, _("The report is ready."))
    return {
        "document": stored.pk,
        "download_url": reverse("core:document_download", args=[stored.pk]),
    }
