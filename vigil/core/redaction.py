"""The one redaction function that every document and export passes through.

A builder (the visit report, later thematic reports and exports) assembles a
`DocumentData`: sections of blocks (paragraphs, lists, tables, facts) whose text
is a list of runs. A run is plain text or a `Mention` of a person. Nothing
personal may sit in plain text: people are always `Mention`s, so that rules
can find them.

`redact(document, reader=, audience=)` copies the document and runs every
registered rule over the copy. A rule may decide how a mention appears
(`mention.disclose()`, `mention.show_as("P-014")`), and may drop any section,
block, list item or table row by the record it came from (`source`). Apps
register their rules in their `hooks.py`:

    hooks.register(hooks.REDACTION_RULE, consent_rule)     # vigil.people

Mentions no rule disclosed are withheld (pseudonym, else role), so a forgotten
rule hides a name rather than showing it. Renderers accept only redacted
documents, in which every mention has become plain text.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import ClassVar, TypeAlias

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vigil.core import hooks
from vigil.core.models import Membership


class Audience(models.TextChoices):
    """Who a document is for; rules decide what each may read."""

    INTERNAL = "internal", gettext_lazy("Internal: the institution only")
    AUTHORITIES = "authorities", gettext_lazy("Authorities: the confidential report")
    SPT = "spt", gettext_lazy("UN Subcommittee on Prevention of Torture (SPT)")
    PUBLIC = "public", gettext_lazy("Public")


def confidentiality_notice(audience: str, *, institution: str) -> str:
    """The line printed under a document's title and on every page."""
    notices = {
        Audience.INTERNAL: _("Internal document of %(institution)s: not for distribution."),
        Audience.AUTHORITIES: _(
            "Confidential: for the authorities concerned only; not for publication."
        ),
        Audience.SPT: _(
            "Confidential: for the UN Subcommittee on Prevention of Torture (OPCAT art. 20)."
        ),
        Audience.PUBLIC: _("Public version: personal details have been removed."),
    }
    return notices[Audience(audience)] % {"institution": institution}


