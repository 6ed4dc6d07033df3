"""The visit report's "Custody registers": for each checked extract attached to the visit,
the checks' counts and rates. Aggregates only: no entry, name or pseudonym reaches the
report. Small counts are withheld (vigil/core/suppression.py): at the reader's threshold in
an internal report, at the institution's in every report that leaves it."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from vigil.core.dates import long_day
from vigil.core.redaction import Audience, Fact, Facts, Paragraph, Row, Section, Table
from vigil.core.suppression import threshold, threshold_for
from vigil.registers.models import CustodyRegister, RegisterMonth
from vigil.registers.selectors import check_table
from vigil.visits.reports.common import ReportContext

SECTION_KEY = "custody_registers"


def _period(register: CustodyRegister) -> str:
    if register.period_from is None or register.period_to is None:
        return ""
    start, end = register.period_from, register.period_to
    return f"{long_day(start)} – {long_day(end)}"


def visit_registers_section(context: ReportContext) -> Iterable[Section]:
    """One sub-section per checked extract handed over during the visit (two queries)."""
    visit = context.visit
    registers = list(
        CustodyRegister.objects.for_institution(visit.institution_id)
        .filter(visit_id=visit.pk, status=CustodyRegister.Status.CHECKED)
        .select_related("authority")
        .only(
            "pk",
            "institution_id",
            "authority__name",
            "row_count",
            "period_from",
            "period_to",
            "created_at",
        )
        .order_by("created_at", "pk")
    )
    if not registers:
        return
    months: dict[int, list[RegisterMonth]] = {register.pk: [] for register in registers}
    for month in RegisterMonth.objects.for_institution(visit.institution_id).filter(
        register_id__in=months
    ):
        months[month.register_id].append(month)
    if context.audience == Audience.INTERNAL:
        below = threshold_for(context.reader)
    else:
        below = threshold(visit.institution)
    headers = [_("Check"), _("Entries found"), _("Entries checked"), _("Rate")]
    sections = []
    for register in registers:
        rows = []
        for row in check_table(months[register.pk], below):
            figure = row.figure
            rate = "–" if figure.suppressed else f"{round(row.rate * 100)}%"
            rows.append(Row([[row.label], [figure.text], [str(row.entries)], [rate]]))
        facts = [Fact(_("Authority"), [register.authority.name])]
        if period := _period(register):
            facts.append(Fact(_("Period"), [period]))
        facts.append(Fact(_("Entries"), [str(register.row_count)]))
        sections.append(
            Section(
                _("Register extract %(number)s") % {"number": register.pk},
                blocks=[Facts(facts), Table(headers, rows)],
            )
        )
    note = Paragraph(
        [
            _(
                "The custody register extracts handed over during the visit, checked for the "
                "safeguards of the first hours of custody: for each check, the entries it "
                "found and their share of the entries checked. No person is identified."
            )
        ],
        style="note",
    )
    yield Section(_("Custody registers"), key=SECTION_KEY, blocks=[note], sections=sections)
