"""The form definition: a plain dataclass tree that survives JSON and XLSForm round trips."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
DATE = "date"
TIME = "time"
SELECT_ONE = "select_one"
SELECT_MULTIPLE = "select_multiple"
NOTE = "note"
GROUP = "group"
REPEAT = "repeat"

QUESTION_TYPES: tuple[str, ...] = (
    TEXT,
    INTEGER,
    DECIMAL,
    DATE,
    TIME,
    SELECT_ONE,
    SELECT_MULTIPLE,
)
SELECT_TYPES: tuple[str, ...] = (SELECT_ONE, SELECT_MULTIPLE)
CONTAINER_TYPES: tuple[str, ...] = (GROUP, REPEAT)
ELEMENT_TYPES: tuple[str, ...] = (*QUESTION_TYPES, NOTE, *CONTAINER_TYPES)

# pyxform's name for the language of columns written without "::Language".
DEFAULT_LANGUAGE = "default"
JSON_FORMAT = 1

Translations = dict[str, str]
Choice = tuple[str, Translations]

# How the `required` column may say yes or no; anything else is an expression.
REQUIRED_TRUE = frozenset({"yes", "true", "true()", "1"})
REQUIRED_FALSE = frozenset({"no", "false", "false()", "0", ""})


def required_value(value: bool | str) -> bool | str:
    """True, False or an expression, whichever way the form wrote it."""
    if isinstance(value, bool):
        return value
    lowered = value.strip().lower()
    if lowered in REQUIRED_TRUE:
        return True
    if lowered in REQUIRED_FALSE:
        return False
    return value.strip()


# Scripts written right to left, by language code (ISO 639-1 and -3).
RTL_CODES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku-arab", "ps", "sd", "ug", "ur", "yi", "prs"}
)
_LANGUAGE_CODE_RE = re.compile(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\)\s*$")


def language_code(language: str) -> str:
    """The code of an XLSForm language ("Arabic (ar)" -> "ar"); "" when it has none."""
    match = _LANGUAGE_CODE_RE.search(language)
    return match[1] if match else ""


def text_direction(language: str) -> str:
    """ "rtl" or "ltr" for a language with a code; "auto" (the browser decides) without."""
    code = language_code(language).lower()
    if not code:
        return "auto"
    return "rtl" if code in RTL_CODES or code.split("-")[0] in RTL_CODES else "ltr"


def _clean(translations: Translations) -> Translations:
    return {lang: text for lang, text in translations.items() if text}


@dataclass
class FormElement:
    """A question, note, group or repeat. `path` is set by the FormDefinition."""

    name: str
    type: str
    list_name: str | None = None
    labels: Translations = field(default_factory=dict)
    hints: Translations = field(default_factory=dict)
    guidance: Translations = field(default_factory=dict)
    required: bool | str = False
    required_messages: Translations = field(default_factory=dict)
    relevant: str = ""
    constraint: str = ""
    constraint_messages: Translations = field(default_factory=dict)
    default: str = ""
    appearance: str = ""
    children: list[FormElement] = field(default_factory=list)
    path: str = ""

    def __post_init__(self) -> None:
        if self.type not in ELEMENT_TYPES:
            raise ValueError(f"unknown element type {self.type!r}")
        self.required = required_value(self.required)
        self.labels = _clean(self.labels)
        self.hints = _clean(self.hints)
        self.guidance = _clean(self.guidance)
        self.required_messages = _clean(self.required_messages)
        self.constraint_messages = _clean(self.constraint_messages)

    @property
    def is_question(self) -> bool:
        return self.type in QUESTION_TYPES

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES

    def walk(self) -> Iterator[FormElement]:
        """This element, then its descendants in sheet order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def translations(self) -> Iterator[Translations]:
        yield from (
            self.labels,
            self.hints,
            self.guidance,
            self.required_messages,
            self.constraint_messages,
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "type": self.type, "path": self.path}
        if self.list_name is not None:
            data["list_name"] = self.list_name
        for key in (
            "labels",
            "hints",
            "guidance",
            "required_messages",
            "constraint_messages",
        ):
            if getattr(self, key):
                data[key] = dict(getattr(self, key))
        if self.required is not False:
            data["required"] = self.required
        for key in ("relevant", "constraint", "default", "appearance"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.children:
            data["children"] = [child.to_dict() for child in self.children]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FormElement:
        required = data.get("required", False)
        return cls(
            name=str(data["name"]),
            type=str(data["type"]),
            list_name=data.get("list_name"),
            labels=dict(data.get("labels", {})),
            hints=dict(data.get("hints", {})),
            guidance=dict(data.get("guidance", {})),
            required=required if isinstance(required, bool) else str(required),
            required_messages=dict(data.get("required_messages", {})),
            relevant=str(data.get("relevant", "")),
            constraint=str(data.get("constraint", "")),
            constraint_messages=dict(data.get("constraint_messages", {})),
            default=str(data.get("default", "")),
            appearance=str(data.get("appearance", "")),
            children=[cls.from_dict(child) for child in data.get("children", [])],
            path=str(data.get("path", "")),
        )


def initial_answers(elements: list[FormElement], base: str = "") -> dict[str, str]:
    """The `default` of each question of `elements` (through groups, not into repeats),
    keyed as answers are: by path, or relative to `base`, the repeat they belong to."""
    answers: dict[str, str] = {}
    for element in elements:
        if element.type == GROUP:
            answers.update(initial_answers(element.children, base))
        elif element.is_question and element.default:
            answers[element.path[len(base) + 1 :] if base else element.path] = element.default
    return answers


@dataclass(frozen=True)
class CollectOnly:
    """One construct the web checklist cannot evaluate, and where the workbook uses it."""

    construct: str  # as written in the XLSForm: "calculate", "choice_filter", "geopoint"...
    sheet: str | None = None
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"construct": self.construct, "sheet": self.sheet, "row": self.row}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CollectOnly:
        row = data.get("row")
        return cls(
            construct=str(data["construct"]),
            sheet=str(data["sheet"]) if data.get("sheet") else None,
            row=int(row) if row is not None else None,
        )


