"""Merge the Korean web font's unicode-range parts into one file for PDFs.

WeasyPrint treats the parts of one family as one font and mixes up their glyphs, so PDFs use
this merged copy: `python -m tools.merge_korean_font` (about a minute; run again after
updating the vendored @fontsource/noto-sans-kr parts). Layout tables are dropped: Hangul
syllables are precomposed and need none.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "vigil/static/vendor/fonts/noto/korean"
MERGED = FOLDER / "noto-sans-kr-400-normal.woff2"


def main() -> int:
    from fontTools.merge import Merger, Options
    from fontTools.ttLib import TTFont

    parts = sorted(p for p in FOLDER.glob("noto-sans-kr-*-400-normal.woff2") if p != MERGED)
    with tempfile.TemporaryDirectory() as scratch:
        plain = []
        for part in parts:
            font = TTFont(part)
            font.flavor = None
            path = Path(scratch) / f"{part.stem}.ttf"
            font.save(path)
            plain.append(str(path))
        merger = Merger(options=Options(drop_tables=["vhea", "vmtx", "GSUB", "GPOS", "GDEF"]))
        merged = merger.merge(plain)
        merged.flavor = "woff2"
        merged.save(MERGED)
    print(f"{MERGED}: {len(parts)} parts, {MERGED.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
