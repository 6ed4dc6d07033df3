"""A pseudo-locale for tests: every message of Vigil's, Django's and allauth's catalogues,
bracketed, accented and lengthened by 40% ("[Ŵéļçömé ~~~~]"), placeholders and markup kept.

A hard-coded string shows up unbracketed in a page rendered in it, and a box too small for a
longer translation shows up as overflow (e2e/test_pseudo_locale_browser.py).
`python -m tools.pseudo_locale OUT_DIR` writes OUT_DIR/en_XA/LC_MESSAGES/django.mo.
"""

from __future__ import annotations

import ast
import math
import re
import subprocess
import sys
from pathlib import Path

CODE = "en-xa"
LOCALE = "en_XA"
SOURCE = "fr"  # any complete catalogue's msgids will do: French lists them all
ROOT = Path(__file__).resolve().parent.parent
_ACCENTS = str.maketrans(
    "abcdeghiklnorstuwyzABCDEGHIKLNORSTUWYZ", "áƀçđéĝĥíķļñöŕšţüŵýžÅßÇĐÉĜĤÍĶĻÑÖŔŠŢÜŴÝŽ"
)
# Placeholders, markup and entities pass through untouched.
_KEEP = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifrxX]|%[sdifr%]|\{[^{}]*\}|<[^>]+>|&\w+;")
_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def pseudo(text: str) -> str:
    """The pseudo-translation of one message."""
    if not text:
        return text
    out, last = [], 0
    for kept in _KEEP.finditer(text):
        out.append(text[last : kept.start()].translate(_ACCENTS))
        out.append(kept.group(0))
        last = kept.end()
    out.append(text[last:].translate(_ACCENTS))
    body = "".join(out)
    # msgfmt wants a message's leading and trailing newlines kept.
    leading = "\n" if body.startswith("\n") else ""
    trailing = "\n" if body.endswith("\n") else ""
    body = body.strip("\n")
    padding = "~" * max(1, math.ceil(len(body) * 0.4) - 2)
    return f"{leading}[{body} {padding}]{trailing}"


def _entries(po: str) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    field = ""
    for line in po.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            if current:
                entries.append(current)
                current, field = {}, ""
            continue
        if match := _FIELD.match(line):
            field = match.group(1)
            current[field] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and field:
            current[field] += ast.literal_eval(line)
    if current:
        entries.append(current)
    return [e for e in entries if e.get("msgid")]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def catalogues() -> list[Path]:
    import allauth
    import django

    roots = [ROOT / "vigil" / "locale", Path(django.__file__).parent, Path(allauth.__file__).parent]
    found = []
    for root in roots:
        found += sorted(root.glob(f"**/locale/{SOURCE}/LC_MESSAGES/django.po"))
        found += sorted(root.glob(f"{SOURCE}/LC_MESSAGES/django.po"))
    return found


def build(out_dir: Path) -> Path:
    seen: set[tuple[str, str]] = set()
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]  # fmt: skip
    for path in catalogues():
        for entry in _entries(path.read_text(encoding="utf-8")):
            key = (entry.get("msgctxt", ""), entry["msgid"])
            if key in seen:
                continue
            seen.add(key)
            if "msgctxt" in entry:
                lines.append(f"msgctxt {_quote(entry['msgctxt'])}")
            lines.append(f"msgid {_quote(entry['msgid'])}")
            if "msgid_plural" in entry:
                lines.append(f"msgid_plural {_quote(entry['msgid_plural'])}")
                lines.append(f"msgstr[0] {_quote(pseudo(entry['msgid']))}")
                lines.append(f"msgstr[1] {_quote(pseudo(entry['msgid_plural']))}")
            else:
                lines.append(f"msgstr {_quote(pseudo(entry['msgid']))}")
            lines.append("")
    # Shipped terms (vigil/core/shipped_strings.py), even before `make messages` extracts them.
    from vigil.core.shipped_strings import SHIPPED_TERMS

    for term in SHIPPED_TERMS:
        if ("", term) not in seen:
            seen.add(("", term))
            lines += [f"msgid {_quote(term)}", f"msgstr {_quote(pseudo(term))}", ""]
    folder = out_dir / LOCALE / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    po = folder / "django.po"
    po.write_text("\n".join(lines), encoding="utf-8")
    mo = folder / "django.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607
    return mo


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
