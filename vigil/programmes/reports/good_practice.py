"""The Good Practice Report (`build_good_practice_report`): across the programmes the reader
chose, the entries marked ready to share, grouped by their first good-practice theme. It is
always written for the public audience: staff appear by their role, and it names no
participant of a training (`reports.common`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vigil.core.models import Membership
from vigil.core.redaction import (
    Audience,
    DocumentData,
    Paragraph,
    Row,
    Section,
    Table,
)
from vigil.programmes.models import GoodPractice, GoodPracticeTheme, Programme
from vigil.programmes.reports.common import (
    RosterNames,
    day,
    period,
    practice_part,
    redacted_document,
)
from vigil.programmes.selectors.reports import practices_to_share


def build_good_practice_report(
    programmes: Sequence[Programme], *, reader: Membership
) -> DocumentData:
    """Entries ready to share from `programmes`, by good-practice theme; public, redacted."""
    if not programmes:
        raise ValueError("Choose at least one programme.")
    if any(p.institution_id != reader.institution_id for p in programmes):
        raise ValueError("A report is built only from the reader's own programmes.")
    institution = reader.institution
    names = RosterNames.of_rosters(reader)
    chosen = sorted(programmes, key=lambda p: (p.starts_on, p.title, p.pk))
    titles = {p.pk: p.title for p in chosen}
    entries = list(practices_to_share(actor=reader, programmes=chosen))
    covered = Table(
        headers=[_("Programme"), _("Period"), _("Protection gap addressed"), _("Entries")],
        rows=[
            Row(
                [
                    names.runs(p.title),
                    [period(p.starts_on, p.ends_on)],
                    names.runs(p.protection_gap),
                    [str(sum(1 for e in entries if e.programme_id == p.pk))],
                ],
                source=f"programmes.programme:{p.pk}",
            )
            for p in chosen
        ],
        caption=_("Programmes covered"),
    )
    introduction = Section(
        _("About this report"),
        key="summary",
        blocks=[
            Paragraph(
                [
                    ngettext(
                        "%(n)s good practice that %(institution)s shares with its peers, "
                        "from the programmes below, grouped by good-practice theme.",
                        "%(n)s good practices that %(institution)s shares with its peers, "
                        "from the programmes below, grouped by good-practice theme.",
                        len(entries),
                    )
                    % {"n": len(entries), "institution": institution.name}
                ]
            ),
            covered,
        ],
    )
    by_theme: dict[str, list[GoodPractice]] = {}
    for entry in entries:
        known = [c for c in entry.practice_themes if c in GoodPracticeTheme.values]
        by_theme.setdefault(known[0] if known else "", []).append(entry)
    sections = [introduction]
    for code, label in [*GoodPracticeTheme.choices, ("", _("Other good practice"))]:
        if code not in by_theme:
            continue
        sections.append(
            Section(
                str(label),
                key="practice-theme",
                sections=[
                    practice_part(e, names, programme=titles.get(e.programme_id or 0, ""))
                    for e in by_theme[code]
                ],
            )
        )
    if not entries:
        introduction.blocks.append(
            Paragraph([_("None of these programmes has an entry ready to share.")], style="note")
        )
    return redacted_document(
        reader=reader,
        audience=Audience.PUBLIC,
        title=_("Good Practice Report"),
        subtitle=_("Lessons from prevention programmes, %(day)s")
        % {"day": day(timezone.localdate())},
        sections=sections,
    )


def good_practice_filename(fmt: str) -> str:
    return f"good-practice-report-{timezone.localdate().isoformat()}.{fmt}"
