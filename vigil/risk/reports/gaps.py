"""The protection gaps as a PDF document: about these figures, the heat map, the safeguards
most often missing and the trend, each part built by its module.

The document is still built as a `DocumentData` and passed through `redact`, as every
document is, so that the institution's rules apply to it too.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from vigil.core import rendering
from vigil.core.models import Institution
from vigil.core.redaction import (
    DocumentData,
    Fact,
    Facts,
    Letterhead,
    Paragraph,
    Section,
    confidentiality_notice,
    require_redacted,
)
from vigil.risk.charts import TrendChart
from vigil.risk.reports.common import day_text, explanation, scope_text
from vigil.risk.reports.heat_map import heat_tables
from vigil.risk.reports.safeguards import safeguard_table
from vigil.risk.reports.trend import trend_tables
from vigil.risk.selectors.gaps import Gaps, bands


def gaps_document(gaps: Gaps, *, institution: Institution, audience: str) -> DocumentData:
    """The unredacted document; pass it through `redact` before rendering it."""
    facts = [
        Fact(_("As of"), [day_text(gaps.today)]),
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
            Section(_("Heat map"), key="heat-map", blocks=heat_tables(gaps)),
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
                    safeguard_table(gaps),
                ],
            ),
            Section(_("Trend"), key="trend", blocks=[trend_note, *trend_tables(gaps)]),
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
        % {"dimension": gaps.dimension_label.lower(), "day": day_text(gaps.today)},
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
tr.group-row th { background: #eef1f5; text-align: start; }
/* The heat map's bands as on screen (risk/gaps.css). Their lightness falls band by band, so
   the legend still reads in greyscale; a cell's text prints its share in any case. */
.gaps-band--0 { background: #ffffff; color: #333; }
.gaps-band--1 { background: #fdf0d5; color: #111; }
.gaps-band--2 { background: #f6c86b; color: #111; }
.gaps-band--3 { background: #c2410c; color: #fff; }
.gaps-band--4 { background: #7f1d1d; color: #fff; }
.gaps-heat td.gaps-cell { text-align: center; }
/* A group of factors stays on one page with its heading row (the header row repeats). */
.gaps-heat__group { break-inside: avoid; }
.gaps-legend { margin: 0 0 3mm; break-inside: avoid; break-after: avoid; }
.gaps-legend__title { font-weight: bold; margin: 0 0 1mm; }
.gaps-legend__list { list-style: none; margin: 0 0 1mm; padding: 0; }
.gaps-legend__list li { display: inline-block; margin-inline-end: 6mm; }
.gaps-swatch { display: inline-block; width: 5mm; height: 3.5mm; border: 0.5pt solid #333;
  vertical-align: middle; }
.gaps-legend__how { font-size: 8pt; color: #333; margin: 0; }
"""


def render_pdf(document: DocumentData, chart: TrendChart | None = None) -> bytes:
    require_redacted(document)
    html = render_to_string(
        "risk/gaps_pdf.html", {"doc": document, "chart": chart, "bands": bands()}
    )
    return rendering.pdf_from_html(
        html,
        stylesheets=["visits/report_print.css"],
        extra_css=rendering.page_footer_css(running_header=document.confidentiality) + _PDF_CSS,
    )
