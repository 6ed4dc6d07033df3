"""Reads for the import of UN recommendations: which rows are recommendations already
imported (or typed in by hand), the themes rows may name, and the check of a table.

A row is the same recommendation as one already known when it has the same mechanism,
document and paragraph or, when the row names no document or paragraph, the same mechanism
and the same text (case, spacing and punctuation aside).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

from vigil.core.dates import day
from vigil.core.imports import Rows
from vigil.core.models import Membership
from vigil.core.tabular import RowProblem
from vigil.recommendations.imports.cells import (
    RECOMMENDATION,
    IssuedOn,
    document_code,
    normalised_text,
    words,
)
from vigil.recommendations.models import Recommendation, Source, StatusUpdate
from vigil.recommendations.selectors.recommendations import batches
from vigil.visits.models import Theme

T = TypeVar("T")


def row_key(values: dict[str, Any]) -> tuple[str, ...]:
    if values.get("source_document") and values.get("paragraph"):
        return (
            "document",
            values["mechanism"],
            document_code(values["source_document"]),
            document_code(values["paragraph"]),
        )
    return ("text", values["mechanism"], normalised_text(values["text"]))


class RowIndex(Generic[T]):
    """Recommendations (or rows of the file) indexed by mechanism, document and paragraph,
    and by mechanism and text, to tell whether a row is one of them."""

    def __init__(self) -> None:
        self.by_document: dict[tuple[str, ...], T] = {}
        self.by_text: dict[tuple[str, ...], tuple[T, bool]] = {}

    def add(self, *, mechanism: str, document: str, paragraph: str, text: str, item: T) -> None:
        located = bool(document and paragraph)
        if located:
            key = ("document", mechanism, document_code(document), document_code(paragraph))
            self.by_document.setdefault(key, item)
        self.by_text.setdefault(("text", mechanism, normalised_text(text)), (item, located))

    def match(self, values: dict[str, Any]) -> T | None:
        key = row_key(values)
        same_text = self.by_text.get(("text", values["mechanism"], normalised_text(values["text"])))
        if key[0] == "text":
            return same_text[0] if same_text else None
        if key in self.by_document:
            return self.by_document[key]
        # Known before without its document or paragraph: the same text is the same one.
        return same_text[0] if same_text and not same_text[1] else None


# "CAT/C/MRD/CO/2, para. 12" or "… paragraph 12": the paragraph written into the symbol.
_PARAGRAPH_IN_SYMBOL = re.compile(
    r"^(?P<symbol>.+?)[,;]?\s*\b(?:paras?|paragraph)\.?\s*(?P<para>\S.*)$", re.I
)
# "118.25 Adopt a national plan… (Norway)": the UPR numbers its recommendations in the text.
_PARAGRAPH_IN_TEXT = re.compile(r"^(?P<para>\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=\w)")


def _located(values: dict[str, Any]) -> dict[str, Any]:
    """The row with its paragraph number where the file wrote it into the symbol or text."""
    if values.get("paragraph"):
        return values
    found = dict(values)
    symbol = _PARAGRAPH_IN_SYMBOL.match(values.get("source_document") or "")
    if symbol:
        found["source_document"], found["paragraph"] = symbol["symbol"], symbol["para"]
    elif numbered := _PARAGRAPH_IN_TEXT.match(values.get("text") or ""):
        found["paragraph"] = numbered["para"]
    return found


def recommendation_rows(rows: Rows) -> tuple[Rows, int]:
    """The rows that are recommendations (a UHRI export mixes in observations, concerns and
    positive aspects), with their paragraph numbers; and how many rows were left out."""
    kept = [
        (number, _located(values))
        for number, values in rows
        if values.get("row_type", RECOMMENDATION) in (RECOMMENDATION, None)
    ]
    return kept, len(rows) - len(kept)


def un_known(*, actor: Membership) -> RowIndex[Recommendation]:
    """The institution's recommendations of UN mechanisms, to match rows against."""
    index: RowIndex[Recommendation] = RowIndex()
    known = Recommendation.objects.for_actor(actor).filter(source=Source.UN_MECHANISM)
    for rec in known.order_by("pk"):
        index.add(
            mechanism=rec.mechanism,
            document=rec.source_document,
            paragraph=rec.paragraph,
            text=rec.text,
            item=rec,
        )
    return index


def theme_index(*, actor: Membership) -> dict[str, int]:
    """The themes a row may name, by code or name in `words` form."""
    index: dict[str, int] = {}
    for theme in Theme.objects.visible_to(actor):
        index.setdefault(words(theme.code.replace("_", " ")), theme.pk)
        index.setdefault(words(theme.name), theme.pk)
    return index


def theme_links(*, actor: Membership) -> set[tuple[int, int]]:
    """(recommendation, theme) of every theme linked to the institution's recommendations."""
    recommendations = Recommendation.objects.for_actor(actor).values("pk")
    links = Recommendation.themes.through.objects.filter(recommendation__in=recommendations)
    return set(links.values_list("recommendation_id", "theme_id"))


def followed_up(recommendation_ids: Iterable[int]) -> set[int]:
    """Those of the recommendations whose implementation has a history."""
    followed: set[int] = set()
    for batch in batches(list(recommendation_ids)):
        followed.update(
            StatusUpdate.objects.filter(recommendation_id__in=batch)
            .values_list("recommendation_id", flat=True)
            .distinct()
        )
    return followed


def un_import_problems(*, actor: Membership, rows: Rows) -> list[RowProblem]:
    """What refuses an import of UN recommendations, by row and column."""
    rows, _left_out = recommendation_rows(rows)
    today = timezone.localdate()
    known = un_known(actor=actor)
    problems: list[RowProblem] = []
    earlier_rows: RowIndex[int] = RowIndex()
    for number, values in rows:
        issued: IssuedOn | None = values.get("issued_on")
        if issued and issued.day > today:
            problems.append(RowProblem(number, "issued_on", _("The date is in the future.")))
        if not values.get("text") or not values.get("mechanism"):
            continue
        earlier = earlier_rows.match(values)
        if earlier is not None:
            column = "paragraph" if row_key(values)[0] == "document" else "text"
            problems.append(
                RowProblem(
                    number,
                    column,
                    _("Same recommendation as row %(row)s: a recommendation may appear once.")
                    % {"row": earlier},
                )
            )
            continue
        earlier_rows.add(
            mechanism=values["mechanism"],
            document=values.get("source_document") or "",
            paragraph=values.get("paragraph") or "",
            text=values["text"],
            item=number,
        )
        rec = known.match(values)
        if rec is not None and issued and rec.due_on and issued.day > rec.due_on:
            problems.append(
                RowProblem(
                    number,
                    "issued_on",
                    _("%(ref)s is due on %(due)s, before this date.")
                    % {"ref": rec.reference, "due": day(rec.due_on)},
                )
            )
    return problems
