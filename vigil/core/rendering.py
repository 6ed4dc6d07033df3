"""Writing redacted documents to files: DOCX with python-docx, PDF with WeasyPrint.

Both renderers take the same `DocumentData` (see `vigil.core.redaction`) and refuse one
that did not pass through `redact()`. PDF rendering reaches no network: the fetcher
below refuses every URL but `data:` and files under Vigil's static directories, and the
fonts are vendored (vigil/static/vendor/fonts).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.translation import gettext as _

from vigil.core.languages import is_rtl
from vigil.core.redaction import (
    BulletList,
    Cover,
    DocumentData,
    Facts,
    Paragraph,
    Section,
    Table,
    plain_text,
    require_redacted,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"

# --- PDF -----------------------------------------------------------------------------

FONT_FAMILY = "Vigil Sans"
_FONT_FILES = {
    ("normal", "normal"): "vendor/fonts/DejaVuSans.ttf",
    ("bold", "normal"): "vendor/fonts/DejaVuSans-Bold.ttf",
    ("normal", "italic"): "vendor/fonts/DejaVuSans-Oblique.ttf",
    ("bold", "italic"): "vendor/fonts/DejaVuSans-BoldOblique.ttf",
}


class ResourceRefused(Exception):
    """A document tried to load something from outside Vigil's own static files."""


def _static_roots() -> list[Path]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return roots


@cache
def _fetcher_class() -> type[Any]:
    # WeasyPrint takes half a second to import: only processes that write PDFs pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Fetches `data:` URLs and Vigil's static files; refuses everything else."""

        def __init__(self) -> None:
            # Any refusal stops the rendering instead of leaving a silent gap in the document.
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
            self._roots = _static_roots()

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ResourceRefused(f"Documents may not load remote resources ({scheme or url}).")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise ResourceRefused("Documents may load only Vigil's own static files.")
            return super().fetch(path.as_uri(), headers)

    return LocalOnlyFetcher


