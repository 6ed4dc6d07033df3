"""The visit report as a file: DOCX or PDF, and the name Vigil gives it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.text import slugify

from vigil.core import rendering
from vigil.core.redaction import DocumentData, require_redacted
from vigil.visits.models import Visit


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
