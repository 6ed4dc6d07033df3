"""Translation catalogues: which languages Vigil ships, and how complete each one is.

`python -m tools.translations languages --flags` prints `-l fr -l es …` for makemessages;
`python -m tools.translations check` prints msgfmt's statistics per language and fails when a
shipped language has an untranslated or fuzzy message, or a catalogue msgfmt rejects.
`python -m tools.translations compile` compiles every catalogue whose .mo is missing or older
than its .po (the .mo files are build products, not committed): `make install`, `make run`,
`make test` and the test session itself call it, so a fresh clone speaks every language.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "vigil" / "locale"
SOURCE_LANGUAGE = "en"
_COUNT = re.compile(r"(\d+) (translated|fuzzy|untranslated)")


@dataclass(frozen=True)
class Completeness:
    language: str
    translated: int
    fuzzy: int
    untranslated: int

    @property
    def percent(self) -> float:
        total = self.translated + self.fuzzy + self.untranslated
        return 100.0 * self.translated / total if total else 0.0


def shipped_languages() -> list[str]:
    """The languages in settings.LANGUAGES that need a catalogue (all but the source)."""
    # The test settings carry throwaway keys, so the catalogues can be checked anywhere.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings_test")
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def completeness(language: str) -> Completeness:
    """msgfmt's own count, after its format checks (placeholders kept, plurals complete)."""
    catalogue = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    if not catalogue.exists():
        raise SystemExit(f"{language}: no catalogue at {catalogue}; run `make messages`.")
    result = subprocess.run(  # noqa: S603 - gettext's msgfmt on our own catalogue
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(catalogue)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{language}: msgfmt rejects the catalogue:\n{result.stderr}")
    counts = {kind: int(number) for number, kind in _COUNT.findall(result.stderr)}
    return Completeness(
        language,
        counts.get("translated", 0),
        counts.get("fuzzy", 0),
        counts.get("untranslated", 0),
    )


def stale_catalogues() -> list[Path]:
    """The .po files whose compiled .mo is missing or older."""
    stale = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(po)
    return stale


def compile_catalogues() -> int:
    """msgfmt each stale catalogue into a temporary file, then move it in place, so a reader
    (another test worker, a running server) never sees half a .mo."""
    for po in stale_catalogues():
        mo = po.with_suffix(".mo")
        partial = mo.with_suffix(f".mo.{os.getpid()}")
        result = subprocess.run(  # noqa: S603 - gettext's msgfmt on our own catalogue
            ["msgfmt", "--check-format", "-o", str(partial), str(po)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            print(f"{po}: msgfmt rejects the catalogue:\n{result.stderr}", file=sys.stderr)
            return 1
        partial.replace(mo)
    return 0


def check() -> int:
    failing = []
    for language in shipped_languages():
        found = completeness(language)
        print(
            f"{language:4} {found.percent:6.1f}%  {found.translated} translated, "
            f"{found.fuzzy} fuzzy, {found.untranslated} untranslated"
        )
        if found.fuzzy or found.untranslated:
            failing.append(language)
    if failing:
        print(f"Incomplete: {', '.join(failing)}. Translate them, then run `make messages`.")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.translations")
    commands = parser.add_subparsers(dest="command", required=True)
    languages = commands.add_parser("languages", help="print the shipped languages")
    languages.add_argument("--flags", action="store_true", help="as makemessages -l flags")
    commands.add_parser("check", help="completeness per language")
    commands.add_parser("compile", help="compile the catalogues whose .mo is stale")
    args = parser.parse_args(argv)
    if args.command == "languages":
        codes = shipped_languages()
        print(" ".join(f"-l {code}" for code in codes) if args.flags else " ".join(codes))
        return 0
    if args.command == "compile":
        return compile_catalogues()
    return check()


if __name__ == "__main__":
    sys.exit(main())
