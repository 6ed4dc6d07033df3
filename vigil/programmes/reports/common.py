"""What the programme report and the Good Practice Report share: their wording of dates and
numbers, the letterhead, the part of a good-practice entry, and the redaction of names.

Staff are mentions that redaction decides on (`MENTION_STAFF`); mentors are named inside the
institution and shown by their role elsewhere (`mentors_by_audience`, a redaction rule). No
participant of a training is ever named: every name and badge number on the institution's
training rosters becomes, wherever free text has it, a mention that no rule discloses, so
`redact` withholds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _

from vigil.core.dates import day as vigil_day
from vigil.core.models import Membership
from vigil.core.redaction import (
    Audience,
    Block,
    DocumentData,
    Fact,
    Facts,
    Letterhead,
    Mention,
    Paragraph,
    RedactionContext,
    Runs,
    Section,
    confidentiality_notice,
    redact,
)
from vigil.programmes.models import GoodPractice, GoodPracticeTheme
from vigil.programmes.selectors.reports import roster_words

MENTION_MENTOR = "mentor"
MENTION_PARTICIPANT = "training_participant"  # a roster name found in free text
_MIN_NAME = 3  # shorter roster values (initials) would match ordinary words


def mentors_by_audience(document: DocumentData, context: RedactionContext) -> None:
    """A programme's mentors are named inside the institution; elsewhere by their role.

    Participants of trainings are never disclosed by any rule, so they are always withheld.
    """

    def decide(mention: Mention) -> Mention:
        if mention.kind != MENTION_MENTOR:
            return mention
        if context.audience == Audience.INTERNAL:
            return mention.disclose()
        return mention.show_as(mention.role)

    document.map_mentions(decide)


# --- wording ---------------------------------------------------------------------------


def day(value: date) -> str:
    return vigil_day(value)


def number(value: Decimal | float | int | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return formats.number_format(round(value, 1), 1)
    return f"{Decimal(value).normalize():f}"


def period(starts_on: date, ends_on: date | None) -> str:
    if ends_on and ends_on != starts_on:
        return _("%(first)s to %(last)s") % {"first": day(starts_on), "last": day(ends_on)}
    if ends_on:
        return day(starts_on)
    return _("from %(first)s (open)") % {"first": day(starts_on)}


def redacted_document(
    *,
    reader: Membership,
    audience: str,
    title: str,
    subtitle: str,
    sections: list[Section],
) -> DocumentData:
    """A document of the reader's institution, in the language being spoken, redacted for
    `audience` as `reader` may read it."""
    institution = reader.institution
    document = DocumentData(
        title=title,
        letterhead=Letterhead(
            institution=institution.name,
            country=institution.country,
            kind=institution.get_kind_display(),
        ),
        confidentiality=confidentiality_notice(audience, institution=institution.name),
        subtitle=subtitle,
        sections=sections,
        language=translation.get_language() or "en",
    )
    return redact(document, reader=reader, audience=audience)


# --- names of participants ------------------------------------------------------------------


class RosterNames:
    """Roster names and badge numbers, turned into mentions wherever free text has them."""

    def __init__(self, values: Iterable[str]) -> None:
        words = sorted(
            {v.strip() for v in values if len(v.strip()) >= _MIN_NAME}, key=len, reverse=True
        )
        self.pattern = (
            re.compile(
                r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE
            )
            if words
            else None
        )

    @classmethod
    def of_rosters(cls, reader: Membership) -> RosterNames:
        return cls(roster_words(actor=reader))

    def runs(self, text: str) -> Runs:
        text = " ".join(text.split())
        if self.pattern is None:
            return [text]
        runs: Runs = []
        position = 0
        for match in self.pattern.finditer(text):
            if match.start() > position:
                runs.append(text[position : match.start()])
            runs.append(
                Mention(kind=MENTION_PARTICIPANT, name=match.group(0), role=_("[a participant]"))
            )
            position = match.end()
        if position < len(text):
            runs.append(text[position:])
        return runs or [""]

    def scrub(self, text: str) -> str:
        """For headings, which are plain text and cannot hold a mention: the name is replaced."""
        text = " ".join(text.split())
        if self.pattern is None:
            return text
        return self.pattern.sub(_("[a participant]"), text)

    def paragraphs(self, text: str, *, source: str = "") -> list[Block]:
        parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
        return [Paragraph(self.runs(part), source=source) for part in parts if part]


# --- good practice ----------------------------------------------------------------------


def _practice_theme_labels(codes: Sequence[str]) -> list[str]:
    labels = dict(GoodPracticeTheme.choices)
    return [str(labels[c]) for c in codes if c in labels]


def practice_part(entry: GoodPractice, names: RosterNames, *, programme: str = "") -> Section:
    """A good-practice entry: its themes, then what worked, in what context, the lessons."""
    facts = [
        Fact(
            _("Good-practice themes"),
            [", ".join(_practice_theme_labels(entry.practice_themes)) or "—"],
        )
    ]
    if programme:
        facts.insert(0, Fact(_("Programme"), names.runs(programme)))
    if entry.protection_gap:
        facts.append(Fact(_("Protection gap"), names.runs(entry.protection_gap)))
    topics = [t.name for t in entry.themes.all()]
    if topics:
        facts.append(Fact(_("Themes"), [", ".join(topics)]))
    blocks: list[Block] = [Facts(facts)]
    for label, text in (
        (_("What worked"), entry.what_worked),
        (_("In what context"), entry.context),
        (_("Lessons learned"), entry.lessons),
    ):
        if text.strip():
            blocks.append(Paragraph([label], style="lead"))
            blocks.extend(names.paragraphs(text))
    return Section(
        names.scrub(entry.title),
        key="practice",
        blocks=blocks,
        source=f"programmes.goodpractice:{entry.pk}",
    )
