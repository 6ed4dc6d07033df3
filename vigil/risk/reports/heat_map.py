"""The heat map: in the PDF, tables of shares by column (a few columns per A4 page); in the
workbook, a coloured sheet of shares and a sheet with every figure of every cell."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from vigil.core.redaction import Block, Row, Table
from vigil.risk.reports.common import GROUP_SOURCE, percent_label, text_row
from vigil.risk.selectors.gaps import Gaps

PDF_COLUMNS = 6  # columns of the heat map per table on an A4 page
# The colour of a cell by its band (band 0, "no place", stays white).
BAND_COLOURS = {1: "FEF3C7", 2: "FCD34D", 3: "F59E0B", 4: "DC2626"}


def heat_tables(gaps: Gaps) -> list[Block]:
    """The heat map as tables of the document."""
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
            rows.append(text_row(group.label, source=f"{GROUP_SOURCE}:{group.key}"))
            for row in group.rows:
                cells = [*row.cells, row.total][start : start + len(chunk)]
                shares = [f"{percent_label(c.share_text)} ({c.contributing}/{c.places})"
                          for c in cells]  # fmt: skip
                line = text_row(row.name, *shares)
                # The PDF colours each cell by its band, as the page does.
                line.styles = ["", *(f"gaps-band--{c.band}" for c in cells)]
                rows.append(line)
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


def heat_sheets(book: Any, gaps: Gaps) -> list[Any]:
    """The "Heat map" sheet (shares, coloured by band) and the "Cells" sheet (every figure)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {band: PatternFill("solid", fgColor=colour) for band, colour in BAND_COLOURS.items()}
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
    return [heat, detail]
