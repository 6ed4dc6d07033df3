"""The programme report and the Good Practice Report as files: DOCX, or PDF with the
indicators' progress charts."""

from __future__ import annotations

from django.template.loader import render_to_string

from vigil.core import rendering
from vigil.core.redaction import DocumentData, require_redacted
from vigil.programmes.reports.logframe import IndicatorFigure
from vigil.programmes.reports.programme import ProgrammeReport

FORMATS = {
    "docx": rendering.DOCX_CONTENT_TYPE,
    "pdf": rendering.PDF_CONTENT_TYPE,
}


def render_pdf(document: DocumentData, figures: dict[str, IndicatorFigure] | None = None) -> bytes:
    """The PDF, with each kept indicator part's chart beside it."""
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
    """A report as a DOCX or PDF file; only the PDF draws the indicators' charts."""
    document = report.document if isinstance(report, ProgrammeReport) else report
    figures = report.figures if isinstance(report, ProgrammeReport) else None
    if fmt == "docx":
        return rendering.render_docx(document)
    if fmt == "pdf":
        return render_pdf(document, figures)
    raise ValueError(f"Unknown report format {fmt!r}.")
