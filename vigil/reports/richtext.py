"""Narrative chapters are HTML from the editor; only a few tags survive, without attributes.

`sanitise` rebuilds the HTML from an allowlist (anything else is dropped, its text kept and
escaped), so what is stored can be shown as safe. `blocks` turns it into the paragraphs and
lists of a document (vigil.core.redaction).
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from vigil.core.redaction import Block, BulletList, Item, Paragraph

ALLOWED = frozenset({"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "h3"})
_VOID = frozenset({"br"})
_DROP_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})
MAX_LENGTH = 200_000


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_CONTENT:
            self.skipping += 1
        elif not self.skipping and tag in ALLOWED:
            self.out.append(f"<{tag}>")
            if tag not in _VOID:
                self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in _VOID:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_CONTENT:
            self.skipping = max(0, self.skipping - 1)
        elif not self.skipping and tag in self.open:
            while self.open:
                closing = self.open.pop()
                self.out.append(f"</{closing}>")
                if closing == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escape(data, quote=False))


def sanitise(html: str) -> str:
    parser = _Sanitiser()
    parser.feed(html[:MAX_LENGTH])
    parser.close()
    parser.out.extend(f"</{tag}>" for tag in reversed(parser.open))
    return "".join(parser.out).strip()


class _Blocks(HTMLParser):
    """Sanitised HTML to blocks: paragraphs and headings become paragraphs, lists lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.items: list[Item] | None = None
        self.ordered = False
        self.heading = False

    def _flush(self) -> None:
        text = " ".join("".join(self.text).split())
        self.text = []
        if not text:
            return
        if self.items is not None:
            self.items.append(Item([text]))
        else:
            self.blocks.append(Paragraph([text], style="lead" if self.heading else ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "h3", "li"}:
            self._flush()
            self.heading = tag == "h3"
        elif tag in {"ul", "ol"}:
            self._flush()
            self.items, self.ordered = [], tag == "ol"
        elif tag == "br":
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"p", "h3", "li"}:
            self._flush()
            self.heading = False
        elif tag in {"ul", "ol"} and self.items is not None:
            self._flush()
            if self.items:
                self.blocks.append(BulletList(self.items, ordered=self.ordered))
            self.items = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def blocks(html: str) -> list[Block]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks


def word_count(html: str) -> int:
    return sum(len(" ".join(_text(b)).split()) for b in blocks(html))


def _text(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [r for r in block.runs if isinstance(r, str)]
    if isinstance(block, BulletList):
        return [r for item in block.items for r in item.runs if isinstance(r, str)]
    return []