# --- the shape of a document ---------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A person named in a document. Rules decide how they appear; renderers never see one.

    `named_as` is the text shown when the name may be shown (defaults to `name`, and may add
    context such as "Jane Doe (team leader)"); `role` and `pseudonym` stand in otherwise.
    """

    kind: str  # MENTION_STAFF, or a kind an app defines (the people app: "interviewee")
    name: str
    role: str = ""
    pseudonym: str = ""
    named_as: str = ""
    ref: str = ""  # the record the person is ("core.user:4"), for rules that look up consent
    shown: str | None = None  # what a rule decided; None until one does

    def disclose(self) -> Mention:
        """Show the name, unless an earlier rule already replaced it (the stricter rule wins)."""
        if self.shown is not None:
            return self
        return replace(self, shown=self.named_as or self.name)

    def show_as(self, text: str) -> Mention:
        return replace(self, shown=text)

    def withheld(self) -> str:
        return self.pseudonym or self.role or _("a person")


MENTION_STAFF = "staff"

Inline: TypeAlias = str | Mention
Runs: TypeAlias = list[Inline]


@dataclass
class Paragraph:
    kind: ClassVar[str] = "paragraph"  # for templates
    runs: Runs
    style: str = ""  # "" | "lead" | "note"
    source: str = ""  # the record it came from, "app.model:pk", so rules can drop it


@dataclass
class Item:
    runs: Runs
    source: str = ""


@dataclass
class BulletList:
    kind: ClassVar[str] = "list"  # for templates
    items: list[Item]
    title: str = ""
    ordered: bool = False
    source: str = ""


@dataclass
class Row:
    cells: list[Runs]
    source: str = ""
    # A style name per cell (e.g. the heat map's band), for printing only; never data.
    styles: list[str] = field(default_factory=list)

    def styled_cells(self) -> list[tuple[Runs, str]]:
        """Each cell with its style ("" when it has none), for templates."""
        styles = self.styles + [""] * (len(self.cells) - len(self.styles))
        return list(zip(self.cells, styles, strict=False))


@dataclass
class Table:
    kind: ClassVar[str] = "table"  # for templates
    headers: list[str]
    rows: list[Row]
    caption: str = ""
    source: str = ""


@dataclass
class Fact:
    label: str
    runs: Runs


@dataclass
class Facts:
    """Label: value pairs (severity, standards, dates)."""

    kind: ClassVar[str] = "facts"  # for templates
    facts: list[Fact]
    source: str = ""


Block: TypeAlias = Paragraph | BulletList | Table | Facts


@dataclass
class Section:
    title: str
    key: str = ""
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    source: str = ""


@dataclass
class Letterhead:
    institution: str
    country: str
    kind: str


@dataclass
class Cover:
    """What the first page of a letter-like document says: when, which file, to whom, and
    who signs at the end. Signatories are runs, so staff names follow the audience rules."""

    issued_on: str = ""
    reference: str = ""
    addressees: list[str] = field(default_factory=list)
    signatories: list[Runs] = field(default_factory=list)


@dataclass
class DocumentData:
    title: str
    letterhead: Letterhead
    confidentiality: str = ""
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    language: str = "en"
    cover: Cover | None = None
    # Set by `redact` only. Renderers refuse a document without it.
    redacted_for: str = ""

    def all_sections(self) -> Iterator[Section]:
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.sections))

    def all_runs(self) -> Iterator[Runs]:
        """Every run in reading order: the sections, then the signatures that close it."""
        for section in self.all_sections():
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    yield block.runs
                elif isinstance(block, BulletList):
                    yield from (item.runs for item in block.items)
                elif isinstance(block, Table):
                    yield from (cell for row in block.rows for cell in row.cells)
                else:
                    yield from (fact.runs for fact in block.facts)
        if self.cover is not None:
            yield from self.cover.signatories

    def map_mentions(self, decide: Callable[[Mention], Inline]) -> None:
        """Replace each mention, in place, by what `decide` returns (a mention or text)."""
        for runs in self.all_runs():
            for position, run in enumerate(runs):
                if isinstance(run, Mention):
                    runs[position] = decide(run)

    def drop(self, unwanted: Callable[[str], bool]) -> None:
        """Remove, in place, every section, block, list item and row whose source is unwanted."""

        def keep(source: str) -> bool:
            return not (source and unwanted(source))

        self.sections = [s for s in self.sections if keep(s.source)]
        for section in self.all_sections():
            section.sections = [s for s in section.sections if keep(s.source)]
            section.blocks = [b for b in section.blocks if keep(b.source)]
            for block in section.blocks:
                if isinstance(block, BulletList):
                    block.items = [i for i in block.items if keep(i.source)]
                elif isinstance(block, Table):
                    block.rows = [r for r in block.rows if keep(r.source)]


def plain_text(runs: Runs) -> str:
    """The text of redacted runs; a mention left in them is a bug, never printed."""
    for run in runs:
        if not isinstance(run, str):
            raise TypeError("Render only documents returned by redact().")
    return "".join(run for run in runs if isinstance(run, str))


def require_redacted(document: DocumentData) -> None:
    if not document.redacted_for:
        raise ValueError("This document did not pass through redact(); it cannot be rendered.")


# --- rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RedactionContext:
    reader: Membership
    audience: str


RedactionRule = Callable[[DocumentData, RedactionContext], None]


def redaction_rules() -> list[RedactionRule]:
    return hooks.get_hooks(hooks.REDACTION_RULE)


# Staff names are no secret to those who receive the confidential report or to the SPT.
STAFF_NAMED_FOR = frozenset({Audience.INTERNAL, Audience.AUTHORITIES, Audience.SPT})


def staff_names_by_audience(document: DocumentData, context: RedactionContext) -> None:
    """Team members are named for internal use, the authorities and the SPT; else their role."""

    def decide(mention: Mention) -> Inline:
        if mention.kind != MENTION_STAFF:
            return mention
        if context.audience in STAFF_NAMED_FOR:
            return mention.disclose()
        return mention.show_as(mention.role or _("a member of the team"))

    document.map_mentions(decide)


def _resolve(mention: Mention) -> Inline:
    return mention.shown if mention.shown is not None else mention.withheld()


def redact(document: DocumentData, *, reader: Membership, audience: str) -> DocumentData:
    """A copy of the document fit for `audience`, as read by `reader`; the input is not changed."""
    if audience not in Audience.values:
        raise ValueError(f"Unknown audience {audience!r}.")
    if document.redacted_for:
        raise ValueError("This document was already redacted; redact the original.")
    if not reader.is_active:
        raise ValueError("An inactive membership cannot read documents.")
    working = copy.deepcopy(document)
    context = RedactionContext(reader=reader, audience=audience)
    for rule in redaction_rules():
        rule(working, context)
    working.map_mentions(_resolve)
    working.redacted_for = audience
    return working


def redact_table(
    *, title: str, headers: list[str], rows: list[Row], reader: Membership, audience: str
) -> list[list[str]]:
    """Rows of an export after redaction: the same rules as documents, so consent holds.

    Rows whose source a rule drops disappear; mentions become what the reader may see.
    """
    document = DocumentData(
        title=title,
        letterhead=Letterhead(institution=reader.institution.name, country="", kind=""),
        sections=[Section(title=title, blocks=[Table(headers=headers, rows=rows)])],
    )
    redacted = redact(document, reader=reader, audience=audience)
    tables = [b for s in redacted.all_sections() for b in s.blocks if isinstance(b, Table)]
    return [[plain_text(cell) for cell in row.cells] for table in tables for row in table.rows]
