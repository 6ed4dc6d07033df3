"""The logframe of the programme report: a table of every line with its indicators'
baseline, target, latest actual value and progress, then one part per indicator with its
dated values (and, in the PDF, its progress chart from `vigil.programmes.charts`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from vigil.core.dates import day
from vigil.core.redaction import Block, Fact, Facts, Paragraph, Row, Runs, Section, Table
from vigil.programmes.charts import IndicatorChart, indicator_chart
from vigil.programmes.models import Indicator, Programme
from vigil.programmes.progress import Progress
from vigil.programmes.reports.common import number
from vigil.programmes.selectors.programmes import LogframeLine, logframe_lines

INDICATOR_PART = "indicator"


def _progress_text(progress: Progress) -> str:
    if progress.raw is None:
        return str(progress.explanation) or "—"
    text = f"{number(progress.raw)} %"
    if progress.reached:
        text += " " + _("(target reached)")
    return text


def _latest_text(progress: Progress, unit: str = "") -> str:
    if progress.latest is None or progress.latest_on is None:
        return _("none yet")
    return _("%(value)s on %(day)s") % {
        "value": number(progress.latest) + unit,
        "day": day(progress.latest_on),
    }


@dataclass
class IndicatorFigure:
    """An indicator's chart for the PDF, kept beside the document (charts are not text)."""

    name: str
    unit: str
    progress: Progress
    chart: IndicatorChart


def _indicator_part(
    line: LogframeLine, statement: str, indicator: Indicator, progress: Progress
) -> Section:
    """One indicator: its line, figures and dated actual values."""
    unit = f" {indicator.unit}" if indicator.unit else ""
    facts = [
        Fact(_("Logframe line"), [f"{line.code} {statement}"]),
        Fact(_("Baseline"), [number(progress.baseline) + unit]),
        Fact(_("Target"), [number(progress.target) + unit]),
        Fact(_("Latest actual"), [_latest_text(progress, unit)]),
        Fact(_("Progress"), [_progress_text(progress)]),
    ]
    if indicator.means_of_verification:
        facts.append(Fact(_("Means of verification"), [indicator.means_of_verification]))
    values = Table(
        headers=[_("Date"), _("Actual value"), _("Note")],
        rows=[
            Row(
                [
                    [day(v.measured_on)],
                    [number(v.value) + unit],
                    [" ".join(v.note.split())],
                ]
            )
            for v in indicator.values.all()
        ],
        caption=_("Actual values"),
    )
    blocks: list[Block] = [
        Facts(facts),
        values if values.rows else Paragraph([_("No actual value recorded yet.")], style="note"),
    ]
    source = f"programmes.indicator:{indicator.pk}"
    return Section(indicator.name, key=INDICATOR_PART, blocks=blocks, source=source)


def _rows(line: LogframeLine, statement: str) -> list[Row]:
    """The line's rows of the logframe table: one per indicator, or one with none."""
    item = line.item
    source = f"programmes.logframeitem:{item.pk}"
    if not line.indicators:
        cells: list[Runs] = [[line.code], [item.get_level_display()], [statement]]
        return [Row(cells + [["—"] for _n in range(5)], source=source)]
    rows = []
    for position, (indicator, progress) in enumerate(line.indicators):
        unit = f" {indicator.unit}" if indicator.unit else ""
        first = position == 0
        rows.append(
            Row(
                [
                    [line.code if first else ""],
                    [item.get_level_display() if first else ""],
                    [statement if first else ""],
                    [indicator.name],
                    [number(progress.baseline) + unit],
                    [number(progress.target) + unit],
                    [_latest_text(progress, unit)],
                    [_progress_text(progress)],
                ],
                source=source,
            )
        )
    return rows


def logframe_parts(programme: Programme, figures: dict[str, IndicatorFigure]) -> list[Section]:
    """The logframe table and one part per indicator; each indicator's chart goes into
    `figures`, by the source of its part."""
    rows: list[Row] = []
    parts: list[Section] = []
    for line in logframe_lines(programme):
        statement = " ".join(line.item.text.split())
        rows += _rows(line, statement)
        for indicator, progress in line.indicators:
            part = _indicator_part(line, statement, indicator, progress)
            parts.append(part)
            figures[part.source] = IndicatorFigure(
                indicator.name, indicator.unit, progress, indicator_chart(progress)
            )
    headers = [_("No."), _("Level"), _("Statement"), _("Indicator"), _("Baseline"), _("Target"),
               _("Latest actual"), _("Progress")]  # fmt: skip
    table = Table(headers=headers, rows=rows, caption=_("Logframe and indicator progress"))
    logframe = Section(
        _("Logframe progress"),
        key="logframe",
        blocks=[
            Paragraph(
                [
                    _(
                        "Progress is how far the latest actual value has moved from the "
                        "baseline towards the target: (latest − baseline) ÷ (target − baseline)."
                    )
                ],
                style="note",
            ),
            table if rows else Paragraph([_("No logframe has been written yet.")]),
        ],
    )
    indicators = Section(_("Indicators"), key="indicators", sections=parts)
    if not parts:
        indicators.blocks.append(Paragraph([_("No indicators are defined.")], style="note"))
    return [logframe, indicators]
