"""The trend over the years: per group of factors, the share of places where it shows and
the points it accounts for, and the mean score of each year."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from vigil.core.redaction import Block, Table
from vigil.risk.reports.common import percent_label, text_row
from vigil.risk.selectors.gaps import Gaps


def trend_tables(gaps: Gaps) -> list[Block]:
    """The trend as a table of the document, one column per year."""
    headers = [_("Group of factors")] + [str(year) for year in gaps.years]
    rows = [
        text_row(
            row.label,
            *(
                _("%(share)s (%(count)s/%(total)s), %(points)s points")
                % {
                    "share": percent_label(c.share_text),
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
        text_row(
            _("Mean score"),
            *(
                _("%(score)s (%(n)s places)")
                % {"score": figure.mean_score_text, "n": figure.places}
                for figure in gaps.year_figures
            ),
        )
    )
    return [Table(headers=headers, rows=rows, caption=_("Trend over the years"))]


def trend_sheet(book: Any, gaps: Gaps) -> Any:
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
    return trend
