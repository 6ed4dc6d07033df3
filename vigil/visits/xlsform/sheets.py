"""Read the settings, choices and survey sheets of an XLSForm into Vigil's elements.

Every problem is collected with its sheet, row and column, so the monitor sees
them all at once (`SheetReader.problems`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _
from pyxform import aliases, constants
from pyxform.parsing.expression import is_xml_tag
from pyxform.parsing.sheet_headers import clean_text_values
from pyxform.question import MultipleChoiceQuestion, Option
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from pyxform.survey import Survey
from pyxform.utils import default_is_dynamic
from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL, RE_OSM, RE_SELECT
from pyxform.xls2json_backends import DefinitionData

from .columns import (
    CHOICES,
    SETTINGS,
    SURVEY,
    Column,
    Frame,
    Row,
    classify_headers,
    collect_only_construct,
    header_texts,
    problem_order,
)
from .errors import XLSFormError, XLSFormProblem
from .expression_budget import MAX_GROUP_NESTING
from .expression_checks import check_expressions
from .model import (
    DATE,
    DECIMAL,
    DEFAULT_LANGUAGE,
    GROUP,
    INTEGER,
    NOTE,
    QUESTION_TYPES,
    REPEAT,
    SELECT_MULTIPLE,
    SELECT_ONE,
    TEXT,
    TIME,
    Choice,
    CollectOnly,
    FormDefinition,
    FormElement,
)
from .values import type_problem

# Normalised header tokens (as pyxform's process_header returns them) -> our field.
_SURVEY_SIMPLE: dict[tuple[str, ...], str] = {
    ("type",): "type",
    ("name",): "name",
    ("default",): "default",
    ("control", "appearance"): "appearance",
    ("bind", "relevant"): "relevant",
    ("bind", "constraint"): "constraint",
    ("bind", "required"): "required",
}
_SURVEY_TRANSLATED: dict[tuple[str, ...], str] = {
    ("label",): "labels",
    ("hint",): "hints",
    ("guidance_hint",): "guidance",
    ("bind", "jr:requiredMsg"): "required_messages",
    ("bind", "jr:constraintMsg"): "constraint_messages",
}
_CHOICES_SIMPLE: dict[tuple[str, ...], str] = {("list name",): "list_name", ("name",): "name"}
_CHOICES_TRANSLATED: dict[tuple[str, ...], str] = {("label",): "labels"}
_SETTINGS_SIMPLE: dict[tuple[str, ...], str] = {
    ("id_string",): "form_id",
    ("title",): "title",
    ("version",): "version",
    ("default_language",): "default_language",
    ("allow_choice_duplicates",): "allow_choice_duplicates",
}
# Columns that only make sense on a question row.
_QUESTION_ONLY = frozenset(
    {"required", "required_messages", "constraint", "constraint_messages", "default"}
)

# The longest form_id and version a checklist can have (ChecklistTemplate, ChecklistVersion).
MAX_FORM_ID = 100
MAX_VERSION = 50
# The import note lists at most this many columns, and the page this many ODK-only places;
# a longer list ends with "…" (a hostile workbook must not grow the stored definition).
MAX_LISTED = 50
MAX_LISTED_TEXT = 100

# What pyxform's question types (QUESTION_TYPE_DICT: bind type, control tag) are on the web.
_WEB_TYPES: dict[tuple[str | None, str | None], str] = {
    ("string", "input"): TEXT,
    ("int", "input"): INTEGER,
    ("decimal", "input"): DECIMAL,
    ("date", "input"): DATE,
    ("time", "input"): TIME,
}
_NOTE_TYPES = frozenset({"note", "q note", "add note prompt"})
_CALCULATE_TYPES = frozenset({"calculate", "q calculate", "add calculate prompt"})
# Filled by ODK itself or by nobody; the web checklist does not ask them either.
_QUIET_TYPES = frozenset({"hidden", "audit"})
# The XLSForm kind of each container pyxform knows ("looped group" is a repeat).
_CONTAINER_KINDS = {constants.GROUP: GROUP, constants.REPEAT: REPEAT, constants.LOOP: "loop"}
_DATE_TIME_CELL_RE = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]00:00:00")
_TIME_CELL_RE = re.compile(r"(\d{2}:\d{2}):00")


TOO_MANY = CollectOnly("…")


class SheetReader:
    def __init__(
        self, data: DefinitionData, fallback_form_id: str = "", fallback_version: str = ""
    ) -> None:
        self.data = data
        self.fallback_form_id = fallback_form_id
        self.fallback_version = fallback_version
        self.problems: list[XLSFormProblem] = []
        self.rows_of: dict[int, Row] = {}  # id(element) -> its row
        self.metadata: dict[str, str] = {}
        self.collect_only: list[CollectOnly] = []
        self.ignored: dict[str, None] = {}  # headers Vigil does not use, in sheet order
        self.outside: set[str] = set()  # names of rows the web checklist does not show
        self.allow_duplicates = False  # the settings' allow_choice_duplicates

    def collect(self, construct: str, sheet: str | None = None, row: int | None = None) -> None:
        item = CollectOnly(construct[:MAX_LISTED_TEXT], sheet, row)
        if len(self.collect_only) >= MAX_LISTED:
            if self.collect_only[-1] != TOO_MANY:
                self.collect_only.append(TOO_MANY)
        elif item not in self.collect_only:
            self.collect_only.append(item)

    def ignore(self, sheet: str, header: str) -> None:
        if len(self.ignored) < MAX_LISTED:
            self.ignored.setdefault(f"{sheet}: {header[:MAX_LISTED_TEXT]}")
        else:
            self.ignored.setdefault("…")

    def problem(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(XLSFormProblem(sheet, row, column, message))

    # --- whole workbook -------------------------------------------------------------

    def read(self) -> FormDefinition:
        data = self.data
        for sheet in ("external_choices", "entities", "osm"):
            if getattr(data, sheet):
                self.collect(sheet, sheet)
        if not data.survey_header:
            self.problem(SURVEY, None, None, _("the survey sheet is missing or empty"))
            raise XLSFormError(self.problems)

        settings = self.read_settings()
        self.allow_duplicates = bool(
            aliases.yes_no.get(settings.get("allow_choice_duplicates", "no"), False)
        )
        survey_columns = classify_headers(
            header_texts(data.survey_header),
            aliases.survey_header,
            set(MultipleChoiceQuestion.get_slot_names()),
            _SURVEY_SIMPLE,
            _SURVEY_TRANSLATED,
        )
        choices_columns = classify_headers(
            header_texts(data.choices_header),
            aliases.list_header,
            set(Option.get_slot_names()),
            _CHOICES_SIMPLE,
            _CHOICES_TRANSLATED,
        )
        default_language = self.default_language(settings, survey_columns + choices_columns)
        languages = [default_language] + [
            column.language or default_language
            for column in survey_columns + choices_columns
            if column.translated
        ]
        if not any(column.field == "type" for column in survey_columns):
            self.problem(SURVEY, 1, None, _("the survey sheet has no 'type' column"))
            raise XLSFormError(self.problems)

        choices, choice_rows = self.read_choices(choices_columns, default_language)
        elements = self.read_survey(survey_columns, default_language, choices)
        self.check_choices_for_multiple(elements, choice_rows)
        check_expressions(
            elements,
            self.rows_of,
            self.problem,
            collect_only=lambda construct, row: self.collect(construct, SURVEY, row),
            outside=self.outside,
        )
        if self.problems:
            raise XLSFormError(sorted(self.problems, key=problem_order))
        return FormDefinition(
            form_id=settings["form_id"],
            title=settings.get("title") or settings["form_id"],
            version=settings["version"],
            default_language=default_language,
            languages=languages,
            elements=elements,
            choices=choices,
            metadata=self.metadata,
            collect_only=sorted(
                self.collect_only,
                key=lambda item: (
                    item == TOO_MANY,
                    problem_order(XLSFormProblem(item.sheet, item.row, None, "")),
                ),
            ),
            ignored_columns=list(self.ignored),
        )

    def default_language(self, settings: dict[str, str], columns: list[Column]) -> str:
        if settings.get("default_language"):
            return settings["default_language"]
        translated = [column for column in columns if column.translated]
        if not translated or any(column.language is None for column in translated):
            return DEFAULT_LANGUAGE
        return translated[0].language or DEFAULT_LANGUAGE

    def rows(
        self, sheet: str, raw_rows: Sequence[dict[str, str]] | None, columns: list[Column]
    ) -> list[Row]:
        by_header = {column.header: column for column in columns}
        rows: list[Row] = []
        for number, raw in enumerate(raw_rows or [], start=2):
            row = Row(number)
            for header, raw_value in raw.items():
                value = clean_text_values(str(raw_value), strip_whitespace=sheet == SURVEY)
                value = value.strip()
                column = by_header.get(header)
                if not value or column is None:
                    continue
                if column.field is None:
                    construct = collect_only_construct(column) if sheet == SURVEY else None
                    if construct:
                        self.collect(construct, sheet, number)
                    else:
                        self.ignore(sheet, column.header)
                    continue
                row.headers.setdefault(column.field, column.header)
                if column.translated:
                    language = column.language or ""
                    row.translations.setdefault(column.field, {})[language] = value
                else:
                    row.values[column.field] = value
            rows.append(row)
        return rows

    @staticmethod
    def languages_of(row: Row, field_name: str, default_language: str) -> dict[str, str]:
        texts = row.translations.get(field_name, {})
        result: dict[str, str] = {}
        # A column with an explicit language wins over the unsuffixed one (as in pyxform).
        if "" in texts:
            result[default_language] = texts[""]
        result.update({lang: text for lang, text in texts.items() if lang})
        return result

    # --- settings ------------------------------------------------------------------

    def read_settings(self) -> dict[str, str]:
        """The settings; form_id and version default as pyxform and ODK Central do them."""
        data = self.data
        defaults = {"form_id": self.fallback_form_id, "version": self.fallback_version}
        if not data.settings_header:
            return defaults
        columns = classify_headers(
            header_texts(data.settings_header),
            aliases.settings_header,
            set(Survey.get_slot_names()),
            _SETTINGS_SIMPLE,
            {},
        )
        rows = self.rows(SETTINGS, (data.settings or [])[:1], columns)
        settings = {**defaults, **(rows[0].values if rows else {})}
        for key, limit in (("form_id", MAX_FORM_ID), ("version", MAX_VERSION)):
            if len(settings[key]) > limit:
                self.problem(
                    SETTINGS,
                    2,
                    rows[0].headers.get(key) if rows else None,
                    _("%(setting)s may have at most %(limit)d characters")
                    % {"setting": key, "limit": limit},
                )
        return settings

    # --- choices -------------------------------------------------------------------

    def read_choices(
        self, columns: list[Column], default_language: str
    ) -> tuple[dict[str, list[Choice]], dict[tuple[str, str], int]]:
        choices: dict[str, list[Choice]] = {}
        choice_rows: dict[tuple[str, str], int] = {}
        if self.data.choices_header:
            present = {column.field for column in columns}
            for needed in ("list_name", "name"):
                if needed not in present:
                    self.problem(
                        CHOICES,
                        1,
                        None,
                        _("the '%(column)s' column is missing") % {"column": needed},
                    )
        for row in self.rows(CHOICES, self.data.choices, columns):
            list_name = row.values.get("list_name", "")
            name = row.values.get("name", "")
            if not (list_name or name):
                continue  # a stray label: pyxform skips a row without list_name too
            if not list_name:
                self.problem(CHOICES, row.number, None, _("the choice has no list_name"))
                continue
            if not name:
                self.problem(CHOICES, row.number, None, _("the choice has no name"))
                continue
            if (list_name, name) in choice_rows and self.allow_duplicates:
                # ODK shows each; the web checklist could not tell them apart.
                self.collect("allow_choice_duplicates", CHOICES, row.number)
                continue
            if (list_name, name) in choice_rows:
                self.problem(
                    CHOICES,
                    row.number,
                    row.headers.get("name"),
                    _("the choice '%(name)s' is already in list '%(list)s' (row %(row)d)")
                    % {"name": name, "list": list_name, "row": choice_rows[(list_name, name)]},
                )
                continue
            choice_rows[(list_name, name)] = row.number
            labels = self.languages_of(row, "labels", default_language)
            choices.setdefault(list_name, []).append((name, labels))
        return choices, choice_rows

    def check_choices_for_multiple(
        self, elements: list[FormElement], choice_rows: dict[tuple[str, str], int]
    ) -> None:
        lists = {
            element.list_name
            for top in elements
            for element in top.walk()
            if element.type == SELECT_MULTIPLE
        }
        for (list_name, name), number in choice_rows.items():
            if list_name in lists and re.search(r"\s", name):
                self.problem(
                    CHOICES,
                    number,
                    None,
                    _("the choice name '%(name)s' has a space, which select_multiple cannot store")
                    % {"name": name},
                )

    # --- survey --------------------------------------------------------------------

    def read_survey(
        self,
        columns: list[Column],
        default_language: str,
        choices: dict[str, list[Choice]],
    ) -> list[FormElement]:
        root = Frame(None, None)
        stack = [root]
        top: list[FormElement] = []
        repeat_rows: dict[str, int] = {}
        for row in self.rows(SURVEY, self.data.survey, columns):
            type_text = " ".join(row.values.get("type", "").split())
            type_text = aliases._type_alias_map.get(type_text, type_text)  # imei, image...
            if not type_text:
                if "name" in row.values or "labels" in row.translations:
                    self.problem(SURVEY, row.number, None, _("the row has no type"))
                continue
            end = RE_END_CONTROL.fullmatch(type_text)
            if end:
                self.end_container(row, _CONTAINER_KINDS[aliases.control[end["type"]]], stack)
                continue
            made = self.element_for(row, type_text, default_language, choices)
            if made is None:
                continue
            element, kind, specify_other = made
            frame = stack[-1]
            self.check_name(row, element, frame, top_level=frame is root)
            if element.type == REPEAT:
                if element.name in repeat_rows:
                    self.problem(
                        SURVEY,
                        row.number,
                        row.headers.get("name"),
                        _("the repeat name '%(name)s' is already used (row %(row)d)")
                        % {"name": element.name, "row": repeat_rows[element.name]},
                    )
                repeat_rows.setdefault(element.name, row.number)
            siblings = top if frame.element is None else frame.element.children
            siblings.append(element)
            self.rows_of[id(element)] = row
            if specify_other:
                other = self.specify_other(element, default_language, choices)
                self.check_name(row, other, frame, top_level=frame is root)
                siblings.append(other)
                self.rows_of[id(other)] = row
            if element.type in (GROUP, REPEAT):
                if len(stack) > MAX_GROUP_NESTING:
                    # Stop here: every later step walks the groups recursively.
                    self.problem(
                        SURVEY,
                        row.number,
                        row.headers.get("type"),
                        _("groups and repeats may be nested at most %(limit)d deep")
                        % {"limit": MAX_GROUP_NESTING},
                    )
                    raise XLSFormError(sorted(self.problems, key=problem_order))
                stack.append(Frame(element, row.number, kind=kind))
        for frame in reversed(stack[1:]):
            assert frame.element is not None
            self.problem(
                SURVEY,
                frame.row,
                None,
                _("'begin_%(kind)s' '%(name)s' has no matching 'end_%(kind)s'")
                % {"kind": frame.kind, "name": frame.element.name},
            )
        return top

    def specify_other(
        self, element: FormElement, default_language: str, choices: dict[str, list[Choice]]
    ) -> FormElement:
        """pyxform's `or_other`: an "other" choice and a text question shown when it is chosen."""
        entries = choices.get(element.list_name or "", [])
        if not any(name == "other" for name, _labels in entries):
            languages = {language for _name, labels in entries for language in labels}
            entries.append(("other", dict.fromkeys(languages or {default_language}, "Other")))
        return FormElement(
            name=f"{element.name}_other",
            type=TEXT,
            labels={default_language: "Specify other."},
            relevant=f"selected(${{{element.name}}}, 'other')",
        )

    def end_container(self, row: Row, kind: str, stack: list[Frame]) -> None:
        if len(stack) == 1:
            self.problem(
                SURVEY,
                row.number,
                None,
                _("'end_%(kind)s' has no matching 'begin_%(kind)s'") % {"kind": kind},
            )
            return
        current = stack[-1]
        assert current.element is not None
        if current.kind != kind:
            self.problem(
                SURVEY,
                row.number,
                None,
                _("'end_%(kind)s' closes 'begin_%(open)s' '%(name)s' (row %(row)d)")
                % {
                    "kind": kind,
                    "open": current.kind,
                    "name": current.element.name,
                    "row": current.row or 0,
                },
            )
        stack.pop()

    def resolve_type(
        self, row: Row, type_text: str, choices: dict[str, list[Choice]]
    ) -> tuple[str, str, str | None, bool] | None:
        """(Vigil type, XLSForm container kind, list name, or_other), as pyxform reads the type.

        Metadata and what the web checklist cannot show are recorded, and give None.
        """
        begin = RE_BEGIN_CONTROL.fullmatch(type_text)
        if begin:
            kind = _CONTAINER_KINDS[aliases.control[begin["type"]]]
            if kind == "loop":
                self.collect("begin loop", SURVEY, row.number)
                return GROUP, kind, None, False
            return kind, kind, None, False
        select = RE_SELECT.fullmatch(type_text)
        if select:
            command, list_name = select["select_command"], select["list_name"]
            canonical = aliases.select[command]
            if command in aliases.select_from_file or canonical not in (
                constants.SELECT_ONE,
                constants.SELECT_ALL_THAT_APPLY,
            ):
                construct = (
                    "select_one_from_file"
                    if command in aliases.select_from_file
                    else (canonical.replace(" ", "_"))
                )
                self.hide(row, construct)
                return None
            if list_name not in choices:
                self.problem(
                    SURVEY,
                    row.number,
                    None,
                    _("choice list '%(list)s' is not defined on the choices sheet")
                    % {"list": list_name},
                )
            element_type = SELECT_ONE if canonical == constants.SELECT_ONE else SELECT_MULTIPLE
            return element_type, "", list_name, select["specify_other"] is not None
        if RE_OSM.fullmatch(type_text):
            self.hide(row, "osm")
            return None
        if type_text in _NOTE_TYPES:
            return NOTE, "", None, False
        known = QUESTION_TYPE_DICT.get(type_text)
        if known is None:
            self.problem(
                SURVEY,
                row.number,
                None,
                _("question type '%(type)s' is not supported") % {"type": type_text},
            )
            return None
        bind = known.get("bind", {})
        if "jr:preload" in bind or type_text in _QUIET_TYPES:
            name = row.values.get("name", "")
            self.metadata[name] = bind.get("jr:preloadParams") or type_text
            self.outside.add(name)
            return None
        web_type = _WEB_TYPES.get((bind.get("type"), known.get("control", {}).get("tag")))
        if web_type is None:
            self.hide(row, "calculate" if type_text in _CALCULATE_TYPES else type_text)
            return None
        return web_type, "", None, False

    def hide(self, row: Row, construct: str) -> None:
        """A row the web checklist cannot show: the form is filled in ODK Collect."""
        self.collect(construct, SURVEY, row.number)
        self.outside.add(row.values.get("name", ""))

    def element_for(
        self,
        row: Row,
        type_text: str,
        default_language: str,
        choices: dict[str, list[Choice]],
    ) -> tuple[FormElement, str, bool] | None:
        resolved = self.resolve_type(row, type_text, choices)
        if resolved is None:
            return None
        element_type, kind, list_name, specify_other = resolved

        if element_type not in QUESTION_TYPES:
            for field_name in _QUESTION_ONLY:
                if field_name in row.headers:
                    self.problem(
                        SURVEY,
                        row.number,
                        row.headers[field_name],
                        _("%(column)s does not apply to '%(type)s' rows")
                        % {"column": row.headers[field_name], "type": type_text},
                    )

        name = row.values.get("name", "")
        if not name and element_type == NOTE:
            name = f"generated_note_name_{row.number}"  # pyxform's name for unnamed notes

        def texts(field_name: str) -> dict[str, str]:
            return self.languages_of(row, field_name, default_language)

        default = self.clean_default(row, element_type, list_name, choices)
        element = FormElement(
            name=name,
            type=element_type,
            list_name=list_name,
            labels=texts("labels"),
            hints=texts("hints"),
            guidance=texts("guidance"),
            required=row.values.get("required", ""),
            required_messages=texts("required_messages"),
            relevant=row.values.get("relevant", ""),
            constraint=row.values.get("constraint", ""),
            constraint_messages=texts("constraint_messages"),
            default=default,
            appearance=row.values.get("appearance", ""),
        )
        return element, kind, specify_other

    def clean_default(
        self,
        row: Row,
        element_type: str,
        list_name: str | None,
        choices: dict[str, list[Choice]],
    ) -> str:
        default = row.values.get("default", "")
        if not default or element_type not in QUESTION_TYPES:
            return default
        header = row.headers.get("default")
        if default_is_dynamic(default, element_type):
            # ODK computes it when the form opens; the web checklist does not.
            self.collect("dynamic default", SURVEY, row.number)
            return ""
        # Excel may store dates and times as such; pyxform renders them with seconds.
        if element_type == DATE and (match := _DATE_TIME_CELL_RE.fullmatch(default)):
            default = match[1]
        if element_type == TIME and (match := _TIME_CELL_RE.fullmatch(default)):
            default = match[1]
        probe = FormElement(name="probe", type=element_type, list_name=list_name)
        problem = type_problem(probe, default, choices)
        if problem:
            self.problem(
                SURVEY,
                row.number,
                header,
                _("default '%(value)s' is not valid: %(problem)s")
                % {"value": default, "problem": problem},
            )
        return default

    def check_name(self, row: Row, element: FormElement, frame: Frame, top_level: bool) -> None:
        header = row.headers.get("name")
        if not element.name:
            self.problem(SURVEY, row.number, None, _("the row has no name"))
            return
        if not is_xml_tag(element.name):
            self.problem(
                SURVEY,
                row.number,
                header,
                _(
                    "'%(name)s' is not a valid name: start with a letter or '_' and use only "
                    "letters, digits, '_', '-' and '.'"
                )
                % {"name": element.name},
            )
        if top_level and element.name == "meta":
            self.problem(SURVEY, row.number, header, _("the name 'meta' is reserved"))
        if element.name in frame.names:
            self.problem(
                SURVEY,
                row.number,
                header,
                _("the name '%(name)s' is already used in the same group (row %(row)d)")
                % {"name": element.name, "row": frame.names[element.name]},
            )
        else:
            frame.names[element.name] = row.number
