"""The columns and rows of an XLSForm sheet, as Vigil reads them.

pyxform normalises each header (`process_header`); Vigil then maps it to a field
of its own, or marks it unsupported so the monitor learns which column to remove.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyxform.parsing.sheet_headers import process_header

from .errors import XLSFormProblem
from .model import FormElement

SURVEY = "survey"
CHOICES = "choices"
SETTINGS = "settings"


@dataclass(frozen=True)
class Column:
    """One header of a sheet and the field Vigil reads it into."""

    header: str  # as written in the workbook
    field: str | None  # None: not used by Vigil
    language: str | None = None  # None: no "::Language" suffix
    translated: bool = False
    tokens: tuple[str, ...] = ()  # as pyxform's process_header reads the header


@dataclass
class Row:
    """One row of a sheet: its texts by field, and the header each came from."""

    number: int
    values: dict[str, str] = field(default_factory=dict)  # simple field -> text
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # field -> header, for messages


@dataclass
class Frame:
    """An open group or repeat while the survey is read: names already used inside it."""

    element: FormElement | None  # None: the survey itself
    row: int | None
    names: dict[str, int] = field(default_factory=dict)
    kind: str = ""  # as the XLSForm wrote it: group, repeat or loop


SHEET_ORDER = {SETTINGS: 0, SURVEY: 1, CHOICES: 2}


def problem_order(problem: XLSFormProblem) -> tuple[int, int]:
    """Problems in the order a monitor reads the workbook: settings, survey, choices."""
    return (SHEET_ORDER.get(problem.sheet or "", 3), problem.row or 0)


def classify_headers(
    headers: Sequence[str],
    aliases_map: Mapping[str, Any],
    known: set[str],
    simple: Mapping[tuple[str, ...], str],
    translated: Mapping[tuple[str, ...], str],
) -> list[Column]:
    double_colon = any("::" in header for header in headers)
    columns: list[Column] = []
    for header in headers:
        _new, tokens = process_header(header, double_colon, aliases_map, known)
        if tokens in simple:
            columns.append(Column(header, simple[tokens]))
            continue
        for prefix, name in translated.items():
            if tokens[: len(prefix)] == prefix and len(tokens) - len(prefix) in (0, 1):
                language = tokens[len(prefix)] if len(tokens) > len(prefix) else None
                columns.append(Column(header, name, language or None, translated=True))
                break
        else:
            columns.append(Column(header, None, tokens=tuple(tokens)))
    return columns


def header_texts(sheet_header: Sequence[dict[str, Any]] | None) -> list[str]:
    return [str(header) for header in sheet_header[0]] if sheet_header else []


# Survey columns that change what ODK asks or stores, which the web checklist does not
# evaluate (pyxform's normalised header -> the XLSForm name shown to the monitor).
_COLLECT_ONLY_COLUMNS: dict[tuple[str, ...], str] = {
    ("choice_filter",): "choice_filter",
    ("bind", "calculate"): "calculation",
    ("control", "jr:count"): "repeat_count",
    ("trigger",): "trigger",
    ("bind", "readonly"): "read_only",
    ("bind", "entities:saveto"): "save_to",
}


def collect_only_construct(column: Column) -> str | None:
    """The construct a survey column Vigil does not use stands for, if ODK acts on it."""
    return _COLLECT_ONLY_COLUMNS.get(column.tokens[:2]) or _COLLECT_ONLY_COLUMNS.get(
        column.tokens[:1]
    )
