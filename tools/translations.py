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
import json
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


SHIPPED_STRINGS = LOCALE_DIR.parent / "core" / "shipped_strings.py"
# The English texts of checklists: the columns of the starter XLSForms that people read.
CHECKLIST_TEXTS = ("labels", "hints", "guidance", "required_messages", "constraint_messages")
ENGLISH_COLUMN = "English (en)"


def _checklist_texts() -> list[str]:
    from vigil.visits.xlsform import read_xlsform, starter_library

    texts: list[str] = []
    for filename, content in starter_library():
        definition = read_xlsform(content, filename)
        texts.append(definition.title)
        for element in definition.walk():
            for kind in CHECKLIST_TEXTS:
                translations = getattr(element, kind)
                texts.append(translations.get(ENGLISH_COLUMN) or translations.get("default", ""))
        for choices in definition.choices.values():
            for _name, labels in choices:
                texts.append(labels.get(ENGLISH_COLUMN) or labels.get("default", ""))
    return texts


def shipped_texts() -> list[str]:
    """Every English text of the data Vigil ships, in a stable order, each once."""
    _setup_django()
    from vigil.people.builtin import ILL_TREATMENT_TYPES
    from vigil.places.builtin import KINDS
    from vigil.risk.builtin import CATALOGUE
    from vigil.visits.builtin import STANDARDS, THEMES

    texts = [name for _code, name in KINDS]
    texts += [name for _code, name in THEMES]
    texts += [topic for _instrument, _reference, topic in STANDARDS]
    texts += [name for _code, name in ILL_TREATMENT_TYPES]
    for row in CATALOGUE:
        texts += [row[5], row[6]]
    texts += _checklist_texts()
    return list(dict.fromkeys(t for t in texts if t and t.strip()))


def shipped_module() -> str:
    lines = [
        "# ruff: noqa: E501",
        '"""Generated by `python -m tools.translations shipped`: do not edit.',
        "",
        "The English text of every term Vigil ships as data (kinds of place, themes, standards,",
        "types of ill-treatment, risk factors, starter checklists), declared so that",
        "`make messages` puts them in the catalogues; they are shown through",
        "vigil.core.terms.shipped_term.",
        '"""',
        "",
        "from django.utils.translation import gettext_noop as N_",
        "",
        "SHIPPED_TERMS = [",
    ]
    for text in shipped_texts():
        literal = json.dumps(text, ensure_ascii=False)
        line = f"    N_({literal}),"
        # As `ruff format` writes it, so the generated file needs no formatting.
        lines.extend([line] if len(line) <= 100 else ["    N_(", f"        {literal}", "    ),"])
    lines.append("]")
    return "\n".join(lines) + "\n"


# XLSForm names its language columns in English with the code: `label::French (fr)`.
COLUMN_LANGUAGES = {
    "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic", "mn": "Mongolian",
    "id": "Indonesian", "th": "Thai", "fil": "Filipino", "ko": "Korean",
}  # fmt: skip
_TEXT_COLUMN = re.compile(
    r"^(label|hint|guidance_hint|constraint_message|required_message)::English \(en\)$"
)


def fill_checklists() -> int:
    """Give each starter checklist a `<column>::Language (code)` column per shipped language,
    filled from the catalogues (blank where a text is not translated yet, so the form falls
    back to English): translators translate in one place, the .po files."""
    _setup_django()
    import openpyxl
    from django.utils import translation

    from vigil.visits.xlsform.starter import starter_checklists_folder

    for path in sorted(Path(str(starter_checklists_folder())).glob("*.xlsx")):
        book = openpyxl.load_workbook(path)
        for sheet in (book[name] for name in ("survey", "choices") if name in book.sheetnames):
            header = [cell.value for cell in sheet[1]]
            for column, title in enumerate(header, start=1):
                match = _TEXT_COLUMN.match(str(title or ""))
                if not match:
                    continue
                for code, name in COLUMN_LANGUAGES.items():
                    wanted = f"{match.group(1)}::{name} ({code})"
                    current = [str(c.value or "") for c in sheet[1]]
                    target = current.index(wanted) + 1 if wanted in current else len(current) + 1
                    sheet.cell(row=1, column=target, value=wanted)
                    with translation.override(code):
                        for row in range(2, sheet.max_row + 1):
                            english = sheet.cell(row=row, column=column).value
                            text = translation.gettext(english) if english else ""
                            value = text if text and text != english else None
                            sheet.cell(row=row, column=target, value=value)
        book.save(path)
        print(f"{path.name}: language columns filled")
    return 0


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vigil.settings_test")
    import django

    django.setup()


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
    commands.add_parser("shipped", help="write vigil/core/shipped_strings.py")
    commands.add_parser("checklists", help="fill the starter checklists' language columns")
    args = parser.parse_args(argv)
    if args.command == "languages":
        codes = shipped_languages()
        print(" ".join(f"-l {code}" for code in codes) if args.flags else " ".join(codes))
        return 0
    if args.command == "compile":
        return compile_catalogues()
    if args.command == "checklists":
        return fill_checklists()
    if args.command == "shipped":
        SHIPPED_STRINGS.write_text(shipped_module(), encoding="utf-8")
        print(f"{SHIPPED_STRINGS}: {len(shipped_texts())} texts")
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