def local_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that reaches no network and no file outside the static dirs."""
    return _fetcher_class()()


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


# Scripts DejaVu Sans (Vigil Sans) lacks: vendored Noto fonts (vigil/static/vendor/fonts/noto,
# SIL OFL). Each is one whole file: WeasyPrint would mix up the glyphs of a font shipped in
# unicode-range parts (the Korean parts of the web pages are merged into one file for PDFs by
# tools/merge_korean_font.py). Arabic and Cyrillic PDFs use DejaVu Sans's own shaped glyphs:
# with Noto Sans Arabic, WeasyPrint writes a character map that gives back wrong letters
# when the text is copied, searched or read aloud.
_SCRIPT_FONT_FILES = {
    ("Noto Sans Thai", "normal"): "vendor/fonts/noto/thai/noto-sans-thai-thai-400-normal.woff2",
    ("Noto Sans Thai", "bold"): "vendor/fonts/noto/thai/noto-sans-thai-thai-700-normal.woff2",
    ("Noto Sans KR", "normal"): "vendor/fonts/noto/korean/noto-sans-kr-400-normal.woff2",
}
# The font that leads the family list of a document in that language.
_LANGUAGE_FONTS = {"th": "Noto Sans Thai", "ko": "Noto Sans KR"}


def _static_path(name: str) -> Path:
    found = finders.find(name)
    if not found:
        raise ResourceRefused(f"The vendored font {name} is missing.")
    return Path(found if isinstance(found, str) else found[0]).resolve()


def document_font_family(language: str) -> str:
    """The font list of a document: its language's script font first, then Vigil Sans (Latin,
    Cyrillic, Arabic), then the other scripts, so a name in another script finds its glyphs."""
    lead = _LANGUAGE_FONTS.get(language)
    others = sorted({family for family, _weight in _SCRIPT_FONT_FILES} - {lead or ""})
    families = ([lead] if lead else []) + [FONT_FAMILY, *others]
    return ", ".join(f'"{family}"' for family in families) + ", sans-serif"


def font_faces_css() -> str:
    """@font-face rules for the vendored fonts, as file: URLs (never a network URL)."""
    rules = []
    for (weight, style), name in _FONT_FILES.items():
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{_static_path(name).as_uri()}"); }}'
        )
    for (family, weight), name in _SCRIPT_FONT_FILES.items():
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f'src: url("{_static_path(name).as_uri()}"); }}'
        )
    family = document_font_family(translation.get_language() or "en")
    rules.append(f"html {{ font-family: {family}; }}")
    return "\n".join(rules)


def page_footer_css(*, running_header: str) -> str:
    """The margin boxes: the confidentiality line on top, "Page n of m" at the bottom."""
    template = _("Page {page} of {pages}")
    before, _sep, rest = template.partition("{page}")
    middle, _sep, after = rest.partition("{pages}")
    counter = (
        f"{_css_string(before)} counter(page) {_css_string(middle)} "
        f"counter(pages) {_css_string(after)}"
    )
    return (
        f"@page {{ @bottom-center {{ content: {counter}; }} "
        f"@top-center {{ content: {_css_string(running_header)}; }} }}"
    )


# Every PDF's page breaks (a document's own stylesheets come after and may refine them): no
# paragraph leaves fewer than three lines on a page, a heading or a caption stays with what
# follows it, a table row or figure is never cut, the table header repeats on each page,
# and the signatures and a list's or table's last lines are not left alone on a page.
PAGINATION_CSS = """
p, li, dd, blockquote { orphans: 3; widows: 3; }
h1, h2, h3, h4, h5, h6, .heading--deep, .list-title, caption, dt { break-after: avoid; }
h1, h2, h3, h4, h5, h6, .heading--deep, caption { break-inside: avoid; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, figure, img, svg, .signatures, .signature { break-inside: avoid; }
li:last-child, tbody tr:last-child, dd:last-child { break-before: avoid; }
tbody tr:first-child { break-after: avoid; }
"""


def pdf_from_html(html: str, *, stylesheets: Sequence[str] = (), extra_css: str = "") -> bytes:
    """Render HTML to PDF with local fonts and stylesheets only.

    `stylesheets` are static file names (found like `{% static %}` finds them).
    Raises `ResourceRefused` if the HTML or CSS asks for anything else.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fetcher = local_only_fetcher()
    font_config = FontConfiguration()
    paths = []
    for name in stylesheets:
        found = finders.find(name)
        if not found:
            raise ResourceRefused(f"The stylesheet {name} is missing.")
        paths.append(found if isinstance(found, str) else found[0])
    try:
        sheets = [CSS(string=PAGINATION_CSS, url_fetcher=fetcher, font_config=font_config)]
        sheets += [CSS(filename=p, url_fetcher=fetcher, font_config=font_config) for p in paths]
        own = font_faces_css() + "\n" + extra_css
        sheets.append(CSS(string=own, url_fetcher=fetcher, font_config=font_config))
        document = HTML(string=html, url_fetcher=fetcher)
        # PDF/UA: tagged, so screen readers get headings, lists and table headers; it also
        # writes the document language and title (from <html lang> and <title>).
        return bytes(
            document.write_pdf(stylesheets=sheets, font_config=font_config, pdf_variant="pdf/ua-1")
        )
    except FatalURLFetchingError as error:
        # WeasyPrint stops with a BaseException; turn it into an ordinary error for callers.
        raise ResourceRefused(str(error.__cause__ or error)) from None


# --- DOCX ----------------------------------------------------------------------------


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _page_numbers(paragraph: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    template = _("Page {page} of {pages}")
    before, _sep, rest = template.partition("{page}")
    middle, _sep, after = rest.partition("{pages}")
    for text, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, "")):
        if text:
            paragraph.add_run(text)
        if field:
            _field(paragraph, field)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_header_row(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _docx_block(out: Any, block: Paragraph | BulletList | Table | Facts) -> None:
    from docx.shared import Pt

    if isinstance(block, Paragraph):
        paragraph = out.add_paragraph(plain_text(block.runs))
        if block.style == "note":
            for run in paragraph.runs:
                run.italic = True
    elif isinstance(block, Facts):
        for fact in block.facts:
            paragraph = out.add_paragraph()
            paragraph.add_run(f"{fact.label}: ").bold = True
            paragraph.add_run(plain_text(fact.runs))
            paragraph.paragraph_format.space_after = Pt(2)
    elif isinstance(block, BulletList):
        if block.title:
            out.add_paragraph().add_run(block.title).bold = True
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            out.add_paragraph(plain_text(item.runs), style=style)
    else:
        if block.caption:
            out.add_paragraph(block.caption, style="Caption")
        table = out.add_table(rows=1, cols=len(block.headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(header).bold = True
        _repeat_header_row(table.rows[0])
        for row in block.rows:
            cells = table.add_row().cells
            for cell, runs in zip(cells, row.cells, strict=True):
                cell.text = plain_text(runs)
        out.add_paragraph()


def _docx_section(out: Any, section: Section, level: int) -> None:
    out.add_heading(section.title, level=min(level, 9))
    for block in section.blocks:
        _docx_block(out, block)
    for child in section.sections:
        _docx_section(out, child, level + 1)


def _docx_cover(out: Any, cover: Cover) -> None:
    lines = [
        (_("Date"), cover.issued_on),
        (_("Reference"), cover.reference),
        (_("To"), "\n".join(cover.addressees)),
    ]
    for label, value in lines:
        if value:
            paragraph = out.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)


def _docx_signatures(out: Any, cover: Cover, *, institution: str) -> None:
    from docx.shared import Pt

    out.add_paragraph(_("For %(institution)s") % {"institution": institution})
    for signatory in cover.signatories:
        # Room to sign above the line, then who signs.
        line = out.add_paragraph("_" * 32)
        line.paragraph_format.space_before = Pt(36)
        out.add_paragraph(plain_text(signatory))


def _right_to_left(out: Any) -> None:
    """Arabic documents: every paragraph, run, table and the page read right to left (Word's
    w:bidi, w:rtl, w:bidiVisual); Latin runs (names, reference numbers) keep their own order
    inside them by the Unicode bidirectional algorithm, which Word applies."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    body = out.element.body
    parts = (
        [body]
        + [s.header._element for s in out.sections]
        + [s.footer._element for s in out.sections]
    )
    for part in parts:
        for p in part.iter(qn("w:p")):
            p.get_or_add_pPr().insert(0, OxmlElement("w:bidi"))
        for r in part.iter(qn("w:r")):
            r.get_or_add_rPr().append(OxmlElement("w:rtl"))
        for tbl_pr in part.iter(qn("w:tblPr")):
            tbl_pr.append(OxmlElement("w:bidiVisual"))
    for sect_pr in body.iter(qn("w:sectPr")):
        sect_pr.append(OxmlElement("w:bidi"))


def render_docx(document: DocumentData) -> bytes:
    """A Word document: letterhead, title, then each section under real Heading 1/2/3 styles."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    require_redacted(document)
    out = docx.Document()
    properties = out.core_properties
    properties.title = document.title
    properties.author = document.letterhead.institution
    properties.last_modified_by = document.letterhead.institution
    properties.comments = ""
    properties.language = document.language
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    page = out.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = Mm(22)
    header = page.header.paragraphs[0]
    header.text = document.confidentiality
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in header.runs:
        run.italic, run.font.size = True, Pt(8)
    _page_numbers(page.footer.paragraphs[0])

    letterhead = out.add_paragraph()
    name = letterhead.add_run(document.letterhead.institution)
    name.bold, name.font.size = True, Pt(14)
    line = out.add_paragraph(f"{document.letterhead.kind} · {document.letterhead.country}")
    for run in line.runs:
        run.font.size, run.font.color.rgb = Pt(9), RGBColor(0x55, 0x55, 0x55)
    out.add_heading(document.title, level=0)
    if document.subtitle:
        out.add_paragraph(document.subtitle)
    if document.confidentiality:
        out.add_paragraph().add_run(document.confidentiality).bold = True
    if document.cover:
        _docx_cover(out, document.cover)
    for section in document.sections:
        _docx_section(out, section, 1)
    if document.cover and document.cover.signatories:
        _docx_signatures(out, document.cover, institution=document.letterhead.institution)
    if is_rtl(document.language):
        _right_to_left(out)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
