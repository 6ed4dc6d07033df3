"""The protection gaps PDF in print: the heat map coloured by band as on screen with a legend,
the table header repeated on each page, and no page that ends on a header row alone."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from vigil.core.redaction import redact
from vigil.risk.reports.gaps import gaps_document, render_pdf
from vigil.risk.selectors.gap_scope import GapsFilters
from vigil.risk.selectors.gaps import gaps_build
from vigil.risk.tests.test_gaps import TODAY, World

RUNNING = ("Internal document of Institution A", "Page ")


def _pdf(personas) -> tuple[bytes, list[str]]:  # type: ignore[no-untyped-def]
    gaps = gaps_build(actor=personas.analyst, filters=GapsFilters.from_params({}))
    document = redact(
        gaps_document(gaps, institution=personas.institution_a, audience="internal"),
        reader=personas.analyst,
        audience="internal",
    )
    return render_pdf(document, gaps.chart), [group.label for group in gaps.groups]


def _body_lines(content: bytes) -> list[list[str]]:
    """Each page's lines of text, without the running header and the page number."""
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")[:-1]
    return [
        [line.strip() for line in page.splitlines() if line.strip()
         and not line.strip().startswith(RUNNING)]
        for page in pages
    ]  # fmt: skip


def _colours(content: bytes, folder: Path) -> set[tuple[int, int, int]]:
    """The colours printed on the pages, from an image of each page."""
    (folder / "gaps.pdf").write_bytes(content)
    subprocess.run(
        ["/usr/bin/pdftoppm", "-r", "30", "-png", str(folder / "gaps.pdf"), str(folder / "page")],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    colours: set[tuple[int, int, int]] = set()
    for page in sorted(folder.glob("page*.png")):
        with Image.open(page) as image:
            counted = image.convert("RGB").getcolors(1 << 20) or []
            colours |= {(c[0], c[1], c[2]) for _n, c in counted if isinstance(c, tuple)}
    return colours


def _near(colours: set[tuple[int, int, int]], target: tuple[int, int, int]) -> bool:
    return any(sum(abs(a - b) for a, b in zip(c, target, strict=True)) < 12 for c in colours)


@pytest.mark.django_db
def test_the_heat_map_prints_in_colour_with_a_legend_and_breaks_pages_cleanly(
    personas, monkeypatch, tmp_path
):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    World(personas)
    content, groups = _pdf(personas)
    pages = _body_lines(content)
    text = " ".join(" ".join(page) for page in pages)
    assert "Colour: share of places where the factor contributes" in text
    for label in ("No place", "Under 25 %", "50 % to under 75 %", "75 % and more"):
        assert label in text
    first = next(n for n, page in enumerate(pages) if "Heat map" in page)
    after = next(n for n, page in enumerate(pages) if "Safeguards most often missing" in page)
    assert after > first  # the heat map runs onto a second page
    for page in pages:
        last = page[-1]
        # A page never ends on the table's header row or on a group's heading row alone.
        assert not last.startswith("Factor "), page
        assert last not in groups, page
    for page in pages[first + 1 : after + 1]:
        # The header row is repeated on every page the heat map runs onto.
        assert page[0].startswith("Factor "), page
    colours = _colours(content, tmp_path)
    # Band 3 (50 % to under 75 %) and band 4 (75 % and more), as on screen.
    assert _near(colours, (0xC2, 0x41, 0x0C)) and _near(colours, (0x7F, 0x1D, 0x1D))