@dataclass
class FormDefinition:
    """A checklist as read from an XLSForm.

    `languages` always starts with `default_language`; element paths are
    "group/subgroup/question". `choices` maps a list name to (name, {language: label}).
    """

    form_id: str
    title: str
    version: str
    default_language: str = DEFAULT_LANGUAGE
    languages: list[str] = field(default_factory=list)
    elements: list[FormElement] = field(default_factory=list)
    choices: dict[str, list[Choice]] = field(default_factory=dict)
    # Metadata questions ODK fills by itself (name -> "start", "end", "today", "deviceid"...):
    # never asked of the monitor.
    metadata: dict[str, str] = field(default_factory=dict)
    # What keeps the form out of the web checklist, each where the workbook uses it;
    # such a form is filled in ODK Collect or Tella.
    collect_only: list[CollectOnly] = field(default_factory=list)
    # Columns Vigil does not use, listed in the import note.
    ignored_columns: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.choices = {
            list_name: [(str(name), _clean(dict(labels))) for name, labels in entries]
            for list_name, entries in self.choices.items()
        }
        seen = [self.default_language, *self.languages]
        for element in self.walk():
            for translations in element.translations():
                seen.extend(translations)
        for entries in self.choices.values():
            for _name, labels in entries:
                seen.extend(labels)
        self.languages = list(dict.fromkeys(seen))
        self.refresh_paths()

    def refresh_paths(self) -> None:
        """Recompute every element's path from its place in the tree."""

        def assign(elements: list[FormElement], prefix: str) -> None:
            for element in elements:
                element.path = f"{prefix}/{element.name}" if prefix else element.name
                assign(element.children, element.path)

        assign(self.elements, "")

    def collect_only_reasons(self) -> list[str]:
        """Where the form uses what keeps it from the web checklist, for the monitor."""
        from .errors import XLSFormProblem

        by_place: dict[tuple[str | None, int | None], list[str]] = {}
        for item in self.collect_only:
            by_place.setdefault((item.sheet, item.row), []).append(item.construct)
        return [
            str(XLSFormProblem(sheet, row, None, ", ".join(constructs)))
            for (sheet, row), constructs in by_place.items()
        ]

    def initial_answers(self) -> dict[str, str]:
        """The `default` of each question outside repeats, as ODK fills a new form."""
        return initial_answers(self.elements)

    @property
    def web_fillable(self) -> bool:
        """Whether the web checklist can evaluate the whole form."""
        return not self.collect_only

    def walk(self) -> Iterator[FormElement]:
        for element in self.elements:
            yield from element.walk()

    def questions(self) -> list[FormElement]:
        return [element for element in self.walk() if element.is_question]

    def find(self, path: str) -> FormElement | None:
        return next((element for element in self.walk() if element.path == path), None)

    def choice_names(self, list_name: str) -> list[str]:
        return [name for name, _labels in self.choices.get(list_name, [])]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": JSON_FORMAT,
            "form_id": self.form_id,
            "title": self.title,
            "version": self.version,
            "default_language": self.default_language,
            "languages": list(self.languages),
            "elements": [element.to_dict() for element in self.elements],
            "choices": {
                list_name: [[name, dict(labels)] for name, labels in entries]
                for list_name, entries in self.choices.items()
            },
            **({"metadata": dict(self.metadata)} if self.metadata else {}),
            **(
                {"collect_only": [item.to_dict() for item in self.collect_only]}
                if self.collect_only
                else {}
            ),
            **({"ignored_columns": list(self.ignored_columns)} if self.ignored_columns else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FormDefinition:
        if data.get("format", JSON_FORMAT) != JSON_FORMAT:
            raise ValueError(f"unsupported form definition format {data.get('format')!r}")
        return cls(
            form_id=str(data["form_id"]),
            title=str(data["title"]),
            version=str(data["version"]),
            default_language=str(data.get("default_language", DEFAULT_LANGUAGE)),
            languages=[str(lang) for lang in data.get("languages", [])],
            elements=[FormElement.from_dict(element) for element in data.get("elements", [])],
            choices={
                str(list_name): [(str(name), dict(labels)) for name, labels in entries]
                for list_name, entries in data.get("choices", {}).items()
            },
            metadata={str(k): str(v) for k, v in data.get("metadata", {}).items()},
            collect_only=[CollectOnly.from_dict(item) for item in data.get("collect_only", [])],
            ignored_columns=[str(header) for header in data.get("ignored_columns", [])],
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> FormDefinition:
        return cls.from_dict(json.loads(text))
